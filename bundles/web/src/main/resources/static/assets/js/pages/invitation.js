// Accept an invitation (made by the operator with neuromail:account-create): choose a password;
// the account is created and signed in.

import { el, pageHeader } from '../dom.js';
import { field, form, handleSubmit, setFieldError } from '../forms.js';

export default function render(container, ctx) {
  const token = ctx.query.get('token') || '';
  const acceptForm = form('invitation-form',
    field({
      id: 'invitation-password', name: 'password', label: 'Choose a password', type: 'password', autocomplete: 'new-password',
      required: true, hint: '12 to 128 characters. Common and breached passwords are refused.',
    }),
    field({ id: 'invitation-confirm', name: 'confirmPassword', label: 'Repeat the password', type: 'password', autocomplete: 'new-password', required: true }),
    el('button', { id: 'invitation-submit', testid: 'invitation-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Create my account'));
  handleSubmit(acceptForm, async ({ password, confirmPassword }) => {
    if (password !== confirmPassword) {
      setFieldError(acceptForm, 'confirmPassword', 'The two passwords are not the same.');
      return;
    }
    ctx.signedIn(await ctx.api.post('/auth/invitation', { token, password }, { public: true }));
  });
  container.append(el('section', { class: 'card auth-card' },
    pageHeader('Accept your invitation', 'Choose the password of your new NeuroMail account.'), acceptForm));
}
