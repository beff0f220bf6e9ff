// The start page (#/home, and what #/ opens): how the account stands. The number of subscribed
// contacts, the next scheduled send, the latest campaigns side by side with their rates, the audience
// over the last 90 days as a chart, recently changed campaigns; on a new account, the first steps.
//
// Each figure comes from the API of the feature that owns it. A feature that is not installed (its
// call answers 404) simply leaves its part out; any other failure is said where the figure would be.

import { ApiError } from '../api.js';
import { timeChart } from '../charts.js';
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

/** A rate (0.25) as "25.0 %", or a dash where there was nothing to divide by. */
function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/** A rate with a bar beside it (a <meter>: drawn by the browser, no style attribute needed). */
function rateCell(rate, label) {
  return el('td', { class: 'home-rate' },
    rate === null || rate === undefined ? null : el('meter', { min: '0', max: '1', value: String(rate), 'aria-hidden': 'true' }),
    el('span', { 'aria-label': `${label}: ${percent(rate)}` }, percent(rate)));
}

/** "Your audience": contacts by status now and, per day, who joined and who left, as a chart. */
function audienceCard(audience) {
  const body = el('div', { id: 'home-growth', testid: 'home-growth' });
  const card = el('section', { class: 'card' }, el('h2', {}, 'Your audience'), body);
  if (!audience.ok) {
    replaceChildren(body, el('p', { class: 'form-error', role: 'alert' }, `The audience could not be loaded: ${audience.error.message}`));
    return { card, draw: null };
  }
  const a = audience.value;
  const sum = (field) => a.days.reduce((n, d) => n + d[field], 0);
  const added = sum('added');
  const left = sum('unsubscribed') + sum('bounced') + sum('complained');
  replaceChildren(body,
    el('p', { class: 'muted', testid: 'home-growth-summary' },
      `In the last ${a.days.length} days: ${added.toLocaleString()} contacts added, ${sum('unsubscribed').toLocaleString()} unsubscribed, `
      + `${sum('bounced').toLocaleString()} bounced, ${sum('complained').toLocaleString()} marked mail as spam. `
      + `${a.totals.subscribed.toLocaleString()} of ${a.totals.total.toLocaleString()} contacts are subscribed now.`));
  if (added === 0 && left === 0) {
    body.append(el('p', { class: 'empty-state', testid: 'home-growth-empty' },
      'Nothing changed in your audience yet. ', el('a', { href: '#/import' }, 'Import contacts'), ' to see it grow here.'));
    return { card, draw: null };
  }
  const chart = el('div', { class: 'chart-holder' });
  body.append(chart);
  const times = a.days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  const draw = () => timeChart(chart, {
    title: 'Contacts added and lost per day',
    times,
    series: [
      { label: 'Added', values: a.days.map((d) => d.added), bars: true },
      { label: 'Unsubscribed', values: a.days.map((d) => d.unsubscribed) },
      { label: 'Bounced', values: a.days.map((d) => d.bounced) },
      { label: 'Marked as spam', values: a.days.map((d) => d.complained) },
    ],
  });
  return { card, draw };
}

/** "How your latest campaigns did": one row per campaign that went out, with its rates. */
function comparisonCard(compared) {
  const body = el('div', { id: 'home-compare', testid: 'home-compare' });
  const card = el('section', { class: 'card' }, el('h2', {}, 'How your latest campaigns did'), body);
  if (!compared.ok) {
    replaceChildren(body, el('p', { class: 'form-error', role: 'alert' }, `Results could not be loaded: ${compared.error.message}`));
    return card;
  }
  const items = compared.value.items;
  if (items.length === 0) {
    replaceChildren(body, el('p', { class: 'empty-state', testid: 'home-compare-empty' },
      'Once a campaign has gone out, its opens, clicks and unsubscribes show up here, side by side with the ones before it.'));
    return card;
  }
  replaceChildren(body, el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
    el('caption', { class: 'visually-hidden' }, 'Latest campaigns that went out, with the share of recipients who opened, clicked and unsubscribed'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Campaign'), el('th', { scope: 'col' }, 'Sent'), el('th', { scope: 'col' }, 'Recipients'),
      el('th', { scope: 'col' }, 'Opened'), el('th', { scope: 'col' }, 'Clicked'),
      el('th', { scope: 'col' }, 'Unsubscribed'), el('th', { scope: 'col' }, 'Bounced'))),
    el('tbody', {}, items.map((c) => el('tr', { testid: 'home-compare-row', dataset: { campaignId: c.id } },
      el('td', {}, el('a', { href: `${campaignPath(c)}?tab=report`, testid: 'home-compare-name' }, c.name || 'Untitled campaign')),
      el('td', {}, time(c.startedAt)),
      el('td', { testid: 'home-compare-sent' }, c.sent.toLocaleString()),
      c.tracked ? rateCell(c.rates.open, 'Opened') : el('td', { class: 'muted' }, 'Not tracked'),
      c.tracked ? rateCell(c.rates.click, 'Clicked') : el('td', { class: 'muted' }, 'Not tracked'),
      el('td', {}, percent(c.rates.unsubscribe)),
      el('td', {}, percent(c.rates.bounce))))))),
  el('p', { class: 'muted' }, 'Opened and clicked count people only: opens and clicks by mail scanners and privacy proxies are left out.'));
  return card;
}

export default async function render(container, ctx) {
  const { api, signal } = ctx;
  const calls = await Promise.allSettled([
    api.get('/campaigns?sort=updated&size=5', { signal }),
    api.get('/campaigns?status=scheduled&sort=scheduled&size=1', { signal }),
    api.get('/sender-identities', { signal }),
    // The audience's figures (contacts now by status, and per day) come with the contacts feature.
    api.get('/analytics/audience?days=90', { signal }),
    api.get('/analytics/campaigns?size=5', { signal }),
  ]);
  if (signal.aborted) {
    return;
  }
  const [recent, scheduled, identities, audience, compared] = calls.map(outcome);
  const contacts = audience;
  const accountName = (ctx.session.account && ctx.session.account.name) || '';

  // ---- first steps ----
  const hasSender = identities.ok && (identities.value.items.some((i) => i.status === 'verified')
    || (identities.value.preVerifiedDomains || []).length > 0);
  const hasContacts = contacts.ok && contacts.value.totals.total > 0;
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
      contacts.ok ? contacts.value.totals.subscribed.toLocaleString() : 'Not available right now',
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

  const growth = audience.missing ? null : audienceCard(audience);
  const comparison = compared.missing ? null : comparisonCard(compared);

  container.append(...[
    pageHeader(accountName ? `Welcome, ${accountName}` : 'Welcome', 'How your account stands today.'),
    stepsCard,
    figures.childElementCount ? figures : null,
    comparison,
    growth && growth.card,
    recentCard,
    !stepsCard && figures.childElementCount === 0 && !recentCard
      ? el('p', { class: 'empty-state' }, 'Nothing to show yet: the pages in the navigation are where to start.') : null,
  ].filter(Boolean));
  // The chart measures its container, so it is drawn once the card is on the page.
  if (growth && growth.draw) {
    growth.draw().catch((error) => {
      growth.card.append(el('p', { class: 'form-error', role: 'alert' }, `The chart could not be drawn: ${error.message}`));
    });
  }
}
