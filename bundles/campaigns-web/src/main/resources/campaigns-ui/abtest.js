// The A/B test of a campaign (a card on the Send tab): while the campaign can be edited, 2 to 4
// variants of its subject, From name or content, the share of the audience that tests them, and how
// the winner is chosen; once it runs, each variant's people who opened and clicked, and a button to
// send one of them to everyone else. The API is /campaigns/<id>/ab-test.

import { EDITABLE, campaignPath, messageOf } from './common.js';

const MAX_VARIANTS = 4;
const POLL_MS = 15000;
const WINNER_BY = [['opens', 'the version the most people opened'], ['clicks', 'the version the most people clicked in'],
  ['hand', 'the version I choose']];

function percent(fraction) {
  return fraction === null || fraction === undefined ? '—' : `${(fraction * 100).toFixed(1)} %`;
}

function letter(index) {
  return String.fromCharCode(65 + index);
}

export function abTestPanel(ctx, model) {
  const { el, replaceChildren, time } = ctx.ui;
  const path = () => campaignPath(model.campaign.id, 'ab-test');
  const status = el('p', { id: 'campaign-ab-status', testid: 'campaign-ab-status', role: 'status', class: 'muted' });
  const body = el('div', { id: 'campaign-ab-body' });
  const card = el('section', { class: 'card', id: 'campaign-ab', testid: 'campaign-ab' },
    el('h2', {}, 'A/B test'), body, status);
  let test = null;
  let editing = null;
  let timer = null;
  let stopped = false;

  async function load() {
    try {
      test = await ctx.api.get(path(), { signal: ctx.signal });
    } catch (failure) {
      if (failure.name === 'AbortError') return;
      if (failure.status !== 404) {
        status.textContent = messageOf(failure);
      }
      test = null;
    }
    draw();
  }

  function draw() {
    clearTimeout(timer);
    const editable = EDITABLE.has(model.campaign.status);
    if (editing) {
      replaceChildren(body, editor());
    } else if (!test) {
      replaceChildren(body,
        el('p', { class: 'muted' }, 'Try 2 to 4 versions of the subject, the From name or the content on part of your audience first; '
          + 'the version more people open (or click) then goes to everyone else.'),
        editable ? el('button', { type: 'button', class: 'btn btn-secondary', id: 'campaign-ab-setup', testid: 'campaign-ab-setup',
          on: { click: () => startEditing(null) } }, 'Set up an A/B test') : null);
    } else {
      replaceChildren(body, summary(editable), results());
      if (test.state === 'testing' && !stopped) {
        timer = setTimeout(load, POLL_MS);
      }
    }
  }

  function summary(editable) {
    const by = (WINNER_BY.find(([v]) => v === test.winnerBy) || [null, test.winnerBy])[1];
    const lines = [el('p', { testid: 'campaign-ab-summary' },
      `${test.testShare} % of the audience, split evenly between ${test.variants.length} versions. The winner: ${by}`
        + (test.winnerBy === 'hand' ? '.' : `, ${test.waitHours} hours after the start.`))];
    if (test.state === 'testing' && test.decideAt) {
      lines.push(el('p', { class: 'strong' }, 'The winner is chosen ', time(test.decideAt), ' and sent to the rest of the audience.'));
    }
    if (test.state === 'testing' && !test.decideAt) {
      lines.push(el('p', { class: 'strong' }, 'Choose the winner below when you have seen enough; it then goes to the rest of the audience.'));
    }
    if (test.winner) {
      lines.push(el('p', { class: 'strong', testid: 'campaign-ab-winner' }, `Version ${test.winner} won`,
        test.decidedBy === 'hand' ? ' (chosen by hand).' : ` (the most people ${test.decidedBy === 'clicks' ? 'clicked' : 'opened'} it).`));
    }
    if (editable) {
      lines.push(el('div', { class: 'form-actions' },
        el('button', { type: 'button', class: 'btn btn-secondary', id: 'campaign-ab-edit', testid: 'campaign-ab-edit',
          on: { click: () => startEditing(test) } }, 'Change the test'),
        el('button', { type: 'button', class: 'btn btn-danger-outline', id: 'campaign-ab-remove', testid: 'campaign-ab-remove',
          on: { click: remove } }, 'Remove the test')));
    }
    return lines;
  }

  function changes(v) {
    const out = [];
    if (v.subject) out.push(`Subject: ${v.subject}`);
    if (v.fromName) out.push(`From name: ${v.fromName}`);
    if (v.html) out.push('Its own content');
    return out.length ? out.join(' · ') : 'As written';
  }

  function results() {
    const running = test.state === 'testing' && model.campaign.status === 'testing';
    const rows = test.variants.map((v) => {
      const r = v.results || {};
      return el('tr', { testid: 'campaign-ab-row', dataset: { variant: v.variant, winner: String(v.winner) } },
        el('th', { scope: 'row' }, v.winner ? `${v.variant} (winner)` : v.variant),
        el('td', {}, changes(v)),
        el('td', { testid: 'campaign-ab-sent' }, v.results ? String(r.sent) : '—'),
        el('td', { testid: 'campaign-ab-opened' }, v.results ? `${percent(r.openRate)} (${r.uniqueHumanOpens})` : '—'),
        el('td', { testid: 'campaign-ab-clicked' }, v.results ? `${percent(r.clickRate)} (${r.uniqueHumanClicks})` : '—'));
    });
    return [el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'campaign-ab-table', testid: 'campaign-ab-table' },
      el('caption', { class: 'visually-hidden' }, 'The versions of the A/B test and what people did with them'),
      el('thead', {}, el('tr', {}, ['Version', 'What changes', 'Sent', 'Opened', 'Clicked'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows))),
    running ? el('div', { class: 'form-actions' }, test.variants.map((v) => el('button', { type: 'button', class: 'btn btn-secondary btn-small',
      id: `campaign-ab-choose-${v.variant}`, testid: 'campaign-ab-choose', on: { click: (event) => choose(v.variant, event.currentTarget) } },
    `Send ${v.variant} to the rest`))) : null];
  }

  async function choose(variant, button) {
    clearTimeout(timer);
    const ok = await ctx.ui.confirm({ title: `Send version ${variant} to everyone else?`,
      message: 'The rest of the audience gets this version now. The test ends.', confirmLabel: `Send ${variant}` });
    if (!ok) return;
    button.disabled = true;
    status.textContent = '';
    try {
      model.replace(await ctx.api.post(`${path()}/winner`, { variant }));
      await load();
    } catch (failure) {
      status.textContent = messageOf(failure);
      button.disabled = false;
    }
  }

  async function remove() {
    const ok = await ctx.ui.confirm({ title: 'Remove the A/B test?', message: 'The campaign then goes to its whole audience as written.',
      confirmLabel: 'Remove', danger: true });
    if (!ok) return;
    try {
      await ctx.api.del(path());
      test = null;
      status.textContent = 'The A/B test is removed.';
      draw();
    } catch (failure) {
      status.textContent = messageOf(failure);
    }
  }

  function startEditing(current) {
    editing = {
      variants: current ? current.variants.map((v) => ({ subject: v.subject || '', fromName: v.fromName || '', html: v.html || '' }))
        : [{ subject: '', fromName: '', html: '' }, { subject: '', fromName: '', html: '' }],
      testShare: current ? current.testShare : 20,
      winnerBy: current ? current.winnerBy : 'opens',
      waitHours: current && current.waitHours ? current.waitHours : 4,
    };
    draw();
  }

  function editor() {
    const e = editing;
    const c = model.campaign;
    const variantRows = e.variants.map((v, i) => {
      const id = `campaign-ab-variant-${i}`;
      const input = (key, label, max) => {
        const node = el('input', { id: `${id}-${key}`, testid: `campaign-ab-${key}`, type: 'text', maxlength: String(max), value: v[key],
          placeholder: key === 'subject' ? (c.subject || '') : (c.fromName || '') });
        node.addEventListener('input', () => { v[key] = node.value; });
        return el('div', { class: 'field' }, el('label', { for: `${id}-${key}` }, label), node);
      };
      const html = el('textarea', { id: `${id}-html`, testid: 'campaign-ab-html', rows: '4', maxlength: '500000' });
      html.value = v.html;
      html.addEventListener('input', () => { v.html = html.value; });
      return el('fieldset', { class: 'ab-variant', testid: 'campaign-ab-variant', dataset: { variant: letter(i) } },
        el('legend', {}, `Version ${letter(i)}`),
        el('p', { class: 'hint' }, 'Leave a field empty to keep what the campaign has.'),
        input('subject', 'Subject', 998), input('fromName', 'From name', 200),
        el('details', { open: Boolean(v.html) }, el('summary', {}, 'Its own content (HTML)'),
          el('div', { class: 'field' }, el('label', { for: `${id}-html`, class: 'visually-hidden' }, `Content of version ${letter(i)}`), html)),
        e.variants.length > 2 ? el('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'campaign-ab-variant-remove',
          on: { click: () => { e.variants.splice(i, 1); draw(); } } }, `Remove version ${letter(i)}`) : null);
    });
    const share = el('input', { id: 'campaign-ab-share', testid: 'campaign-ab-share', type: 'number', min: '2', max: '100', step: '1', value: String(e.testShare) });
    share.addEventListener('input', () => { e.testShare = share.value; });
    const by = el('select', { id: 'campaign-ab-by', testid: 'campaign-ab-by' }, WINNER_BY.map(([v, l]) => el('option', { value: v }, l)));
    by.value = e.winnerBy;
    const wait = el('input', { id: 'campaign-ab-wait', testid: 'campaign-ab-wait', type: 'number', min: '1', max: '168', step: '1', value: String(e.waitHours) });
    wait.addEventListener('input', () => { e.waitHours = wait.value; });
    const waitField = el('div', { class: 'field', hidden: e.winnerBy === 'hand' }, el('label', { for: 'campaign-ab-wait' }, 'Choose the winner after (hours)'), wait);
    by.addEventListener('change', () => {
      e.winnerBy = by.value;
      waitField.hidden = by.value === 'hand';
    });
    const save = el('button', { type: 'submit', class: 'btn btn-primary', id: 'campaign-ab-save', testid: 'campaign-ab-save' }, 'Save the test');
    const formNode = el('form', { id: 'campaign-ab-form', testid: 'campaign-ab-form', class: 'form', novalidate: true },
      variantRows,
      e.variants.length < MAX_VARIANTS ? el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'campaign-ab-add', testid: 'campaign-ab-add',
        on: { click: () => { e.variants.push({ subject: '', fromName: '', html: '' }); draw(); } } }, '+ Version') : null,
      el('div', { class: 'field' }, el('label', { for: 'campaign-ab-share' }, 'Share of the audience that tests (%)'), share,
        el('p', { class: 'hint' }, 'Split evenly between the versions; everyone else gets the winner.')),
      el('div', { class: 'field' }, el('label', { for: 'campaign-ab-by' }, 'The winner is the version'), by),
      waitField,
      el('div', { class: 'form-actions' }, save,
        el('button', { type: 'button', class: 'btn btn-secondary', testid: 'campaign-ab-cancel', on: { click: () => { editing = null; draw(); } } }, 'Cancel')));
    formNode.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      status.textContent = '';
      const blank = (s) => (s && s.trim() ? s : null);
      try {
        test = await ctx.api.put(path(), {
          variants: e.variants.map((v) => ({ subject: blank(v.subject), fromName: blank(v.fromName), html: blank(v.html) })),
          testShare: Number(e.testShare), winnerBy: e.winnerBy, waitHours: e.winnerBy === 'hand' ? null : Number(e.waitHours),
        });
        editing = null;
        status.textContent = 'The A/B test is saved: it runs when the campaign is sent.';
        draw();
      } catch (failure) {
        status.textContent = messageOf(failure);
      } finally {
        save.disabled = false;
      }
    });
    return formNode;
  }

  model.on('status', () => {
    if (!editing) load();
  });
  load();
  return {
    node: card,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
