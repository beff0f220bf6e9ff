// The start page (#/home, and what #/ opens): how the account stands. Recent campaigns, the number
// of subscribed contacts, the next scheduled send; on a new account, the first steps in order.
//
// Each figure comes from the API of the feature that owns it. A feature that is not installed (its
// call answers 404) simply leaves its part out; any other failure is said where the figure would be.

import { ApiError } from '../api.js';
import { el, pageHeader, replaceChildren, time } from '../dom.js';

const STATUS_LABELS = {
  draft: 'Draft', scheduled: 'Scheduled', sending: 'Sending', paused: 'Paused', sent: 'Sent', cancelled: 'Cancelled',
};

/** The value of a settled call: { ok, value } when it answered, { missing } on 404, { error } otherwise. */
function outcome(settled) {
  if (settled.status === 'fulfilled') {
    return { ok: true, value: settled.value };
  }
  const error = settled.reason;
  if (error instanceof ApiError && error.status === 404) {
    return { missing: true };
  }
  return { error };
}

function figure(id, label, value, link) {
  return el('div', { class: 'home-figure card', id, testid: id },
    el('p', { class: 'home-figure-label muted' }, label),
    el('p', { class: 'home-figure-value', testid: `${id}-value` }, value),
    link || null);
}

function campaignPath(campaign) {
  return `#/campaigns/${encodeURIComponent(campaign.id)}`;
}

export default async function render(container, ctx) {
  const { api, signal } = ctx;
  const calls = await Promise.allSettled([
    api.get('/campaigns?sort=updated&size=5', { signal }),
    api.get('/campaigns?status=scheduled&sort=scheduled&size=1', { signal }),
    api.get('/contacts?status=subscribed&size=1', { signal }),
    api.get('/sender-identities', { signal }),
  ]);
  if (signal.aborted) {
    return;
  }
  const [recent, scheduled, contacts, identities] = calls.map(outcome);
  const accountName = (ctx.session.account && ctx.session.account.name) || '';

  // ---- first steps ----
  const hasSender = identities.ok && (identities.value.items.some((i) => i.status === 'verified')
    || (identities.value.preVerifiedDomains || []).length > 0);
  const hasContacts = contacts.ok && contacts.value.total > 0;
  const hasCampaign = recent.ok && recent.value.total > 0;
  const steps = [
    identities.ok && { id: 'home-step-sender', done: hasSender, href: '#/sender-identities', title: 'Verify a sender address',
      text: 'Add the address your mail comes from and confirm it with the link we send. Until then nothing can be sent from it.' },
    contacts.ok && { id: 'home-step-contacts', done: hasContacts, href: '#/import', title: 'Add contacts',
      text: 'Import a CSV file of the people who agreed to hear from you, or add them one by one on the Contacts page.' },
    recent.ok && { id: 'home-step-campaign', done: hasCampaign, href: '#/campaigns?new=1', title: 'Write a campaign',
      text: 'Start from a blank page or a template, check the preview and send yourself a test.' },
  ].filter(Boolean);
  const firstOpen = steps.find((s) => !s.done);
  const stepsCard = firstOpen ? el('section', { class: 'card', id: 'home-first-steps', testid: 'home-first-steps' },
    el('h2', {}, 'Get started'),
    el('ol', { class: 'home-steps' }, steps.map((step) => el('li', {
      class: ['home-step', step.done && 'is-done', step === firstOpen && 'is-next'],
      id: step.id, testid: 'home-step', dataset: { done: String(step.done) },
    },
    el('a', { href: step.href, class: 'home-step-link', testid: `${step.id}-link` }, step.title),
    step.done ? el('span', { class: 'badge badge-active home-step-done' }, 'Done') : null,
    el('p', { class: 'muted' }, step.text))))) : null;

  // ---- figures ----
  const figures = el('div', { class: 'home-figures' });
  if (!contacts.missing) {
    figures.append(figure('home-audience', 'Subscribed contacts',
      contacts.ok ? contacts.value.total.toLocaleString() : 'Not available right now',
      el('a', { href: '#/contacts?status=subscribed' }, 'See contacts')));
  }
  if (!scheduled.missing) {
    const next = scheduled.ok ? scheduled.value.items[0] : null;
    figures.append(figure('home-next-send', 'Next scheduled send',
      !scheduled.ok ? 'Not available right now'
        : next ? [time(next.scheduledAt), el('br'), el('a', { href: campaignPath(next), testid: 'home-next-send-link' }, next.name)]
          : 'Nothing scheduled'));
  }

  // ---- recent campaigns ----
  let recentCard = null;
  if (!recent.missing) {
    const body = el('div', { id: 'home-recent', testid: 'home-recent' });
    if (!recent.ok) {
      replaceChildren(body, el('p', { class: 'form-error', role: 'alert' }, `Campaigns could not be loaded: ${recent.error.message}`));
    } else if (recent.value.items.length === 0) {
      replaceChildren(body, el('div', { class: 'empty-state', id: 'home-recent-empty', testid: 'home-recent-empty' },
        el('p', {}, 'No campaigns yet.'),
        el('p', {}, el('a', { href: '#/campaigns?new=1', class: 'btn btn-primary' }, 'Write your first campaign'))));
    } else {
      replaceChildren(body, el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
        el('caption', { class: 'visually-hidden' }, 'Recently changed campaigns'),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Campaign'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Changed'))),
        el('tbody', {}, recent.value.items.map((c) => el('tr', { testid: 'home-recent-row', dataset: { campaignId: c.id } },
          el('td', {}, el('a', { href: campaignPath(c) }, c.name || 'Untitled campaign')),
          el('td', {}, el('span', { class: ['badge', `badge-${c.status}`] }, STATUS_LABELS[c.status] || c.status)),
          el('td', {}, time(c.updatedAt))))))),
      el('p', {}, el('a', { href: '#/campaigns' }, 'All campaigns')));
    }
    recentCard = el('section', { class: 'card' }, el('h2', {}, 'Recent campaigns'), body);
  }

  container.append(...[
    pageHeader(accountName ? `Welcome, ${accountName}` : 'Welcome', 'How your account stands today.'),
    stepsCard,
    figures.childElementCount ? figures : null,
    recentCard,
    !stepsCard && figures.childElementCount === 0 && !recentCard
      ? el('p', { class: 'empty-state' }, 'Nothing to show yet: the pages in the navigation are where to start.') : null,
  ].filter(Boolean));
}
