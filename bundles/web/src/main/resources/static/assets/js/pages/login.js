// Log in: email and password; a Session answer signs the user in. For a user with two-factor
// authentication the password answers a challenge instead, and a second step asks for the code
// from their app (or a recovery code) before the session exists.

import { el, pageHeader, replaceChildren } from '../dom.js';
import { field, form, handleSubmit, setFormError } from '../forms.js';

export default function render(container, ctx) {
  const card = el('section', { class: 'card auth-card' });
  container.append(card);

  function showPassword(message) {
    const loginForm = form('login-form',
      field({ id: 'login-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username', required: true }),
      field({ id: 'login-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true }),
      el('button', { id: 'login-submit', testid: 'login-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Log in'));

    handleSubmit(loginForm, async ({ email, password }) => {
      try {
        const answer = await ctx.api.post('/auth/login', { email: email.trim(), password }, { public: true });
        if (answer && answer.twoFactorRequired) {
          showSecondStep(answer, email.trim());
          return;
        }
        ctx.signedIn(answer);
      } catch (error) {
        // Whatever was wrong, the password has to be typed again.
        const input = loginForm.querySelector('#login-password');
        input.value = '';
        throw error;
      }
    });

    replaceChildren(card,
      pageHeader('Log in', 'Welcome back. Log in to your NeuroMail account.'),
      loginForm,
      el('p', { class: 'auth-switch' },
        el('a', { id: 'login-reset-link', testid: 'login-reset-link', href: '#/reset-password' }, 'Forgot your password?')),
      el('p', { class: 'auth-switch' }, 'New to NeuroMail? ',
        el('a', { id: 'login-signup-link', testid: 'login-signup-link', href: '#/signup' }, 'Create an account')));
    if (message) {
      setFormError(loginForm, message);
    }
    loginForm.querySelector('#login-email').focus();
  }

  function showSecondStep({ challenge }, email) {
    const codeForm = form('login-code-form',
      field({
        id: 'login-code', name: 'code', label: 'Code from your authenticator app', inputmode: 'numeric',
        autocomplete: 'one-time-code', maxlength: '40', required: true,
        hint: 'Lost your phone? Type one of your recovery codes instead.',
      }),
      el('button', { id: 'login-code-submit', testid: 'login-code-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Log in'));

    handleSubmit(codeForm, async ({ code }) => {
      try {
        const session = await ctx.api.post('/auth/login/2fa', { challenge, code: code.trim() }, { public: true });
        ctx.signedIn(session);
      } catch (error) {
        codeForm.querySelector('#login-code').value = '';
        if (error instanceof ctx.ApiError && error.status === 401) {
          // The few minutes for the code are over: start again with the password.
          showPassword('That took too long. Log in with your password again.');
          return;
        }
        throw error;
      }
    });

    replaceChildren(card,
      pageHeader('Two-factor authentication', `Enter the 6-digit code your authenticator app shows for ${email}.`),
      codeForm,
      el('p', { class: 'auth-switch' },
        el('a', {
          id: 'login-code-back', testid: 'login-code-back', href: '#/login',
          on: { click: (event) => { event.preventDefault(); showPassword(); } },
        }, 'Log in with another account')));
    codeForm.querySelector('#login-code').focus();
  }

  showPassword();
}
