// The CSV import wizard (#/import, #/import/<id>): choose a file → upload → map the columns (first
// rows shown) → start → live progress (polled every 500 ms, cancellable) → summary with the
// rejected rows and the error report CSV. Past imports are listed under it.

import { helpers, messageOf } from './common.js';

const POLL_MS = 500;
const TERMINAL = new Set(['finished', 'failed', 'cancelled']);
const TARGETS = [['email', 'Email'], ['first_name', 'First name'], ['last_name', 'Last name'], ['status', 'Status'],
  ['attribute', 'Attribute'], ['ignore', 'Ignore']];
const TYPES = [['text', 'Text'], ['number', 'Number'], ['date', 'Date'], ['boolean', 'Yes/no']];
const DELIMITERS = [[',', 'Comma ( , )'], [';', 'Semicolon ( ; )'], ['\t', 'Tab']];
const STEPS = [['file', 'Choose a file'], ['mapping', 'Map the columns'], ['progress', 'Import'], ['summary', 'Summary']];

export default async function render(container, ctx) {
  const { selectField, useStylesheet } = helpers(ctx);
  useStylesheet();
  const { api } = ctx;
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit, setFormError } = ctx.ui;
  let pollTimer = null;
  ctx.signal.addEventListener('abort', () => clearTimeout(pollTimer));

  const stepList = el('ol', { class: 'wizard-steps', id: 'import-steps', testid: 'import-steps' },
    STEPS.map(([key, label], i) => el('li', { class: 'wizard-step', dataset: { step: key } }, `${i + 1}. ${label}`)));
  const stage = el('section', { class: 'card', id: 'import-wizard', testid: 'import-wizard', 'aria-live': 'polite' });
  const pastRows = el('tbody', { id: 'imports-rows', testid: 'imports-rows' });
  const pastEmpty = el('p', { id: 'imports-empty', class: 'empty-state', hidden: true }, 'No imports yet.');

  function showStep(key, ...content) {
    stage.dataset.step = key;
    for (const li of stepList.children) {
      if (li.dataset.step === key) {
        li.setAttribute('aria-current', 'step');
      } else {
        li.removeAttribute('aria-current');
      }
    }
    replaceChildren(stage, ...content);
  }

  // ---- 1. choose and upload ----
  function fileStep() {
    const uploadForm = form('import-upload-form',
      field({ id: 'import-file', name: 'file', label: 'CSV file', type: 'file', accept: '.csv,.txt,text/csv,text/plain', required: true,
        hint: 'UTF-8, with a header row; comma, semicolon or tab separated.' }),
      el('div', { class: 'form-actions' },
        el('button', { id: 'import-upload', testid: 'import-upload', type: 'submit', class: 'btn btn-primary' }, 'Upload')));
    handleSubmit(uploadForm, async () => {
      const file = uploadForm.querySelector('#import-file').files[0];
      if (!file) {
        setFormError(uploadForm, 'Choose a file first.');
        return;
      }
      const view = await api.upload(`/contacts/imports?fileName=${encodeURIComponent(file.name)}`, file, { contentType: 'text/csv' });
      if (ctx.signal.aborted) {
        return;
      }
      history.replaceState(history.state, '', `#/import/${encodeURIComponent(view.id)}`);
      await mappingStep(view);
      loadPast();
    });
    showStep('file', el('h2', {}, 'Choose a file'), uploadForm);
  }

  // ---- 2. mapping ----
  async function mappingStep(view) {
    const lists = await api.get('/lists');
    if (ctx.signal.aborted) {
      return;
    }
    const preview = view.preview || { header: [], rows: [], suggestedColumns: [], delimiter: ',' };
    const columns = preview.suggestedColumns || [];
    const controls = columns.map((col) => {
      const i = col.index;
      const target = el('select', { id: `import-col-${i}-target`, testid: 'import-col-target', name: `target-${i}`, 'aria-label': `Column ${i + 1} (${col.header}) becomes` },
        TARGETS.map(([v, l]) => el('option', { value: v }, l)));
      target.value = col.target || 'ignore';
      const attribute = el('input', { id: `import-col-${i}-attribute`, testid: 'import-col-attribute', name: `attribute-${i}`, type: 'text',
        value: col.attribute || col.header || '', 'aria-label': `Attribute name of column ${i + 1}` });
      const type = el('select', { id: `import-col-${i}-type`, testid: 'import-col-type', name: `type-${i}`, 'aria-label': `Attribute type of column ${i + 1}` },
        TYPES.map(([v, l]) => el('option', { value: v }, l)));
      type.value = col.type || 'text';
      const sync = () => {
        attribute.hidden = target.value !== 'attribute';
        type.hidden = target.value !== 'attribute';
      };
      target.addEventListener('change', sync);
      sync();
      return { col, target, attribute, type };
    });
    const table = el('table', { class: 'table mapping-table', id: 'import-preview', testid: 'import-preview' },
      el('caption', { class: 'visually-hidden' }, 'The first rows of the file and what each column becomes'),
      el('thead', {},
        el('tr', {}, controls.map(({ col }) => el('th', { scope: 'col', testid: 'import-col-header' }, col.header || `Column ${col.index + 1}`))),
        el('tr', {}, controls.map(({ target, attribute, type }) => el('td', {}, target, attribute, type)))),
      el('tbody', {}, (preview.rows || []).map((r) => el('tr', { testid: 'import-preview-row' },
        controls.map(({ col }) => el('td', { class: 'preview-cell' }, r[col.index] === undefined ? '' : r[col.index]))))));

    const optionsForm = form('import-start-form',
      el('div', { class: 'table-wrap' }, table),
      el('div', { class: 'filters' },
        selectField({ id: 'import-delimiter', name: 'delimiter', label: 'Delimiter', options: DELIMITERS, value: preview.delimiter || ',',
          hint: 'Detected from the header line.' }),
        selectField({ id: 'import-mode', name: 'mode', label: 'Mode', value: 'add',
          options: [['add', 'Add new contacts only'], ['upsert', 'Add new and update existing']] }),
        selectField({ id: 'import-list', name: 'listId', label: 'Add to list', options: [['', 'No list'], ...lists.map((l) => [l.id, l.name])] }),
        field({ id: 'import-tags', name: 'tags', label: 'Tags', hint: 'Separated by commas' })),
      el('div', { class: 'form-actions' },
        el('button', { id: 'import-start', testid: 'import-start', type: 'submit', class: 'btn btn-primary' }, 'Start import')));
    optionsForm.classList.add('form-wide');
    handleSubmit(optionsForm, async (values) => {
      const body = {
        delimiter: values.delimiter,
        mode: values.mode,
        listId: values.listId || null,
        tags: (values.tags || '').split(',').map((t) => t.trim()).filter(Boolean),
        columns: controls.map(({ col, target, attribute, type }) => ({
          index: col.index,
          header: col.header,
          target: target.value,
          attribute: target.value === 'attribute' ? attribute.value.trim() : null,
          type: target.value === 'attribute' ? type.value : null,
        })),
      };
      const started = await api.post(`/contacts/imports/${encodeURIComponent(view.id)}/start`, body);
      progressStep(started);
      loadPast();
    });
    showStep('mapping', el('h2', {}, `Map the columns of ${view.fileName || 'the file'}`),
      el('p', { class: 'muted' }, `The first ${(preview.rows || []).length} rows. Choose what each column becomes.`),
      optionsForm);
  }

  // ---- 3. progress ----
  /** The progress bar and figures of an import; shown while it runs and, full, in its summary. */
  function progressPanel() {
    const bar = el('progress', { id: 'import-progress', testid: 'import-progress', class: 'import-progress', max: '1', value: '0',
      'aria-label': 'Import progress' });
    const state = el('span', { id: 'import-state', testid: 'import-state' });
    const phase = el('span', { id: 'import-phase', class: 'muted' });
    const rowsDone = el('span', { id: 'import-rows-done', testid: 'import-rows-done', class: 'stat-value' }, '0');
    const rate = el('span', { id: 'import-rate', testid: 'import-rate', class: 'stat-value' }, '0');
    const rejected = el('span', { id: 'import-rejected', testid: 'import-rejected', class: 'stat-value' }, '0');
    const node = el('div', { id: 'import-progress-panel' },
      bar,
      el('div', { role: 'status', 'aria-live': 'polite', id: 'import-status', testid: 'import-status' }, 'State: ', state, ' ', phase),
      el('div', { class: 'stats' },
        el('div', {}, rowsDone, 'rows done'),
        el('div', {}, rate, 'rows per second'),
        el('div', {}, rejected, 'rejected')));
    return {
      node,
      update(v) {
        const done = v.state === 'finished' ? 1 : Math.min(1, Math.max(0, Number(v.progress) || 0));
        bar.value = done;
        bar.textContent = `${Math.round(done * 100)} %`;
        state.textContent = v.state;
        node.dataset.state = v.state;
        phase.textContent = v.phase && !TERMINAL.has(v.state) ? `(${v.phase})` : '';
        rowsDone.textContent = String(v.rowsDone);
        rate.textContent = String(Math.round(Number(v.rowsPerSecond) || 0));
        rejected.textContent = String(v.rejected);
      },
    };
  }

  function progressStep(view) {
    const panel = progressPanel();
    const message = el('p', { id: 'import-message', testid: 'import-message', role: 'alert', class: 'form-error', hidden: true });
    const cancel = el('button', { id: 'import-cancel', testid: 'import-cancel', type: 'button', class: 'btn btn-danger-outline' }, 'Cancel import');
    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        update(await api.post(`/contacts/imports/${encodeURIComponent(view.id)}/cancel`));
      } catch (failure) {
        message.textContent = messageOf(failure);
        message.hidden = false;
        cancel.disabled = false;
      }
    });
    showStep('progress', el('h2', {}, `Importing ${view.fileName || ''}`), panel.node, message, el('div', { class: 'toolbar' }, cancel));

    function update(v) {
      panel.update(v);
      if (TERMINAL.has(v.state)) {
        clearTimeout(pollTimer);
        summaryStep(v);
        loadPast();
      }
      return v;
    }

    async function poll() {
      try {
        const v = await api.get(`/contacts/imports/${encodeURIComponent(view.id)}`);
        if (ctx.signal.aborted || stage.dataset.step !== 'progress') {
          return;
        }
        update(v);
        if (!TERMINAL.has(v.state)) {
          pollTimer = setTimeout(poll, POLL_MS);
        }
      } catch (failure) {
        if (ctx.signal.aborted || failure.status === 401) {
          return;
        }
        message.textContent = `The progress could not be read (${messageOf(failure)}); trying again.`;
        message.hidden = false;
        pollTimer = setTimeout(poll, POLL_MS * 4);
      }
    }
    update(view);
    if (!TERMINAL.has(view.state)) {
      pollTimer = setTimeout(poll, POLL_MS);
    }
  }

  // ---- 4. summary ----
  async function summaryStep(view) {
    const idPath = `/contacts/imports/${encodeURIComponent(view.id)}`;
    const rejectedBody = el('tbody', { id: 'import-rejections-rows', testid: 'import-rejections-rows' });
    const panel = progressPanel();
    panel.update(view);
    showStep('summary',
      el('h2', {}, `Import of ${view.fileName || 'the file'}: ${view.state}`),
      panel.node,
      view.message ? el('p', { id: 'import-summary-message', testid: 'import-summary-message', class: view.state === 'failed' ? 'form-error' : 'muted' }, view.message) : null,
      el('div', { class: 'stats', id: 'import-summary', testid: 'import-summary', dataset: { state: view.state } },
        el('div', {}, el('span', { class: 'stat-value', id: 'import-summary-created', testid: 'import-summary-created' }, String(view.created)), 'created'),
        el('div', {}, el('span', { class: 'stat-value', id: 'import-summary-updated', testid: 'import-summary-updated' }, String(view.updated)), 'updated'),
        el('div', {}, el('span', { class: 'stat-value', id: 'import-summary-rejected', testid: 'import-summary-rejected' }, String(view.rejected)), 'rejected')),
      view.rejected > 0 ? el('p', {}, el('a', { id: 'import-report', testid: 'import-report', class: 'btn btn-secondary',
        href: api.url(`${idPath}/rejections.csv`), download: `import-${view.id}-rejected.csv` }, 'Download the error report (CSV)')) : null,
      view.rejected > 0 ? el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'import-rejections', testid: 'import-rejections' },
        el('caption', {}, 'The first rejected rows'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Line'), el('th', { scope: 'col' }, 'Email'), el('th', { scope: 'col' }, 'Reason'))),
        rejectedBody)) : null,
      el('div', { class: 'toolbar gap-row' },
        el('a', { id: 'import-another', testid: 'import-another', class: 'btn btn-primary', href: '#/import' }, 'Import another file'),
        el('a', { id: 'import-view-contacts', class: 'btn btn-secondary', href: '#/contacts' }, 'See the contacts')));
    if (view.rejected > 0) {
      const page = await api.get(`${idPath}/rejections?size=50`);
      if (ctx.signal.aborted) {
        return;
      }
      replaceChildren(rejectedBody, page.items.map((r) => el('tr', { testid: 'import-rejection', dataset: { line: String(r.line) } },
        el('td', { testid: 'import-rejection-line' }, String(r.line)),
        el('td', { testid: 'import-rejection-email' }, r.email || ''),
        el('td', { testid: 'import-rejection-reason' }, r.reason))));
      rejectedBody.dataset.loaded = 'true';
    }
  }

  // ---- past imports ----
  async function loadPast() {
    try {
      const all = await api.get('/contacts/imports');
      if (ctx.signal.aborted) {
        return;
      }
      replaceChildren(pastRows, all.map((v) => el('tr', { testid: 'import-row', dataset: { importId: v.id, state: v.state } },
        el('td', {}, el('a', { href: `#/import/${encodeURIComponent(v.id)}`, testid: 'import-row-open' }, v.fileName || v.id)),
        el('td', { testid: 'import-row-state' }, v.state),
        el('td', {}, String(v.created)),
        el('td', {}, String(v.updated)),
        el('td', {}, String(v.rejected)),
        el('td', { class: 'cell-nowrap' }, time(v.createdAt)))));
      pastEmpty.hidden = all.length > 0;
    } catch (failure) {
      if (!ctx.signal.aborted && failure.status !== 401) {
        ctx.notify(`The past imports could not be loaded: ${messageOf(failure)}`, 'error');
      }
    }
  }

  async function open(id) {
    let view;
    try {
      view = await api.get(`/contacts/imports/${encodeURIComponent(id)}`);
    } catch (failure) {
      if (failure.status === 404) {
        ctx.notify('That import does not exist.', 'warning');
        fileStep();
        return;
      }
      throw failure;
    }
    if (view.state === 'uploaded') {
      await mappingStep(view);
    } else if (TERMINAL.has(view.state)) {
      await summaryStep(view);
    } else {
      progressStep(view);
    }
  }

  container.append(
    pageHeader('Import contacts', 'Bring contacts in from a CSV file: every rejected row is reported with its reason.'),
    stepList,
    stage,
    el('section', { class: 'card' }, el('h2', {}, 'Past imports'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'imports-table', testid: 'imports-table' },
        el('thead', {}, el('tr', {}, ['File', 'State', 'Created', 'Updated', 'Rejected', 'When'].map((h) => el('th', { scope: 'col' }, h)))),
        pastRows)),
      pastEmpty));
  if (ctx.params.length > 0) {
    await open(ctx.params[0]);
  } else {
    fileStep();
  }
  await loadPast();
}
