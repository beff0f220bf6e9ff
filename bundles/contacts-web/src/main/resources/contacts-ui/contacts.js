// The contacts table (#/contacts?q=&status=&listId=&tag=&segmentId=&sort=&order=&page=) and a
// contact's detail (#/contacts/<id>). Filters, sort and page live in the address, so a view can be
// bookmarked and other pages can link to "the contacts of this list/segment".

import { STATUSES, debounce, helpers, messageOf } from './common.js';
import { renderDetail } from './contact-detail.js';

const PAGE_SIZE = 25;
const SORTABLE = [['email', 'Email'], ['first_name', 'First name'], ['last_name', 'Last name'], ['status', 'Status'], ['created_at', 'Created']];
const BULK_ACTIONS = [
  ['add_to_list', 'Add to list'], ['remove_from_list', 'Remove from list'], ['tag', 'Add tag'], ['untag', 'Remove tag'], ['delete', 'Delete'],
];

export default async function render(container, ctx) {
  helpers(ctx).useStylesheet();
  if (ctx.params.length > 0) {
    return renderDetail(container, ctx, ctx.params[0]);
  }
  return renderTable(container, ctx);
}

async function renderTable(container, ctx) {
  const { api } = ctx;
  const { downloadLink, pager, selectField, showResults, statusBadge } = helpers(ctx);
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit } = ctx.ui;
  const state = {
    q: ctx.query.get('q') || '',
    status: ctx.query.get('status') || '',
    listId: ctx.query.get('listId') || '',
    tag: ctx.query.get('tag') || '',
    segmentId: ctx.query.get('segmentId') || '',
    sort: ctx.query.get('sort') || 'created_at',
    order: ctx.query.get('order') || (ctx.query.get('sort') ? 'asc' : 'desc'),
    page: Math.max(0, (Number.parseInt(ctx.query.get('page'), 10) || 1) - 1),
  };
  const selected = new Set();
  let items = [];
  let loads = 0;

  const [lists, tags, segments] = await Promise.all([api.get('/lists'), api.get('/contacts/tags'), api.get('/segments')]);
  if (ctx.signal.aborted) {
    return;
  }
  const listOptions = lists.map((l) => [l.id, l.name]);

  // ---- filters ----
  const search = el('input', { id: 'contacts-search', testid: 'contacts-search', type: 'search', name: 'q', value: state.q, placeholder: 'Email or name' });
  const statusFilter = selectField({ id: 'contacts-filter-status', name: 'status', label: 'Status', value: state.status, options: [['', 'Any status'], ...STATUSES] });
  const listFilter = selectField({ id: 'contacts-filter-list', name: 'listId', label: 'List', value: state.listId, options: [['', 'Any list'], ...listOptions] });
  const tagFilter = selectField({ id: 'contacts-filter-tag', name: 'tag', label: 'Tag', value: state.tag, options: [['', 'Any tag'], ...tags.map((t) => [t, t])] });
  const segmentFilter = selectField({ id: 'contacts-filter-segment', name: 'segmentId', label: 'Segment', value: state.segmentId,
    options: [['', 'No segment'], ...segments.map((s) => [s.id, s.name])] });
  const exportSlot = el('span', { id: 'contacts-export-slot' });
  const filters = el('div', { class: 'filters', role: 'search' },
    el('div', { class: 'field' }, el('label', { for: 'contacts-search' }, 'Search'), search),
    statusFilter, listFilter, tagFilter, segmentFilter, exportSlot);

  // ---- table ----
  const selectAll = el('input', { id: 'contacts-select-all', testid: 'contacts-select-all', type: 'checkbox', 'aria-label': 'Select every contact on this page' });
  const headerCells = SORTABLE.map(([key, label]) => {
    const button = el('button', { type: 'button', class: 'sort-button', testid: `contacts-sort-${key}`, id: `contacts-sort-${key}`,
      on: { click: () => sortBy(key) } }, label, el('span', { class: 'sort-indicator', 'aria-hidden': 'true' }));
    return el('th', { scope: 'col', dataset: { sort: key } }, button);
  });
  const rows = el('tbody', { id: 'contacts-rows', testid: 'contacts-rows' });
  const table = el('table', { id: 'contacts-table', testid: 'contacts-table', class: 'table' },
    el('caption', { class: 'visually-hidden' }, 'Contacts'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'cell-check' }, selectAll), headerCells.slice(0, 4), el('th', { scope: 'col' }, 'Tags'), headerCells[4])),
    rows);
  const empty = el('p', { id: 'contacts-empty', testid: 'contacts-empty', class: 'empty-state', hidden: true }, 'No contacts match.');
  const error = el('div', { id: 'contacts-error', testid: 'contacts-error', class: 'form-error', role: 'alert', hidden: true });
  const pages = pager('contacts', PAGE_SIZE, 'contact', (page) => {
    state.page = page;
    reload();
  });

  // ---- bulk actions ----
  const selectionInfo = el('span', { id: 'contacts-selection', testid: 'contacts-selection', 'aria-live': 'polite' }, 'No contact selected');
  const bulkAction = selectField({ id: 'contacts-bulk-action', name: 'action', label: 'With the selected', options: BULK_ACTIONS });
  const bulkList = selectField({ id: 'contacts-bulk-list', name: 'listId', label: 'List', options: [['', 'Choose a list'], ...listOptions] });
  const bulkTag = field({ id: 'contacts-bulk-tag', name: 'tag', label: 'Tag' });
  const bulkApply = el('button', { id: 'contacts-bulk-apply', testid: 'contacts-bulk-apply', type: 'submit', class: 'btn btn-primary', disabled: true }, 'Apply');
  const bulkResults = el('div', { id: 'contacts-bulk-results', testid: 'contacts-bulk-results', class: 'card', 'aria-live': 'polite', hidden: true });
  const bulkForm = form('contacts-bulk-form', el('div', { class: 'bulk-bar' }, selectionInfo, bulkAction, bulkList, bulkTag, bulkApply));
  bulkForm.classList.add('form-wide');
  const actionSelect = bulkAction.querySelector('select');
  function syncBulk() {
    const action = actionSelect.value;
    bulkList.hidden = !action.endsWith('_list');
    bulkTag.hidden = !(action === 'tag' || action === 'untag');
    bulkApply.disabled = selected.size === 0;
    selectionInfo.textContent = selected.size === 0 ? 'No contact selected'
      : `${selected.size} ${selected.size === 1 ? 'contact' : 'contacts'} selected`;
    selectAll.checked = items.length > 0 && items.every((c) => selected.has(c.id));
  }
  actionSelect.addEventListener('change', syncBulk);
  handleSubmit(bulkForm, async (values) => {
    const action = values.action;
    const ids = [...selected];
    if (action === 'delete') {
      const ok = await ctx.ui.confirm({ title: 'Delete contacts', message: `Delete ${ids.length} ${ids.length === 1 ? 'contact' : 'contacts'}? This cannot be undone.`,
        confirmLabel: 'Delete', danger: true });
      if (!ok) {
        return;
      }
    }
    const body = { action, contactIds: ids };
    if (action.endsWith('_list')) {
      body.listId = values.listId;
    }
    if (action === 'tag' || action === 'untag') {
      body.tag = values.tag;
    }
    const result = await api.post('/contacts/bulk', body);
    const emails = new Map(items.map((c) => [c.id, c.email]));
    showResults(bulkResults, result, (id) => emails.get(id) || id);
    selected.clear();
    await reload();
  });

  // ---- create ----
  const createForm = form('contact-create-form',
    el('div', { class: 'filters' },
      field({ id: 'contact-create-email', name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'off' }),
      field({ id: 'contact-create-first-name', name: 'firstName', label: 'First name' }),
      field({ id: 'contact-create-last-name', name: 'lastName', label: 'Last name' }),
      field({ id: 'contact-create-tags', name: 'tags', label: 'Tags', hint: 'Separated by commas' }),
      el('button', { id: 'contact-create-submit', testid: 'contact-create-submit', type: 'submit', class: 'btn btn-primary' }, 'Add contact')));
  createForm.classList.add('form-wide');
  handleSubmit(createForm, async (values, f) => {
    const tagList = (values.tags || '').split(',').map((t) => t.trim()).filter(Boolean);
    const contact = await api.post('/contacts', {
      email: values.email, firstName: values.firstName || null, lastName: values.lastName || null, tags: tagList,
    });
    f.reset();
    ctx.notify(`Added ${contact.email}.`, 'info');
    await reload();
  });

  function row(contact) {
    const box = el('input', { type: 'checkbox', testid: 'contact-row-select', 'aria-label': `Select ${contact.email}`, checked: selected.has(contact.id) });
    box.addEventListener('change', () => {
      if (box.checked) {
        selected.add(contact.id);
      } else {
        selected.delete(contact.id);
      }
      syncBulk();
    });
    return el('tr', { testid: 'contact-row', dataset: { contactId: contact.id, email: contact.email } },
      el('td', { class: 'cell-check' }, box),
      el('td', {}, el('a', { href: `#/contacts/${encodeURIComponent(contact.id)}`, testid: 'contact-row-email' }, contact.email)),
      el('td', { testid: 'contact-row-first-name' }, contact.firstName || ''),
      el('td', { testid: 'contact-row-last-name' }, contact.lastName || ''),
      el('td', {}, statusBadge(contact.status, { testid: 'contact-row-status' })),
      el('td', { testid: 'contact-row-tags' }, (contact.tags || []).map((t) => el('span', { class: 'badge', testid: 'contact-row-tag' }, t))),
      el('td', { class: 'cell-nowrap' }, time(contact.createdAt)));
  }

  selectAll.addEventListener('change', () => {
    for (const c of items) {
      if (selectAll.checked) {
        selected.add(c.id);
      } else {
        selected.delete(c.id);
      }
    }
    for (const box of rows.querySelectorAll('[data-testid=contact-row-select]')) {
      box.checked = selectAll.checked;
    }
    syncBulk();
  });

  function sortBy(key) {
    state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = key;
    state.page = 0;
    reload();
  }

  function syncAddress() {
    const query = new URLSearchParams();
    for (const key of ['q', 'status', 'listId', 'tag', 'segmentId']) {
      if (state[key]) {
        query.set(key, state[key]);
      }
    }
    if (state.sort !== 'created_at' || state.order !== 'desc') {
      query.set('sort', state.sort);
      query.set('order', state.order);
    }
    if (state.page > 0) {
      query.set('page', String(state.page + 1));
    }
    const text = query.toString();
    const hash = `#/contacts${text ? `?${text}` : ''}`;
    if (location.hash !== hash) {
      history.replaceState(history.state, '', hash);
    }
  }

  function syncHeaders() {
    for (const th of headerCells) {
      const key = th.dataset.sort;
      const active = key === state.sort;
      th.setAttribute('aria-sort', active ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
      const button = th.querySelector('button');
      button.setAttribute('aria-pressed', String(active));
      button.querySelector('.sort-indicator').textContent = active ? (state.order === 'asc' ? ' ▲' : ' ▼') : '';
    }
    replaceChildren(exportSlot, downloadLink('contacts-export', 'Export CSV', '/contacts/export',
      { listId: state.listId, segmentId: state.segmentId }, 'contacts.csv'));
  }

  async function reload() {
    loads += 1;
    const current = loads;
    syncAddress();
    syncHeaders();
    table.setAttribute('aria-busy', 'true');
    const query = new URLSearchParams({ page: String(state.page), size: String(PAGE_SIZE), sort: state.sort, order: state.order });
    for (const key of ['q', 'status', 'listId', 'tag', 'segmentId']) {
      if (state[key]) {
        query.set(key, state[key]);
      }
    }
    try {
      const result = await api.get(`/contacts?${query}`);
      if (ctx.signal.aborted || current !== loads) {
        return;
      }
      items = result.items || [];
      replaceChildren(rows, items.map(row));
      empty.hidden = items.length > 0;
      error.hidden = true;
      pages.update(state.page, Number(result.total) || 0);
      table.dataset.loaded = String(current);
      table.dataset.total = String(result.total);
      syncBulk();
    } catch (failure) {
      if (!ctx.signal.aborted && current === loads && failure.status !== 401) {
        replaceChildren(error, el('p', {}, `The contacts could not be loaded: ${messageOf(failure)}`));
        error.hidden = false;
      }
    } finally {
      if (current === loads) {
        table.removeAttribute('aria-busy');
      }
    }
  }

  const searchLater = debounce(() => {
    state.q = search.value.trim();
    state.page = 0;
    reload();
  }, 300);
  search.addEventListener('input', searchLater);
  ctx.signal.addEventListener('abort', () => searchLater.cancel());
  for (const [wrapper, key] of [[statusFilter, 'status'], [listFilter, 'listId'], [tagFilter, 'tag'], [segmentFilter, 'segmentId']]) {
    wrapper.querySelector('select').addEventListener('change', (event) => {
      state[key] = event.target.value;
      state.page = 0;
      reload();
    });
  }

  container.append(
    pageHeader('Contacts', 'Everyone in this account\'s address book.'),
    el('section', { class: 'card' }, el('h2', {}, 'Add a contact'), createForm),
    el('section', { class: 'card' },
      filters,
      bulkForm,
      bulkResults,
      error,
      el('div', { class: 'table-wrap' }, table),
      empty,
      pages.node));
  syncBulk();
  await reload();
  return undefined;
}

