// Team: who works in this account and what each may do. Owners and admins invite people by mail,
// change roles and remove members; owners also decide whether everyone must use two-factor
// authentication. Every member can leave (but the last owner).

import { confirmAction } from '../confirm.js';
import { el, pageHeader, replaceChildren, time } from '../dom.js';
import { form, field, handleSubmit } from '../forms.js';

// What each role may do; the server enforces it on every request (see docs/security.md).
const ROLES = [
  ['viewer', 'Viewer', 'sees contacts, campaigns and reports; changes nothing'],
  ['editor', 'Editor', 'works with contacts and campaigns and sends them'],
  ['admin', 'Admin', 'also manages the team, API keys, sender addresses and settings'],
  ['owner', 'Owner', 'everything, including owners and the account’s security rules'],
];
const ROLE_NAMES = Object.fromEntries(ROLES.map(([id, name]) => [id, name]));

export default async function render(container, ctx) {
  const { api } = ctx;
  const me = ctx.session && ctx.session.account ? ctx.session.account.role : null;
  const manages = me === 'owner' || me === 'admin';

  const status = el('p', { id: 'team-status', testid: 'team-status', class: 'inline-status', role: 'status' });
  const problem = el('div', { id: 'team-error', testid: 'team-error', class: 'form-error', role: 'alert', hidden: true });

  function showProblem(error, what) {
    replaceChildren(problem, el('p', {}, `${what}: ${error.message}`));
    problem.hidden = false;
  }

  function assignable() {
    return ROLES.filter(([id]) => id !== 'owner' || me === 'owner');
  }

  function roleSelect(props, selected) {
    return el('select', props, assignable().map(([id, name]) =>
      el('option', { value: id, selected: id === selected }, name)));
  }

  // ---- members ----

  const memberRows = el('tbody', { id: 'team-members', testid: 'team-members' });
  const membersTable = el('table', { class: 'table', testid: 'team-members-table' },
    el('caption', { class: 'visually-hidden' }, 'Members of this account'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Email'),
      el('th', { scope: 'col' }, 'Role'),
      el('th', { scope: 'col' }, 'Two-factor'),
      el('th', { scope: 'col' }, 'Member since'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    memberRows);

  async function changeRole(member, select) {
    problem.hidden = true;
    try {
      await api.put(`/account/members/${encodeURIComponent(member.userId)}`, { role: select.value });
      status.textContent = `${member.email} is now ${ROLE_NAMES[select.value].toLowerCase()}.`;
      await load();
    } catch (error) {
      select.value = member.role;
      showProblem(error, `The role of ${member.email} could not be changed`);
    }
  }

  async function remove(member) {
    const confirmed = await confirmAction({
      title: `Remove ${member.email}?`,
      message: `${member.email} loses access to this account at once and is signed out of it. You can invite them again later.`,
      confirmLabel: 'Remove from team',
      danger: true,
    });
    if (!confirmed) {
      return;
    }
    problem.hidden = true;
    try {
      await api.del(`/account/members/${encodeURIComponent(member.userId)}`);
      status.textContent = `${member.email} has been removed from the team.`;
      await load();
    } catch (error) {
      showProblem(error, `${member.email} could not be removed`);
    }
  }

  function memberRow(member) {
    // Admins cannot change owners; nobody changes their own role here (an owner hands over first).
    const editable = manages && !member.you && (member.role !== 'owner' || me === 'owner');
    const roleCell = editable
      ? roleSelect({
        testid: 'team-member-role', 'aria-label': `Role of ${member.email}`,
        on: { change: (event) => changeRole(member, event.target) },
      }, member.role)
      : el('span', { testid: 'team-member-role-text' }, ROLE_NAMES[member.role] || member.role);
    return el('tr', { testid: 'team-member', dataset: { userId: member.userId, role: member.role } },
      el('td', {}, el('span', { testid: 'team-member-email' }, member.email),
        member.you ? [' ', el('span', { class: 'badge badge-active' }, 'You')] : null),
      el('td', {}, roleCell),
      el('td', { testid: 'team-member-2fa' }, member.twoFactor ? 'On' : 'Off'),
      el('td', {}, time(member.joinedAt)),
      el('td', { class: 'cell-actions' }, editable ? el('button', {
        type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'team-member-remove',
        'aria-label': `Remove ${member.email}`, on: { click: () => remove(member) },
      }, 'Remove') : null));
  }

  // ---- invitations ----

  const invitationRows = el('tbody', { id: 'team-invitations', testid: 'team-invitations' });
  const invitationsTable = el('table', { class: 'table', testid: 'team-invitations-table', hidden: true },
    el('caption', { class: 'visually-hidden' }, 'Invitations not yet accepted'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Email'),
      el('th', { scope: 'col' }, 'Role'),
      el('th', { scope: 'col' }, 'Sent'),
      el('th', { scope: 'col' }, 'Link works until'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    invitationRows);
  const noInvitations = el('p', { class: 'empty-state', testid: 'team-invitations-empty', hidden: true },
    manages ? 'No open invitations. Invite someone above: they get a link by mail that works for 7 days.'
      : 'No open invitations.');

  async function revoke(invitation) {
    problem.hidden = true;
    try {
      await api.del(`/account/members/invitations/${encodeURIComponent(invitation.id)}`);
      status.textContent = `The invitation to ${invitation.email} has been withdrawn; its link no longer works.`;
      await load();
    } catch (error) {
      showProblem(error, 'The invitation could not be withdrawn');
    }
  }

  function invitationRow(invitation) {
    return el('tr', { testid: 'team-invitation' },
      el('td', { testid: 'team-invitation-email' }, invitation.email),
      el('td', {}, ROLE_NAMES[invitation.role] || invitation.role),
      el('td', {}, time(invitation.invitedAt)),
      el('td', {}, time(invitation.expiresAt)),
      el('td', { class: 'cell-actions' }, manages ? el('button', {
        type: 'button', class: 'btn btn-secondary btn-small', testid: 'team-invitation-revoke',
        'aria-label': `Withdraw the invitation to ${invitation.email}`, on: { click: () => revoke(invitation) },
      }, 'Withdraw') : null));
  }

  // ---- the owners' rule ----

  const requireBox = el('input', {
    id: 'team-require-2fa', testid: 'team-require-2fa', type: 'checkbox', disabled: me !== 'owner',
    on: {
      change: async (event) => {
        const required = event.target.checked;
        problem.hidden = true;
        try {
          await api.put('/account/security', { requireTwoFactor: required });
          status.textContent = required
            ? 'Everyone must now use two-factor authentication. Members without it are asked to set it up before they can go on.'
            : 'Two-factor authentication is no longer required.';
          await load();
        } catch (error) {
          event.target.checked = !required;
          showProblem(error, 'The setting could not be changed');
        }
      },
    },
  });

  async function load() {
    const team = await api.get('/account/members');
    if (ctx.signal.aborted) {
      return;
    }
    replaceChildren(memberRows, (team.members || []).map(memberRow));
    const invitations = team.invitations || [];
    replaceChildren(invitationRows, invitations.map(invitationRow));
    invitationsTable.hidden = invitations.length === 0;
    noInvitations.hidden = invitations.length > 0;
    requireBox.checked = Boolean(team.requireTwoFactor);
    membersTable.dataset.loaded = 'true';
  }

  // ---- inviting ----

  const inviteForm = form('team-invite-form',
    field({
      id: 'team-invite-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'off', required: true,
      hint: 'They get a link by mail. It works once, for 7 days.',
    }),
    el('div', { class: 'field', dataset: { fieldFor: 'role' } },
      el('label', { for: 'team-invite-role' }, 'Role'),
      roleSelect({ id: 'team-invite-role', name: 'role', testid: 'team-invite-role', dataset: { field: 'role' },
        'aria-describedby': 'team-invite-role-hint team-invite-role-error' }, 'editor'),
      el('ul', { id: 'team-invite-role-hint', class: 'hint' },
        assignable().map(([, name, what]) => el('li', {}, el('strong', {}, name), ` — ${what}`))),
      el('p', { id: 'team-invite-role-error', class: 'field-error', testid: 'field-error', hidden: true })),
    el('div', { class: 'form-actions' },
      el('button', { id: 'team-invite-submit', testid: 'team-invite-submit', type: 'submit', class: 'btn btn-primary' },
        'Send invitation')));

  handleSubmit(inviteForm, async ({ email, role }) => {
    const invitation = await api.post('/account/members/invitations', { email: email.trim(), role });
    inviteForm.reset();
    inviteForm.querySelector('#team-invite-role').value = 'editor';
    status.textContent = `Invitation sent to ${invitation.email}.`;
    await load().catch((error) => showProblem(error, 'The team could not be loaded'));
  });

  // ---- leaving ----

  const leave = el('button', {
    id: 'team-leave', testid: 'team-leave', type: 'button', class: 'btn btn-danger-outline',
    on: {
      click: async () => {
        const confirmed = await confirmAction({
          title: 'Leave this account?',
          message: 'You lose access to this account at once. To come back, someone on the team must invite you again.',
          confirmLabel: 'Leave account',
          danger: true,
        });
        if (!confirmed) {
          return;
        }
        problem.hidden = true;
        try {
          await api.del('/account/members/me');
          // The session in this account has ended: the shell takes the user to the login page.
          location.reload();
        } catch (error) {
          showProblem(error, 'You could not leave the account');
        }
      },
    },
  }, 'Leave this account');

  container.append(
    pageHeader('Team', 'The people who work in this account, and what each of them may do.'),
    status,
    problem,
    manages ? el('section', { class: 'card', 'aria-labelledby': 'team-invite-title' },
      el('h2', { id: 'team-invite-title' }, 'Invite someone'),
      inviteForm) : null,
    el('section', { class: 'card', 'aria-labelledby': 'team-members-title' },
      el('h2', { id: 'team-members-title' }, 'Members'),
      el('div', { class: 'table-wrap' }, membersTable)),
    el('section', { class: 'card', 'aria-labelledby': 'team-invitations-title' },
      el('h2', { id: 'team-invitations-title' }, 'Open invitations'),
      el('div', { class: 'table-wrap' }, invitationsTable),
      noInvitations),
    el('section', { class: 'card', 'aria-labelledby': 'team-security-title' },
      el('h2', { id: 'team-security-title' }, 'Security rules'),
      el('div', { class: 'choice' }, requireBox, ' ',
        el('label', { for: 'team-require-2fa' }, 'Everyone in this account must use two-factor authentication')),
      el('p', { class: 'hint' }, me === 'owner'
        ? 'Set it up for yourself first on the Security page. Members without it can only set it up until they have.'
        : 'Only an owner can change this.')),
    el('section', { class: 'card', 'aria-labelledby': 'team-leave-title' },
      el('h2', { id: 'team-leave-title' }, 'Leave'),
      el('p', {}, 'Stop being a member of this account. The account and its data stay with the team.'),
      leave));

  try {
    await load();
  } catch (error) {
    if (error.status !== 401) {
      showProblem(error, 'The team could not be loaded');
    }
  }
}
