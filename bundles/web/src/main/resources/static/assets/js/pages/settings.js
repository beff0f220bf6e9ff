// Account settings: who is signed in, and changing the password.

import { el, pageHeader } from '../dom.js';
import { field, form, handleSubmit, setFieldError } from '../forms.js';

export default function render(container, ctx) {
  const { user, account } = ctx.session;

  const success = el('p', { id: 'settings-password-success', testid: 'settings-password-success', class: 'success-message', role: 'status', hidden: true },
    'Your password has been changed. Every other session of your account has been logged out.');

  const passwordForm = form('settings-password-form',
    // For password managers: which account the new password belongs to.
    el('input', { type: 'email', name: 'username', autocomplete: 'username', value: user.email || '', hidden: true, readonly: true, tabindex: '-1' }),
    field({ id: 'settings-current-password', name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true }),
    field({
      id: 'settings-new-password', name: 'newPassword', label: 'New password', type: 'password', autocomplete: 'new-password',
      required: true, hint: '12 to 128 characters. Common and breached passwords are refused.',
    }),
    field({ id: 'settings-confirm-password', name: 'confirmPassword', label: 'Repeat the new password', type: 'password', autocomplete: 'new-password', required: true }),
    el('div', { class: 'form-actions' },
      el('button', { id: 'settings-password-submit', testid: 'settings-password-submit', type: 'submit', class: 'btn btn-primary' }, 'Change password')),
    success);

  handleSubmit(passwordForm, async ({ currentPassword, newPassword, confirmPassword }) => {
    success.hidden = true;
    if (newPassword !== confirmPassword) {
      setFieldError(passwordForm, 'confirmPassword', 'The two new passwords are not the same.');
      passwordForm.querySelector('#settings-confirm-password').focus();
      return;
    }
    await ctx.api.put('/account/password', { currentPassword, newPassword });
    passwordForm.reset();
    success.hidden = false;
  });

  container.append(
    pageHeader('Settings', 'Your account and how you sign in.'),
    el('section', { class: 'card', 'aria-labelledby': 'settings-account-title' },
      el('h2', { id: 'settings-account-title' }, 'Account'),
      el('dl', { class: 'details-list' },
        el('dt', {}, 'Email'),
        el('dd', { id: 'settings-email', testid: 'settings-email' }, user.email || ''),
        el('dt', {}, 'Account'),
        el('dd', { id: 'settings-account-name', testid: 'settings-account-name' }, account.name || '—')),
      account.maySend === false ? unconfirmed(ctx) : null),
    el('section', { class: 'card', 'aria-labelledby': 'settings-password-title' },
      el('h2', { id: 'settings-password-title' }, 'Change password'),
      passwordForm));
}

/** While the owner's address is not confirmed: say so, and mail the link again on request. */
function unconfirmed(ctx) {
  const status = el('p', { id: 'settings-verification-status', testid: 'settings-verification-status', class: 'inline-status', role: 'status' });
  const resend = form('settings-verification-form',
    el('p', {}, 'Your address is not confirmed yet: nothing is sent from this account until you open the link we mailed you.'),
    el('button', { id: 'settings-verification-resend', testid: 'settings-verification-resend', type: 'submit', class: 'btn btn-secondary' }, 'Mail the link again'),
    status);
  handleSubmit(resend, async () => {
    await ctx.api.post('/account/verification');
    status.textContent = `We mailed a new link to ${ctx.session.user.email}.`;
  });
  return resend;
}
