// Segments (#/segments, #/segments/<id> to edit one): a builder of and/or groups of conditions
// with a live count of the contacts they match, and the saved segments with rename, delete, a
// link to their contacts and an export. The filter it builds is the API's JSON form. "Campaign
// activity" (opened, clicked, was sent) is offered when the campaigns part of NeuroMail runs.

import { STATUSES, debounce, helpers, messageOf } from './common.js';

const COUNT_DELAY_MS = 300;
const TEXT_OPS = [['is', 'is'], ['is_not', 'is not'], ['contains', 'contains'], ['not_contains', 'does not contain'], ['ends_with', 'ends with']];
const SET_OPS = [['is_set', 'is set'], ['is_not_set', 'is not set']];
const FIELDS = [['email', 'Email'], ['first_name', 'First name'], ['last_name', 'Last name'], ['status', 'Status'], ['tag', 'Tag'],
  ['list', 'List'], ['created_at', 'Created'], ['attribute', 'Attribute']];
const ACTIVITY_OPS = [['opened', 'opened'], ['not_opened', 'did not open'], ['clicked', 'clicked in'], ['not_clicked', 'did not click in'],
  ['was_sent', 'was sent'], ['was_not_sent', 'was not sent']];
const DEFAULT_DAYS = '30';
const ATTRIBUTE_OPS = {
  text: [['is', 'is'], ['is_not', 'is not'], ['contains', 'contains'], ...SET_OPS],
  number: [['is', 'equals'], ['is_not', 'does not equal'], ['greater_than', 'greater than'], ['less_than', 'less than'], ...SET_OPS],
  date: [['is', 'is'], ['is_not', 'is not'], ['before', 'before'], ['after', 'after'], ...SET_OPS],
  boolean: [['is', 'is'], ['is_not', 'is not'], ...SET_OPS],
};

