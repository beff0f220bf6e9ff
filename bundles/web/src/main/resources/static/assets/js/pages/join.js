// Join a team: the page an invitation link opens. Opening it changes nothing; the button joins.
// Someone without a NeuroMail login chooses a password; someone with one joins while signed in
// with the invited address.

import { el, pageHeader, replaceChildren } from '../dom.js';
import { field, form, handleSubmit, setFieldError } from '../forms.js';

const ROLE_WORDS = {
  viewer: 'a viewer (you can see contacts, campaigns and reports)',
  editor: 'an editor (you can work with contacts and campaigns and send them)',
  admin: 'an admin (you can also manage the team, API keys and settings)',
  owner: 'an owner (you can do everything)',
};

export default async function render(container, ctx) {
  const token = ctx.query.get('token') || '';
  const card = el('section', { class: 'card auth-card', testid: 'join-card' });
  container.append(card);

  let preview;
  try {
    preview = await ctx.api.post('/auth/join/preview', { token }, { public: true });
  } catch (error) {
    replaceChildren(card, pageHeader('This invitation cannot be used'),
      el('p', { testid: 'join-problem', role: 'alert' }, error.message),
      el('p', {}, 'Ask the person who invited you for a new invitation.'));
    return;
  }
  const offer = el('p', { testid: 'join-offer' }, 'You are invited to join ', el('strong', {}, preview.accountName),
    ` as ${ROLE_WORDS[preview.role] || preview.role}.`);
  const problem = el('p', { testid: 'join-problem', class: 'form-error', role: 'alert', hidden: true });

  if (preview.hasLogin) {
    const join = el('button', {
      id: 'join-submit', testid: 'join-submit', type: 'button', class: 'btn btn-primary btn-block',
      on: {
        click: async () => {
          problem.hidden = true;
          join.disabled = true;
          try {
            ctx.signedIn(await ctx.api.post('/auth/join', { token }, { public: true }));
          } catch (error) {
            join.disabled = false;
            problem.textContent = error.status === 409
              ? `Log in as ${preview.email} first, then open the link in the invitation again.`
              : error.message;
            problem.hidden = false;
          }
        },
      },
    }, `Join ${preview.accountName}`);
    replaceChildren(card, pageHeader('Join a team', `The invitation is for ${preview.email}, which has a NeuroMail login.`),
      offer, problem, join,
      el('p', { class: 'hint' }, 'Not signed in as ', el('strong', {}, preview.email), '? ',
        el('a', { href: '#/login' }, 'Log in'), ', then open the link in the invitation again.'));
    return;
  }

  const joinForm = form('join-form',
    field({
      id: 'join-password', name: 'password', label: 'Choose a password', type: 'password', autocomplete: 'new-password',
      required: true, hint: '12 to 128 characters. Common and breached passwords are refused.',
    }),
    field({ id: 'join-confirm', name: 'confirmPassword', label: 'Repeat the password', type: 'password', autocomplete: 'new-password', required: true }),
    el('button', { id: 'join-submit', testid: 'join-submit', type: 'submit', class: 'btn btn-primary btn-block' },
      `Join ${preview.accountName}`));
  handleSubmit(joinForm, async ({ password, confirmPassword }) => {
    if (password !== confirmPassword) {
      setFieldError(joinForm, 'confirmPassword', 'The two passwords are not the same.');
      return;
    }
    ctx.signedIn(await ctx.api.post('/auth/join', { token, password }, { public: true }));
  });
  replaceChildren(card, pageHeader('Join a team', `You will log in as ${preview.email}.`), offer, joinForm);
}
