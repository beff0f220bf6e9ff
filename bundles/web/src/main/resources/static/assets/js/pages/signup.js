// Sign up: creates the account and its first user, and signs them in.

import { el, pageHeader } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

export default function render(container, ctx) {
  const signupForm = form('signup-form',
    field({ id: 'signup-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }),
    field({
      id: 'signup-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password',
      required: true, hint: '12 to 128 characters. Common and breached passwords are refused.',
    }),
    field({
      id: 'signup-account-name', name: 'accountName', label: 'Company or team name (optional)',
      autocomplete: 'organization',
    }),
    el('button', { id: 'signup-submit', testid: 'signup-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Create account'));

  handleSubmit(signupForm, async ({ email, password, accountName }) => {
    const body = { email: email.trim(), password };
    if (accountName.trim()) {
      body.accountName = accountName.trim();
    }
    ctx.signedIn(await ctx.api.post('/auth/signup', body, { public: true }));
  });

  container.append(el('section', { class: 'card auth-card' },
    pageHeader('Create your account', 'Start sending campaigns from your own server.'),
    signupForm,
    el('p', { class: 'auth-switch' }, 'Already have an account? ',
      el('a', { id: 'signup-login-link', testid: 'signup-login-link', href: '#/login' }, 'Log in'))));

  signupForm.querySelector('#signup-email').focus();
}
