// Confirm the owner's address: the mailed link opens this page, and only the button confirms
// (a mail scanner that fetches the link confirms nothing).

import { el, pageHeader, replaceChildren } from '../dom.js';
import { form, handleSubmit } from '../forms.js';

export default function render(container, ctx) {
  const token = ctx.query.get('token') || '';
  const card = el('section', { class: 'card auth-card' });
  const confirmForm = form('verify-form',
    el('button', { id: 'verify-submit', testid: 'verify-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Confirm my address'));

  handleSubmit(confirmForm, async () => {
    await ctx.api.post('/auth/verify-email', { token }, { public: true });
    replaceChildren(card, pageHeader('Address confirmed', 'Your account may send mail now.'),
      el('p', { id: 'verify-done', testid: 'verify-done', role: 'status' }, 'Thank you.'),
      el('p', { class: 'auth-switch' }, el('a', { href: '#/' }, 'Open NeuroMail')));
  });

  card.append(pageHeader('Confirm your address', 'Press the button to confirm that this address is yours.'), confirmForm);
  container.append(card);
}