export default async function render(container, ctx) {
  const { useStylesheet } = helpers(ctx);
  useStylesheet();
  const { api } = ctx;
  const { el, pageHeader, replaceChildren, time, confirm } = ctx.ui;
  // Campaigns that went out, for "opened campaign …"; without the campaigns part there is no activity to filter on.
  const campaignsWithSends = Promise.all(['sent', 'sending'].map((status) => api.get(`/campaigns?status=${status}&sort=sent&size=100`)))
    .then((pages) => pages.flatMap((p) => p.items)).catch(() => null);
  const [attributes, lists, tags, sentCampaigns] = await Promise.all([api.get('/contacts/attributes'), api.get('/lists'),
    api.get('/contacts/tags'), campaignsWithSends]);
  if (ctx.signal.aborted) {
    return;
  }
  const fields = sentCampaigns === null ? FIELDS : [...FIELDS, ['activity', 'Campaign activity']];
  let keys = 0;
  let counts = 0;
  let editing = null;
  let root = group('all');

  function condition() {
    keys += 1;
    return { key: keys, field: 'attribute', attribute: attributes[0] ? attributes[0].name : '', op: 'is', value: '' };
  }
  function group(match) {
    keys += 1;
    return { key: keys, match, conditions: [condition()] };
  }
  function attributeType(name) {
    const a = attributes.find((x) => x.name === name);
    return a ? a.type : 'text';
  }
  function opsOf(c) {
    switch (c.field) {
      case 'email': return TEXT_OPS;
      case 'first_name': case 'last_name': return [...TEXT_OPS, ...SET_OPS];
      case 'status': return [['is', 'is'], ['is_not', 'is not']];
      case 'tag': return [['has', 'has'], ['has_not', 'has not']];
      case 'list': return [['in', 'is in'], ['not_in', 'is not in']];
      case 'created_at': return [['before', 'before'], ['after', 'on or after']];
      case 'activity': return ACTIVITY_OPS;
      default: return ATTRIBUTE_OPS[attributeType(c.attribute)] || ATTRIBUTE_OPS.text;
    }
  }
  const needsValue = (c) => c.field !== 'activity' && c.op !== 'is_set' && c.op !== 'is_not_set';

  // ---- the filter as JSON ----
  function toFilter(node, completeOnly) {
    if (node.conditions) {
      const parts = node.conditions.map((n) => toFilter(n, completeOnly)).filter(Boolean);
      return parts.length === 0 ? null : { match: node.match, conditions: parts };
    }
    if (completeOnly && ((node.field === 'attribute' && !node.attribute) || (needsValue(node) && String(node.value).trim() === ''))) {
      return null;
    }
    if (completeOnly && node.field === 'activity' && node.scope === 'days' && !(Number(node.days) >= 1)) {
      return null;
    }
    const out = { field: node.field, op: node.op };
    if (node.field === 'attribute') {
      out.attribute = node.attribute;
    }
    if (node.field === 'activity' && node.scope === 'days') {
      out.days = Number(node.days);
    } else if (node.field === 'activity' && node.scope) {
      out.campaign = node.scope;
    }
    if (needsValue(node)) {
      out.value = node.value;
    }
    return out;
  }
  function fromFilter(node) {
    keys += 1;
    if (node && Array.isArray(node.conditions)) {
      return { key: keys, match: node.match === 'any' ? 'any' : 'all', conditions: node.conditions.map(fromFilter) };
    }
    const scope = node.campaign ? String(node.campaign) : node.days ? 'days' : '';
    return { key: keys, field: node.field, attribute: node.attribute || '', op: node.op, scope, days: node.days ? String(node.days) : DEFAULT_DAYS,
      value: node.value === undefined || node.value === null ? '' : String(node.value) };
  }

  // ---- the builder ----
  const builder = el('div', { id: 'segment-builder', testid: 'segment-builder' });
  const countValue = el('span', { id: 'segment-count', testid: 'segment-count', class: 'segment-count', dataset: { state: 'idle' } }, '—');
  const countNote = el('span', { id: 'segment-count-note', class: 'muted' });
  const countError = el('p', { id: 'segment-count-error', testid: 'segment-count-error', class: 'field-error', hidden: true });
  const countBox = el('div', { id: 'segment-count-box', role: 'status', 'aria-live': 'polite' }, 'Matching contacts: ', countValue, ' ', countNote);

  function select(id, testid, label, options, value, onChange) {
    const node = el('select', { id, testid, 'aria-label': label }, options.map(([v, l]) => el('option', { value: v }, l)));
    node.value = value;
    if (node.value !== value && options.length > 0) {
      node.value = options[0][0];
    }
    node.addEventListener('change', () => onChange(node.value));
    return node;
  }

  function valueInput(c, id) {
    const label = 'Value';
    const change = (v) => {
      c.value = v;
      countLater();
    };
    if (c.field === 'status') {
      if (!c.value) c.value = 'subscribed';
      return select(id, 'segment-condition-value', label, STATUSES, c.value, change);
    }
    if (c.field === 'list') {
      if (!c.value && lists[0]) c.value = lists[0].id;
      return select(id, 'segment-condition-value', label, lists.map((l) => [l.id, l.name]), c.value, change);
    }
    const type = c.field === 'created_at' ? 'date' : c.field === 'attribute' ? attributeType(c.attribute) : 'text';
    if (type === 'boolean') {
      if (c.value !== 'true' && c.value !== 'false') c.value = 'true';
      return select(id, 'segment-condition-value', label, [['true', 'yes'], ['false', 'no']], c.value, change);
    }
    const input = el('input', { id, testid: 'segment-condition-value', 'aria-label': label, value: c.value,
      type: type === 'number' ? 'number' : type === 'date' ? 'date' : 'text', step: type === 'number' ? 'any' : null,
      list: c.field === 'tag' ? 'segment-tags' : null });
    input.addEventListener('input', () => change(input.value));
    return input;
  }

  // Which campaigns an activity condition is about: any (ever, or in the last N days) or one that went out.
  function activityInputs(c, id) {
    const known = (sentCampaigns || []).map((k) => [k.id, `campaign "${k.name}"`]);
    if (c.scope && c.scope !== 'days' && !known.some(([v]) => v === c.scope)) {
      known.push([c.scope, 'a campaign no longer listed']);
    }
    const scope = select(`${id}-scope`, 'segment-condition-campaign', 'Which campaigns',
      [['', 'any campaign, ever'], ['days', 'any campaign in the last …'], ...known], c.scope || '', (v) => {
        c.scope = v;
        draw();
        countLater();
      });
    if (c.scope !== 'days') {
      return [scope];
    }
    const days = el('input', { id: `${id}-days`, testid: 'segment-condition-days', type: 'number', min: '1', max: '3650', step: '1',
      class: 'segment-days', 'aria-label': 'Number of days', value: c.days || DEFAULT_DAYS });
    days.addEventListener('input', () => {
      c.days = days.value;
      countLater();
    });
    return [scope, days, el('span', {}, 'days')];
  }

  function conditionRow(c, parent) {
    const id = `segment-cond-${c.key}`;
    const ops = opsOf(c);
    if (!ops.some(([v]) => v === c.op)) {
      c.op = ops[0][0];
    }
    const restructure = () => {
      draw();
      countLater();
    };
    return el('div', { class: 'segment-condition', id, testid: 'segment-condition', dataset: { key: String(c.key) } },
      select(`${id}-field`, 'segment-condition-field', 'Field', fields, c.field, (v) => {
        c.field = v;
        c.value = '';
        c.scope = '';
        c.days = DEFAULT_DAYS;
        restructure();
      }),
      c.field === 'attribute'
        ? select(`${id}-attribute`, 'segment-condition-attribute', 'Attribute',
          attributes.length ? attributes.map((a) => [a.name, `${a.name} (${a.type})`]) : [['', 'No attributes yet']], c.attribute, (v) => {
            c.attribute = v;
            c.value = '';
            restructure();
          })
        : null,
      select(`${id}-op`, 'segment-condition-op', 'Operator', ops, c.op, (v) => {
        c.op = v;
        restructure();
      }),
      needsValue(c) ? valueInput(c, `${id}-value`) : null,
      c.field === 'activity' ? activityInputs(c, id) : null,
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-remove`, testid: 'segment-condition-remove',
        'aria-label': 'Remove this condition', on: { click: () => {
          parent.conditions = parent.conditions.filter((x) => x !== c);
          restructure();
        } } }, 'Remove'));
  }

  function groupBox(g, parent, depth) {
    const id = `segment-group-${g.key}`;
    const redraw = () => {
      draw();
      countLater();
    };
    return el('fieldset', { class: 'segment-group', id, testid: 'segment-group', dataset: { key: String(g.key) } },
      el('legend', {}, depth === 0 ? 'Contacts matching' : 'A group matching'),
      el('div', { class: 'gap-row' },
        select(`${id}-match`, 'segment-group-match', 'Match', [['all', 'all of'], ['any', 'any of']], g.match, (v) => {
          g.match = v;
          countLater();
        }),
        el('span', {}, 'these conditions')),
      g.conditions.map((n) => (n.conditions ? groupBox(n, g, depth + 1) : conditionRow(n, g))),
      el('div', { class: 'gap-row' },
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-add-condition`, testid: 'segment-add-condition',
          on: { click: () => {
            g.conditions.push(condition());
            redraw();
          } } }, '+ Condition'),
        depth < 3 ? el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-add-group`, testid: 'segment-add-group',
          on: { click: () => {
            g.conditions.push(group(g.match === 'all' ? 'any' : 'all'));
            redraw();
          } } }, '+ Group') : null,
        parent ? el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-remove`, testid: 'segment-group-remove',
          on: { click: () => {
            parent.conditions = parent.conditions.filter((x) => x !== g);
            redraw();
          } } }, 'Remove group') : null));
  }

  function draw() {
    const focused = document.activeElement && builder.contains(document.activeElement) ? document.activeElement.id : null;
    replaceChildren(builder, groupBox(root, null, 0),
      el('datalist', { id: 'segment-tags' }, tags.map((t) => el('option', { value: t }))));
    if (focused) {
      document.getElementById(focused)?.focus();
    }
  }

  // ---- live count ----
  async function count() {
    counts += 1;
    const current = counts;
    const filter = toFilter(root, true);
    countValue.dataset.state = 'counting';
    countError.hidden = true;
    try {
      let n;
      if (filter === null) {
        n = (await api.get('/contacts?size=1')).total;
        countNote.textContent = '(no complete condition yet: all contacts)';
      } else {
        const answer = await api.post('/segments/count', { filter });
        n = answer.count;
        countNote.textContent = `(counted in ${answer.millis} ms)`;
      }
      if (ctx.signal.aborted || current !== counts) {
        return;
      }
      countValue.textContent = String(n);
      countValue.dataset.count = String(n);
      countValue.dataset.state = 'ready';
    } catch (failure) {
      if (ctx.signal.aborted || current !== counts || failure.status === 401) {
        return;
      }
      countValue.textContent = '—';
      delete countValue.dataset.count;
      countValue.dataset.state = 'error';
      countError.textContent = messageOf(failure);
      countError.hidden = false;
    }
  }
  const countLater = debounce(count, COUNT_DELAY_MS);
  ctx.signal.addEventListener('abort', () => countLater.cancel());

  // ---- save ----
  const name = el('input', { id: 'segment-name', testid: 'segment-name', type: 'text', name: 'name', maxlength: '200', 'aria-describedby': 'segment-save-status' });
  const save = el('button', { id: 'segment-save', testid: 'segment-save', type: 'submit', class: 'btn btn-primary' }, 'Save segment');
  const reset = el('button', { id: 'segment-new', testid: 'segment-new', type: 'button', class: 'btn btn-secondary' }, 'New segment');
  const saveStatus = el('p', { id: 'segment-save-status', testid: 'segment-save-status', role: 'status' });
  const editingNote = el('p', { id: 'segment-editing', testid: 'segment-editing', class: 'muted' });
  const saveForm = el('form', { id: 'segment-save-form', testid: 'segment-save-form', class: 'form', novalidate: true },
    el('div', { class: 'gap-row' }, el('label', { for: 'segment-name' }, 'Name'), name, save, reset), saveStatus);
  saveForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    saveStatus.className = '';
    saveStatus.textContent = '';
    try {
      const body = { name: name.value, filter: toFilter(root, false) || { match: 'all', conditions: [] } };
      const saved = editing
        ? await api.put(`/segments/${encodeURIComponent(editing)}`, body)
        : await api.post('/segments', body);
      if (ctx.signal.aborted) {
        return;
      }
      edit(saved);
      saveStatus.className = 'success-message';
      saveStatus.textContent = `Saved "${saved.name}".`;
      await loadSaved();
    } catch (failure) {
      saveStatus.className = 'form-error';
      saveStatus.textContent = messageOf(failure);
    } finally {
      save.disabled = false;
    }
  });
  reset.addEventListener('click', () => {
    editing = null;
    root = group('all');
    name.value = '';
    editingNote.textContent = 'A new segment.';
    saveStatus.textContent = '';
    history.replaceState(history.state, '', '#/segments');
    draw();
    count();
  });

  function edit(segment) {
    editing = segment.id;
    name.value = segment.name;
    root = segment.filter && Array.isArray(segment.filter.conditions) ? fromFilter(segment.filter) : group('all');
    editingNote.textContent = `Editing "${segment.name}".`;
    history.replaceState(history.state, '', `#/segments/${encodeURIComponent(segment.id)}`);
    draw();
    count();
  }

  // ---- saved segments ----
  const savedRows = el('tbody', { id: 'segments-rows', testid: 'segments-rows' });
  const savedEmpty = el('p', { id: 'segments-empty', testid: 'segments-empty', class: 'empty-state', hidden: true }, 'No saved segments yet.');
  const listStatus = el('p', { id: 'segments-status', testid: 'segments-status', role: 'status', class: 'muted' });

  function savedRow(s) {
    const rename = el('form', { class: 'inline-form', testid: 'segment-row-rename-form', novalidate: true },
      el('label', { class: 'visually-hidden', for: `segment-rename-${s.id}` }, `New name of ${s.name}`),
      el('input', { id: `segment-rename-${s.id}`, testid: 'segment-row-rename-name', type: 'text', value: s.name, maxlength: '200' }),
      el('button', { type: 'submit', class: 'btn btn-secondary btn-small', testid: 'segment-row-rename' }, 'Rename'));
    rename.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.put(`/segments/${encodeURIComponent(s.id)}`, { name: rename.querySelector('input').value, filter: s.filter });
        listStatus.textContent = 'Renamed.';
        await loadSaved();
      } catch (failure) {
        listStatus.textContent = messageOf(failure);
      }
    });
    const countCell = el('td', { testid: 'segment-row-count' }, '…');
    api.get(`/segments/${encodeURIComponent(s.id)}/count`)
      .then((c) => { countCell.textContent = String(c.count); })
      .catch((failure) => { countCell.textContent = messageOf(failure); });
    return el('tr', { testid: 'segment-row', dataset: { segmentId: s.id, name: s.name } },
      el('td', { testid: 'segment-row-name' }, s.name),
      countCell,
      el('td', { class: 'cell-nowrap' }, time(s.updatedAt)),
      el('td', { class: 'cell-actions' },
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'segment-row-edit', on: { click: () => edit(s) } }, 'Edit'),
        rename,
        el('a', { class: 'btn btn-secondary btn-small', testid: 'segment-row-contacts', href: `#/contacts?segmentId=${encodeURIComponent(s.id)}` }, 'Contacts'),
        el('a', { class: 'btn btn-secondary btn-small', testid: 'segment-row-export', href: api.url('/contacts/export', { segmentId: s.id }), download: 'segment.csv' }, 'Export'),
        el('button', { type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'segment-row-delete', on: { click: async () => {
          if (await confirm({ title: 'Delete segment', message: `Delete the segment "${s.name}"? Its contacts stay.`, confirmLabel: 'Delete', danger: true })) {
            try {
              await api.del(`/segments/${encodeURIComponent(s.id)}`);
              if (editing === s.id) {
                reset.click();
              }
              await loadSaved();
            } catch (failure) {
              listStatus.textContent = messageOf(failure);
            }
          }
        } } }, 'Delete')));
  }

  async function loadSaved() {
    const all = await api.get('/segments');
    if (ctx.signal.aborted) {
      return all;
    }
    replaceChildren(savedRows, all.map(savedRow));
    savedEmpty.hidden = all.length > 0;
    return all;
  }

  container.append(
    pageHeader('Segments', 'Saved filters over the contacts, counted live as you build them.'),
    el('section', { class: 'card', id: 'segment-editor' },
      el('h2', {}, 'Build a segment'), editingNote, builder, countBox, countError, saveForm),
    el('section', { class: 'card' }, el('h2', {}, 'Saved segments'), listStatus,
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'segments-table', testid: 'segments-table' },
        el('thead', {}, el('tr', {}, ['Name', 'Contacts', 'Updated', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
        savedRows)),
      savedEmpty));
  const saved = await loadSaved();
  const wanted = ctx.params[0] && saved.find((s) => s.id === ctx.params[0]);
  if (wanted) {
    edit(wanted);
  } else {
    editingNote.textContent = 'A new segment.';
    draw();
    await count();
  }
}
