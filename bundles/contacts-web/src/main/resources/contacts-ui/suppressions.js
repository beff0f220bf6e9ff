// The suppression list (#/suppressions): addresses that never receive campaign mail. Search and
// page through it, add an address, import a file of addresses (with a result per line) and remove
// entries that were added by hand.

import { debounce, helpers, messageOf } from './common.js';

const PAGE_SIZE = 50;

export default async function render(container, ctx) {
  const { pager, showResults, useStylesheet } = helpers(ctx);
  useStylesheet();
  const { api } = ctx;
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit, confirm, setFormError } = ctx.ui;
  let q = ctx.query.get('q') || '';
  let page = 0;
  let loads = 0;

  const search = el('input', { id: 'suppressions-search', testid: 'suppressions-search', type: 'search', value: q, placeholder: 'Address' });
  const rows = el('tbody', { id: 'suppressions-rows', testid: 'suppressions-rows' });
  const empty = el('p', { id: 'suppressions-empty', testid: 'suppressions-empty', class: 'empty-state', hidden: true }, 'No suppressed addresses.');
  const status = el('p', { id: 'suppressions-status', testid: 'suppressions-status', role: 'status', class: 'muted' });
  const pages = pager('suppressions', PAGE_SIZE, 'address', (p) => {
    page = p;
    load();
  });

  const addForm = form('suppression-add-form',
    el('div', { class: 'gap-row' },
      field({ id: 'suppression-add-email', name: 'email', label: 'Address', type: 'email', required: true }),
      el('button', { id: 'suppression-add-submit', testid: 'suppression-add-submit', type: 'submit', class: 'btn btn-primary' }, 'Suppress')));
  handleSubmit(addForm, async (values, f) => {
    const added = await api.post('/suppressions', { email: values.email });
    f.reset();
    status.textContent = `${added.email} is suppressed.`;
    await load();
  });

  const importResults = el('div', { id: 'suppression-import-results', testid: 'suppression-import-results', 'aria-live': 'polite', hidden: true });
  const importForm = form('suppression-import-form',
    field({ id: 'suppression-import-file', name: 'file', label: 'File of addresses', type: 'file', accept: '.csv,.txt,text/csv,text/plain',
      hint: 'One address per line, or a CSV whose first column is the address.' }),
    el('div', { class: 'form-actions' },
      el('button', { id: 'suppression-import-submit', testid: 'suppression-import-submit', type: 'submit', class: 'btn btn-secondary' }, 'Import')));
  handleSubmit(importForm, async (values, f) => {
    const file = f.querySelector('#suppression-import-file').files[0];
    if (!file) {
      setFormError(f, 'Choose a file first.');
      return;
    }
    const result = await api.upload('/suppressions/import', file, { contentType: 'text/plain' });
    showResults(importResults, result);
    f.reset();
    await load();
  });

  function row(s) {
    const manual = s.reason === 'manual';
    const remove = manual ? el('button', { type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'suppression-row-remove' }, 'Remove') : null;
    remove?.addEventListener('click', async () => {
      if (!(await confirm({ title: 'Remove suppression', message: `Allow mail to ${s.email} again?`, confirmLabel: 'Remove', danger: true }))) {
        return;
      }
      try {
        await api.del(`/suppressions/${encodeURIComponent(s.id)}`);
        status.textContent = `${s.email} is no longer suppressed.`;
        await load();
      } catch (failure) {
        status.textContent = messageOf(failure);
      }
    });
    return el('tr', { testid: 'suppression-row', dataset: { suppressionId: s.id, reason: s.reason || '' } },
      el('td', { testid: 'suppression-row-email' }, s.email || el('span', { class: 'muted' }, '(erased: hash only)')),
      el('td', { testid: 'suppression-row-reason' }, s.reason || ''),
      el('td', {}, s.source || ''),
      el('td', { class: 'cell-nowrap' }, time(s.createdAt)),
      el('td', { class: 'cell-actions' }, remove));
  }

  async function load() {
    loads += 1;
    const current = loads;
    const query = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
    if (q) {
      query.set('q', q);
    }
    try {
      const result = await api.get(`/suppressions?${query}`);
      if (ctx.signal.aborted || current !== loads) {
        return;
      }
      replaceChildren(rows, result.items.map(row));
      empty.hidden = result.items.length > 0;
      pages.update(page, Number(result.total) || 0);
    } catch (failure) {
      if (!ctx.signal.aborted && current === loads && failure.status !== 401) {
        status.textContent = `The suppression list could not be loaded: ${messageOf(failure)}`;
      }
    }
  }

  const searchLater = debounce(() => {
    q = search.value.trim();
    page = 0;
    load();
  }, 300);
  search.addEventListener('input', searchLater);
  ctx.signal.addEventListener('abort', () => searchLater.cancel());

  container.append(
    pageHeader('Suppression', 'Addresses that never receive campaign mail: unsubscribed, bounced, complained, erased or added by hand.'),
    el('section', { class: 'card' }, el('h2', {}, 'Suppress an address'), addForm),
    el('section', { class: 'card' }, el('h2', {}, 'Import addresses'), importForm, importResults),
    el('section', { class: 'card' },
      el('div', { class: 'field' }, el('label', { for: 'suppressions-search' }, 'Search'), search),
      status,
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'suppressions-table', testid: 'suppressions-table' },
        el('thead', {}, el('tr', {}, ['Address', 'Reason', 'Source', 'Added', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
        rows)),
      empty, pages.node));
  await load();
}
