// What the campaign pages share: the stylesheet, status words, a pager, labelled selects and text
// areas, and small helpers. Everything that makes elements is bound to the page's ctx by
// helpers(ctx), so data always becomes text (ctx.ui.el never parses markup).

/** Campaign statuses as the API names them, with the words the pages use. */
export const STATUSES = [
  ['draft', 'Draft'],
  ['scheduled', 'Scheduled'],
  ['sending', 'Sending'],
  ['testing', 'Testing'],
  ['paused', 'Paused'],
  ['sent', 'Sent'],
  ['cancelled', 'Cancelled'],
];

/** Statuses in which the content and audience can still be changed. */
export const EDITABLE = new Set([
  'draft',
  'scheduled',
]);

/** The path of a campaign's API resource, e.g. campaignPath(c.id, 'send'). */
export function campaignPath(id, action) {
  return `/campaigns/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

/** The message of a failed call, for a status line. */
export function messageOf(failure) {
  if (failure && Array.isArray(failure.errors) && failure.errors.length > 0) {
    return failure.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  }
  return (failure && failure.message) || 'Something went wrong';
}

/** Calls fn after `ms` of quiet; each call restarts the wait. flush() runs a pending call now. */
export function debounce(fn, ms) {
  let timer = null;
  let pending = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    pending = args;
    timer = setTimeout(() => {
      pending = null;
      fn(...args);
    }, ms);
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    pending = null;
  };
  debounced.flush = () => {
    if (pending) {
      const args = pending;
      debounced.cancel();
      return fn(...args);
    }
    return undefined;
  };
  return debounced;
}

/** "3 min", "1 h 20 min", "40 s" for a number of seconds. */
export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '—';
  }
  if (seconds < 60) {
    return `${Math.round(seconds)} s`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Splits "a, b ,c" into ['a', 'b', 'c']. */
export function splitTags(text) {
  return [...new Set(String(text || '').split(',').map((t) => t.trim()).filter(Boolean))];
}

/** The DOM helpers of the campaign pages, built with the page's ctx.ui.el. */
export function helpers(ctx) {
  const { el } = ctx.ui;

  /** Adds the stylesheets of the campaign pages to the document once. */
  function useStylesheet() {
    if (!document.getElementById('campaigns-stylesheet')) {
      document.head.append(el('link', { id: 'campaigns-stylesheet', rel: 'stylesheet', href: '/ui/campaigns/campaigns.css' }));
    }
  }

  function statusBadge(status, props = {}) {
    const label = (STATUSES.find(([value]) => value === status) || [status, status || '—'])[1];
    return el('span', { class: ['badge', `badge-${status}`], dataset: { status: status || '' }, ...props }, label);
  }

  /** The field wrapper forms.js looks for: errors for API field `name` appear under the control. */
  function wrap(id, name, label, control, hint) {
    return el('div', { class: 'field', dataset: { fieldFor: name } },
      label ? el('label', { for: id }, label) : null,
      control,
      hint ? el('p', { id: `${id}-hint`, class: 'hint' }, hint) : null,
      el('p', { id: `${id}-error`, class: 'field-error', testid: 'field-error', hidden: true }));
  }

  /** A labelled <select>; `options` are [value, label] pairs. */
  function selectField({ id, name, label, options, value = '', hint, ...attributes }) {
    const select = el('select', {
      id, name, testid: id, dataset: { field: name }, 'aria-describedby': [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' '), ...attributes,
    }, options.map(([v, l]) => el('option', { value: v }, l)));
    select.value = value;
    return wrap(id, name, label, select, hint);
  }

  /** A labelled <textarea>. */
  function textareaField({ id, name, label, value = '', hint, ...attributes }) {
    const area = el('textarea', {
      id, name, testid: id, dataset: { field: name }, 'aria-describedby': [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' '), ...attributes,
    });
    area.value = value;
    return wrap(id, name, label, area, hint);
  }

  /** A checkbox with its label on the right; `name` is the API field. */
  function checkboxField({ id, name, label, checked = false, hint, ...attributes }) {
    const box = el('input', { id, name, type: 'checkbox', testid: id, dataset: { field: name }, ...attributes });
    box.checked = Boolean(checked);
    return el('div', { class: 'field field-check', dataset: { fieldFor: name } },
      el('label', { class: 'checkbox', for: id }, box, ' ', label),
      hint ? el('p', { class: 'hint' }, hint) : null,
      el('p', { id: `${id}-error`, class: 'field-error', testid: 'field-error', hidden: true }));
  }

  /**
   * A pager: "← Previous", "Page x of y · n campaigns", "Next →". `onPage(page)` gets the new page
   * (from 0); update(page, total) sets its state.
   */
  function pager(prefix, size, noun, onPage) {
    let current = 0;
    const prev = el('button', { id: `${prefix}-prev`, testid: `${prefix}-prev`, type: 'button', class: 'btn btn-secondary btn-small', disabled: true,
      on: { click: () => onPage(current - 1) } }, '← Previous');
    const next = el('button', { id: `${prefix}-next`, testid: `${prefix}-next`, type: 'button', class: 'btn btn-secondary btn-small', disabled: true,
      on: { click: () => onPage(current + 1) } }, 'Next →');
    const info = el('span', { id: `${prefix}-page-info`, testid: `${prefix}-page-info`, class: 'pager-info', 'aria-live': 'polite' });
    return {
      node: el('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, info, next),
      update(page, total) {
        current = page;
        const pages = Math.max(1, Math.ceil(total / size));
        info.textContent = `Page ${page + 1} of ${pages} · ${total} ${total === 1 ? noun : `${noun}s`}`;
        prev.disabled = page === 0;
        next.disabled = page + 1 >= pages;
      },
    };
  }

  /**
   * A contact picker: a search box and a select of the matches (none chosen = "no contact"), for
   * "preview as" and test sends. value() is the chosen contact id or ''.
   */
  function contactPicker(id, label, onChange = () => {}) {
    const search = el('input', { id: `${id}-search`, testid: `${id}-search`, type: 'search', placeholder: 'Find a contact by email or name', autocomplete: 'off', maxlength: '200' });
    const select = el('select', { id, testid: id, name: 'contactId', dataset: { field: 'contactId' } },
      el('option', { value: '' }, 'Sample data (no contact)'));
    let searches = 0;
    const find = debounce(async () => {
      const q = search.value.trim();
      const mine = ++searches;
      try {
        const page = await ctx.api.get(`/contacts?q=${encodeURIComponent(q)}&size=10`, { signal: ctx.signal });
        if (mine !== searches || ctx.signal.aborted) {
          return;
        }
        const chosen = select.value;
        select.replaceChildren(el('option', { value: '' }, 'Sample data (no contact)'),
          ...page.items.map((c) => el('option', { value: c.id }, [c.firstName, c.lastName].filter(Boolean).join(' ') ? `${[c.firstName, c.lastName].filter(Boolean).join(' ')} <${c.email}>` : c.email)));
        if ([...select.options].some((o) => o.value === chosen)) {
          select.value = chosen;
        }
      } catch (error) {
        if (error.name !== 'AbortError') {
          select.title = `Contacts could not be searched: ${messageOf(error)}`;
        }
      }
    }, 300);
    search.addEventListener('input', find);
    select.addEventListener('change', () => onChange(select.value));
    return {
      node: el('div', { class: 'field contact-picker', dataset: { fieldFor: 'contactId' } },
        el('label', { for: `${id}-search` }, label),
        el('div', { class: 'contact-picker-row' }, search, select),
        el('p', { id: `${id}-error`, class: 'field-error', testid: 'field-error', hidden: true })),
      value: () => select.value,
    };
  }

  return { useStylesheet, statusBadge, selectField, textareaField, checkboxField, pager, contactPicker };
}
