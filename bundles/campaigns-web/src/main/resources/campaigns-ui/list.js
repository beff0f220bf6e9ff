// The campaigns list (#/campaigns?q=&status=&tag=&sort=&page=): search, filters, sort and page live
// in the address so a view can be bookmarked. "New campaign" starts from a blank page or a
// template (#/campaigns?new=1 opens it at once).

import { STATUSES, campaignPath, debounce, helpers, messageOf } from './common.js';

const PAGE_SIZE = 25;
const SORTS = [['updated', 'Last changed'], ['name', 'Name'], ['created', 'Created'], ['scheduled', 'Send date']];

export async function renderList(container, ctx) {
  const { api } = ctx;
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit } = ctx.ui;
  const { statusBadge, selectField, pager } = helpers(ctx);
  const state = {
    q: ctx.query.get('q') || '',
    status: ctx.query.get('status') || '',
    tag: ctx.query.get('tag') || '',
    sort: SORTS.some(([s]) => s === ctx.query.get('sort')) ? ctx.query.get('sort') : 'updated',
    page: Math.max(0, (Number.parseInt(ctx.query.get('page'), 10) || 1) - 1),
  };
  let loads = 0;

  const [tags, templates] = await Promise.all([
    api.get('/campaigns/tags', { signal: ctx.signal }),
    api.get('/campaigns/templates', { signal: ctx.signal }),
  ]);
  if (ctx.signal.aborted) {
    return;
  }

  // ---- new campaign ----
  const templateSelect = selectField({ id: 'campaign-new-template', name: 'templateId', label: 'Start from', value: '',
    options: [['', 'A blank page'], ...templates.map((t) => [t.id, t.builtIn ? `${t.name} (built in)` : t.name])] });
  const templateInfo = el('p', { id: 'campaign-new-template-info', testid: 'campaign-new-template-info', class: 'hint' });
  const deleteTemplate = el('button', { id: 'campaign-new-template-delete', testid: 'campaign-new-template-delete', type: 'button',
    class: 'btn btn-danger-outline btn-small', hidden: true }, 'Delete this template');
  const templateControl = templateSelect.querySelector('select');
  function showTemplate() {
    const t = templates.find((x) => x.id === templateControl.value);
    templateInfo.textContent = t ? (t.description || (t.subject ? `Subject: ${t.subject}` : '')) : 'An empty campaign: write it from scratch.';
    deleteTemplate.hidden = !t || t.builtIn;
  }
  templateControl.addEventListener('change', showTemplate);
  showTemplate();
  const newForm = form('campaign-new-form',
    field({ id: 'campaign-new-name', name: 'name', label: 'Name', required: true, maxlength: '200',
      hint: 'For you only; recipients see the subject. E.g. "Spring sale, week 1".' }),
    templateSelect, templateInfo,
    el('div', { class: 'form-actions' },
      el('button', { id: 'campaign-new-submit', testid: 'campaign-new-submit', type: 'submit', class: 'btn btn-primary' }, 'Create and edit'),
      el('button', { id: 'campaign-new-cancel', testid: 'campaign-new-cancel', type: 'button', class: 'btn btn-secondary',
        on: { click: () => { newCard.hidden = true; } } }, 'Cancel'),
      deleteTemplate));
  handleSubmit(newForm, async (values) => {
    const body = { name: values.name.trim() };
    if (values.templateId) {
      body.templateId = values.templateId;
    }
    const created = await api.post('/campaigns', body);
    ctx.navigate(`#/campaigns/${encodeURIComponent(created.id)}`);
  });
  deleteTemplate.addEventListener('click', async () => {
    const t = templates.find((x) => x.id === templateControl.value);
    if (!t || !(await ctx.ui.confirm({ title: 'Delete this template?', message: `"${t.name}" will no longer be offered for new campaigns. Campaigns made from it stay as they are.`,
      confirmLabel: 'Delete', danger: true }))) {
      return;
    }
    try {
      await api.del(`/campaigns/templates/${encodeURIComponent(t.id)}`);
      templates.splice(templates.indexOf(t), 1);
      templateControl.querySelector(`option[value="${CSS.escape(t.id)}"]`).remove();
      templateControl.value = '';
      showTemplate();
      ctx.notify(`Template "${t.name}" deleted.`, 'info');
    } catch (error) {
      ctx.ui.showError(newForm, error);
    }
  });
  const newCard = el('section', { class: 'card', id: 'campaign-new', testid: 'campaign-new', hidden: true },
    el('h2', {}, 'New campaign'), newForm);
  function openNew() {
    newCard.hidden = false;
    newForm.querySelector('#campaign-new-name').focus();
  }
  const newButton = el('button', { id: 'campaigns-new', testid: 'campaigns-new', type: 'button', class: 'btn btn-primary', on: { click: openNew } }, 'New campaign');

  // ---- filters ----
  const search = el('input', { id: 'campaigns-search', testid: 'campaigns-search', type: 'search', name: 'q', value: state.q,
    placeholder: 'Name or subject', maxlength: '200' });
  const statusFilter = selectField({ id: 'campaigns-filter-status', name: 'status', label: 'Status', value: state.status,
    options: [['', 'Any status'], ...STATUSES] });
  const tagFilter = selectField({ id: 'campaigns-filter-tag', name: 'tag', label: 'Tag', value: state.tag,
    options: [['', 'Any tag'], ...tags.map((t) => [t, t])] });
  const sortSelect = selectField({ id: 'campaigns-sort', name: 'sort', label: 'Sort by', value: state.sort, options: SORTS });
  const filters = el('div', { class: 'filters', role: 'search' },
    el('div', { class: 'field' }, el('label', { for: 'campaigns-search' }, 'Search'), search),
    statusFilter, tagFilter, sortSelect);

  // ---- table ----
  const rows = el('tbody', { id: 'campaigns-rows', testid: 'campaigns-rows' });
  const table = el('div', { class: 'table-wrap' }, el('table', { id: 'campaigns-table', testid: 'campaigns-table', class: 'table' },
    el('caption', { class: 'visually-hidden' }, 'Campaigns'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Campaign'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Tags'),
      el('th', { scope: 'col' }, 'Send date'), el('th', { scope: 'col' }, 'Changed'), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    rows));
  const empty = el('div', { id: 'campaigns-empty', testid: 'campaigns-empty', class: 'empty-state', hidden: true });
  const error = el('div', { id: 'campaigns-error', testid: 'campaigns-error', class: 'form-error', role: 'alert', hidden: true });
  const loading = el('p', { id: 'campaigns-loading', testid: 'campaigns-loading', class: 'muted', role: 'status' }, 'Loading campaigns…');
  const pages = pager('campaigns', PAGE_SIZE, 'campaign', (page) => {
    state.page = page;
    reload();
  });

  function sendDate(c) {
    if (c.status === 'sent' || c.sentAt) {
      return [el('span', { class: 'muted' }, 'Sent '), time(c.sentAt)];
    }
    if (c.status === 'sending' && c.progress && c.progress.total) {
      const done = (c.progress.sent || 0) + (c.progress.failed || 0) + (c.progress.suppressed || 0);
      return el('span', { testid: 'campaign-row-progress' }, `${Math.floor((100 * done) / c.progress.total)} % sent`);
    }
    return c.scheduledAt ? time(c.scheduledAt) : el('span', { class: 'muted' }, '—');
  }

  function rowActions(c) {
    const status = el('span', { class: 'inline-status', role: 'status' });
    const duplicate = el('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'campaign-row-duplicate',
      on: { click: async () => {
        duplicate.disabled = true;
        try {
          const copy = await api.post(campaignPath(c.id, 'duplicate'));
          ctx.navigate(`#/campaigns/${encodeURIComponent(copy.id)}`);
        } catch (failure) {
          status.textContent = messageOf(failure);
          duplicate.disabled = false;
        }
      } } }, 'Duplicate');
    const remove = (c.status === 'draft' || c.status === 'cancelled') ? el('button', { type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'campaign-row-delete',
      on: { click: async () => {
        if (!(await ctx.ui.confirm({ title: 'Delete this campaign?', message: `"${c.name}" will be gone for good.`, confirmLabel: 'Delete', danger: true }))) {
          return;
        }
        try {
          await api.del(campaignPath(c.id));
          ctx.notify(`"${c.name}" deleted.`, 'info');
          await reload();
        } catch (failure) {
          status.textContent = messageOf(failure);
        }
      } } }, 'Delete') : null;
    return el('div', { class: 'cell-actions' }, duplicate, remove, status);
  }

  function row(c) {
    return el('tr', { testid: 'campaign-row', dataset: { campaignId: c.id, status: c.status } },
      el('td', {},
        el('a', { href: `#/campaigns/${encodeURIComponent(c.id)}`, class: 'strong', testid: 'campaign-row-name' }, c.name || 'Untitled campaign'),
        c.subject ? el('div', { class: 'muted small truncate', testid: 'campaign-row-subject' }, c.subject) : null),
      el('td', {}, statusBadge(c.status, { testid: 'campaign-row-status' })),
      el('td', { testid: 'campaign-row-tags' }, (c.tags || []).map((t) => el('span', { class: 'tag' }, t))),
      el('td', {}, sendDate(c)),
      el('td', {}, time(c.updatedAt)),
      el('td', {}, rowActions(c)));
  }

  function filtered() {
    return Boolean(state.q || state.status || state.tag);
  }

  function syncAddress() {
    const query = new URLSearchParams();
    if (state.q) query.set('q', state.q);
    if (state.status) query.set('status', state.status);
    if (state.tag) query.set('tag', state.tag);
    if (state.sort !== 'updated') query.set('sort', state.sort);
    if (state.page > 0) query.set('page', String(state.page + 1));
    const text = query.toString();
    // Keep the address in step without routing again (the page is already showing this view).
    history.replaceState(history.state, '', `#/campaigns${text ? `?${text}` : ''}`);
  }

  async function reload() {
    const mine = ++loads;
    loading.hidden = false;
    error.hidden = true;
    const query = new URLSearchParams({ q: state.q, status: state.status, tag: state.tag, sort: state.sort, page: String(state.page), size: String(PAGE_SIZE) });
    for (const [key, value] of [...query]) {
      if (!value) query.delete(key);
    }
    try {
      const result = await api.get(`/campaigns?${query}`, { signal: ctx.signal });
      if (mine !== loads || ctx.signal.aborted) {
        return;
      }
      syncAddress();
      replaceChildren(rows, result.items.map(row));
      table.hidden = result.items.length === 0;
      pages.node.hidden = result.total <= PAGE_SIZE;
      pages.update(state.page, result.total);
      if (result.items.length > 0) {
        empty.hidden = true;
      } else if (filtered()) {
        replaceChildren(empty, el('p', {}, 'No campaign matches these filters.'),
          el('p', {}, el('button', { type: 'button', class: 'btn btn-secondary', testid: 'campaigns-clear-filters', on: { click: clearFilters } }, 'Show all campaigns')));
        empty.hidden = false;
      } else {
        replaceChildren(empty, el('p', { class: 'strong' }, 'Write your first campaign'),
          el('p', {}, 'A campaign is one email to your lists and segments: write it, preview it, send yourself a test, then send or schedule it.'),
          el('p', {}, el('button', { type: 'button', class: 'btn btn-primary', id: 'campaigns-empty-new', testid: 'campaigns-empty-new', on: { click: openNew } }, 'Write your first campaign')));
        empty.hidden = false;
      }
    } catch (failure) {
      if (failure.name === 'AbortError' || mine !== loads) {
        return;
      }
      error.textContent = `Campaigns could not be loaded: ${messageOf(failure)}`;
      error.hidden = false;
    } finally {
      if (mine === loads) {
        loading.hidden = true;
      }
    }
  }

  function clearFilters() {
    Object.assign(state, { q: '', status: '', tag: '', page: 0 });
    search.value = '';
    statusFilter.querySelector('select').value = '';
    tagFilter.querySelector('select').value = '';
    reload();
  }

  const searchLater = debounce(() => {
    state.q = search.value.trim();
    state.page = 0;
    reload();
  }, 300);
  search.addEventListener('input', searchLater);
  for (const [wrapper, key] of [[statusFilter, 'status'], [tagFilter, 'tag'], [sortSelect, 'sort']]) {
    wrapper.querySelector('select').addEventListener('change', (event) => {
      state[key] = event.target.value;
      state.page = 0;
      reload();
    });
  }

  container.append(
    pageHeader('Campaigns', 'Write, check and send email to your audience.'),
    el('div', { class: 'toolbar' }, newButton,
      el('a', { href: '#/campaigns/settings', id: 'campaigns-settings-link', testid: 'campaigns-settings-link' }, 'Campaign settings')),
    newCard,
    el('section', { class: 'card' }, filters, error, loading, table, empty, pages.node));
  if (ctx.query.get('new')) {
    openNew();
  }
  await reload();
  return () => searchLater.cancel();
}
