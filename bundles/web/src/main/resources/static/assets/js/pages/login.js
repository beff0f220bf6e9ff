// Log in: email and password; a Session answer signs the user in.

import { el, pageHeader } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

export default function render(container, ctx) {
  const loginForm = form('login-form',
    field({ id: 'login-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username', required: true }),
    field({ id: 'login-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true }),
    el('button', { id: 'login-submit', testid: 'login-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Log in'));

  handleSubmit(loginForm, async ({ email, password }) => {
    try {
      const session = await ctx.api.post('/auth/login', { email: email.trim(), password }, { public: true });
      ctx.signedIn(session);
    } catch (error) {
      // Whatever was wrong, the password has to be typed again.
      const input = loginForm.querySelector('#login-password');
      input.value = '';
      throw error;
    }
  });

  container.append(el('section', { class: 'card auth-card' },
    pageHeader('Log in', 'Welcome back. Log in to your NeuroMail account.'),
    loginForm,
    el('p', { class: 'auth-switch' },
      el('a', { id: 'login-reset-link', testid: 'login-reset-link', href: '#/reset-password' }, 'Forgot your password?')),
    el('p', { class: 'auth-switch' }, 'New to NeuroMail? ',
      el('a', { id: 'login-signup-link', testid: 'login-signup-link', href: '#/signup' }, 'Create an account'))));

  loginForm.querySelector('#login-email').focus();
}
