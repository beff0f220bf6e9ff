// Sign up: creates the account and its first user, then logs in with the same email and password.
// The sign-up answer is the same whether or not the address already has an account (its owner gets
// a mail instead), so the page says what the server says and then tries to log in.

import { ApiError } from '../api.js';
import { el, pageHeader, replaceChildren } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

export default async function render(container, ctx) {
  const card = el('section', { class: 'card auth-card' });
  container.append(card);

  let mode = 'verify-email';
  try {
    mode = (await ctx.api.get('/auth/signup', { public: true })).mode;
  } catch (error) {
    // The form still works; the server decides.
    console.warn('The sign-up mode could not be read', error);
  }
  if (ctx.signal.aborted) {
    return;
  }
  const loginLink = el('p', { class: 'auth-switch' }, 'Already have an account? ',
    el('a', { id: 'signup-login-link', testid: 'signup-login-link', href: '#/login' }, 'Log in'));

  if (mode === 'invite' || mode === 'closed') {
    card.append(pageHeader('Create your account', mode === 'invite'
      ? 'Accounts on this server are by invitation: ask its operator for an invitation link.'
      : 'This server does not take new accounts.'),
    el('p', { id: 'signup-unavailable', testid: 'signup-unavailable', dataset: { mode } }, 'Sign-up is not open here.'),
    loginLink);
    return;
  }

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
    const answer = await ctx.api.post('/auth/signup', body, { public: true });
    try {
      ctx.signedIn(await ctx.api.post('/auth/login', { email: body.email, password }, { public: true }));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      // Not signed in (the address may have had an account already): show what the server said.
      replaceChildren(card, pageHeader('Thank you', ''),
        el('p', { id: 'signup-done', testid: 'signup-done', role: 'status' }, answer.message),
        el('p', { class: 'auth-switch' }, el('a', { href: '#/login' }, 'Log in'), ' · ',
          el('a', { href: '#/reset-password' }, 'Forgot your password?')));
    }
  });

  card.append(pageHeader('Create your account', 'Start sending campaigns from your own server.'), signupForm, loginLink);
  signupForm.querySelector('#signup-email').focus();
}
