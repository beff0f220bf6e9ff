// Who a campaign goes to: lists and segments to include, lists and segments to leave out, and the
// number of recipients that makes, counted again a moment after every change. Saved with the rest
// of the campaign (campaign.js).

import { debounce, messageOf } from './common.js';

const GROUPS = [
  ['lists', 'Send to these lists', 'list'],
  ['segments', 'and these segments', 'segment'],
  ['excludeLists', 'But not to anyone in these lists', 'list'],
  ['excludeSegments', 'or these segments', 'segment'],
];

export function audiencePanel(ctx, model) {
  const { el, replaceChildren } = ctx.ui;
  const { lists, segments } = model;
  const chosen = model.campaign.audience || {};
  const count = el('p', { id: 'campaign-audience-count', testid: 'campaign-audience-count', class: 'audience-count', role: 'status', 'aria-live': 'polite' });

  function options(key, kind) {
    const source = kind === 'list' ? lists : segments;
    const selected = new Set(chosen[key] || []);
    if (source.length === 0) {
      return el('p', { class: 'muted' }, kind === 'list'
        ? ['No lists yet. ', el('a', { href: '#/lists' }, 'Create a list'), ' or ', el('a', { href: '#/import' }, 'import contacts'), '.']
        : ['No segments yet. ', el('a', { href: '#/segments' }, 'Build a segment'), ' to pick contacts by what you know about them.']);
    }
    return el('ul', { class: 'choice-list' }, source.map((item) => {
      const id = `campaign-audience-${key}-${item.id}`;
      const box = el('input', { type: 'checkbox', id, testid: `campaign-audience-${key}`, value: item.id, dataset: { group: key } });
      box.checked = selected.has(item.id);
      const size = typeof item.members === 'number' ? item.members : item.count;
      return el('li', {}, el('label', { for: id, class: 'checkbox' }, box, ' ', item.name,
        typeof size === 'number' ? el('span', { class: 'muted' }, ` (${size.toLocaleString()})`) : null));
    }));
  }

  const node = el('div', { class: 'campaign-audience', dataset: { fieldFor: 'audience' } },
    el('section', { class: 'card' },
      el('h2', {}, 'Audience'),
      el('p', { class: 'muted' }, 'Contacts who unsubscribed, bounced or complained are never sent to, and someone in two lists gets the campaign once.'),
      count,
      el('input', { type: 'hidden', id: 'campaign-audience', dataset: { field: 'audience' } }),
      el('p', { id: 'campaign-audience-error', class: 'field-error', testid: 'field-error', hidden: true }),
      el('div', { class: 'audience-grid' }, GROUPS.map(([key, title, kind]) => el('fieldset', { class: 'audience-group', id: `campaign-audience-${key}`, dataset: { field: `audience.${key}` } },
        el('legend', {}, title),
        options(key, kind),
        el('p', { id: `campaign-audience-${key}-error`, class: 'field-error', testid: 'field-error', hidden: true }))))));

  function values() {
    const result = {};
    for (const [key] of GROUPS) {
      result[key] = [...node.querySelectorAll(`input[data-group="${key}"]:checked`)].map((b) => b.value);
    }
    return result;
  }

  let counts = 0;
  const recount = debounce(async () => {
    const audience = values();
    if (audience.lists.length + audience.segments.length === 0) {
      count.dataset.recipients = '0';
      count.textContent = 'Choose at least one list or segment to send to.';
      return;
    }
    const mine = ++counts;
    count.textContent = 'Counting recipients…';
    try {
      const answer = await ctx.api.post('/campaigns/audience/count', audience, { signal: ctx.signal });
      if (mine !== counts || ctx.signal.aborted) {
        return;
      }
      count.dataset.recipients = String(answer.recipients);
      replaceChildren(count, el('strong', {}, answer.recipients.toLocaleString()), answer.recipients === 1 ? ' recipient' : ' recipients');
      model.recipients = answer.recipients;
    } catch (error) {
      if (error.name !== 'AbortError' && mine === counts) {
        count.textContent = `The recipients could not be counted: ${messageOf(error)}`;
      }
    }
  }, 400);

  node.addEventListener('change', (event) => {
    if (event.target.matches('input[type=checkbox]')) {
      recount();
      model.changed();
    }
  });

  function setEditable(editable) {
    for (const box of node.querySelectorAll('input[type=checkbox]')) {
      box.disabled = !editable;
    }
  }
  model.on('status', () => setEditable(model.editable()));
  setEditable(model.editable());

  return {
    node,
    values,
    start() {
      recount();
    },
    stop() {
      recount.cancel();
    },
  };
}
