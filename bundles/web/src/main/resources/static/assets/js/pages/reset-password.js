// Password reset: without a token, ask for a link by email; with the token of a mailed link, set a
// new password (every session of the user ends).

import { el, pageHeader, replaceChildren } from '../dom.js';
import { field, form, handleSubmit, setFieldError } from '../forms.js';

export default function render(container, ctx) {
  const token = ctx.query.get('token');
  const card = el('section', { class: 'card auth-card' });
  container.append(card);
  const loginLink = el('p', { class: 'auth-switch' }, el('a', { href: '#/login' }, 'Back to log in'));

  if (!token) {
    const requestForm = form('reset-request-form',
      field({ id: 'reset-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }),
      el('button', { id: 'reset-request-submit', testid: 'reset-request-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Mail me a link'));
    handleSubmit(requestForm, async ({ email }) => {
      const answer = await ctx.api.post('/auth/password-reset', { email: email.trim() }, { public: true });
      replaceChildren(card, pageHeader('Check your inbox', ''),
        el('p', { id: 'reset-requested', testid: 'reset-requested', role: 'status' }, answer.message), loginLink);
    });
    card.append(pageHeader('Reset your password', 'We mail you a link to choose a new password.'), requestForm, loginLink);
    requestForm.querySelector('#reset-email').focus();
    return;
  }

  const resetForm = form('reset-form',
    field({
      id: 'reset-password', name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password',
      required: true, hint: '12 to 128 characters. Common and breached passwords are refused.',
    }),
    field({ id: 'reset-confirm', name: 'confirmPassword', label: 'Repeat the new password', type: 'password', autocomplete: 'new-password', required: true }),
    el('button', { id: 'reset-submit', testid: 'reset-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Set the new password'));
  handleSubmit(resetForm, async ({ password, confirmPassword }) => {
    if (password !== confirmPassword) {
      setFieldError(resetForm, 'confirmPassword', 'The two passwords are not the same.');
      return;
    }
    await ctx.api.post('/auth/password-reset/confirm', { token, password }, { public: true });
    replaceChildren(card, pageHeader('Password changed', 'Every session of your account has been logged out.'),
      el('p', { id: 'reset-done', testid: 'reset-done', role: 'status' }, 'Log in with your new password.'),
      el('p', { class: 'auth-switch' }, el('a', { href: '#/login' }, 'Log in')));
  });
  card.append(pageHeader('Choose a new password', 'The link works once, for 30 minutes.'), resetForm, loginLink);
}
