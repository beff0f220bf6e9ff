// What the contacts pages share: the stylesheet, status labels, a pager, per-item results and
// download links. The pages reach the server and build the DOM only through the shell's ctx
// (ctx.api, ctx.ui.el), so everything here that makes elements is bound to a page's ctx by
// helpers(ctx), and data always becomes text.

/** The statuses a contact can have, as the API names them, with their labels. */
export const STATUSES = [
  ['subscribed', 'Subscribed'],
  ['unsubscribed', 'Unsubscribed'],
  ['bounced', 'Bounced'],
  ['complained', 'Complained'],
];

/** The DOM helpers of the contacts pages, built with the page's ctx.ui.el. */
export function helpers(ctx) {
  const { el, replaceChildren } = ctx.ui;

  /** Adds the contacts stylesheet to the document once. */
  function useStylesheet() {
    if (!document.getElementById('contacts-stylesheet')) {
      document.head.append(el('link', { id: 'contacts-stylesheet', rel: 'stylesheet', href: '/ui/contacts/contacts.css' }));
    }
  }

  /** A badge with the contact's status. */
  function statusBadge(status, props = {}) {
    const label = (STATUSES.find(([value]) => value === status) || [status, status || '—'])[1];
    return el('span', { class: ['badge', `status-${status}`], dataset: { status: status || '' }, ...props }, label);
  }

  /** A link that downloads what an API GET answers (the session cookie authenticates it). */
  function downloadLink(id, label, path, params = {}, fileName = '') {
    return el('a', { id, testid: id, class: 'btn btn-secondary', href: ctx.api.url(path, params), download: fileName || true }, label);
  }

  /**
   * A pager: "← Previous", "Page x of y · n things", "Next →". `onPage(page)` is called with the new
   * page (from 0). update(page, total) sets its state.
   */
  function pager(prefix, size, noun, onPage) {
    let current = 0;
    let pages = 1;
    const prev = el('button', { id: `${prefix}-prev`, testid: `${prefix}-prev`, type: 'button', class: 'btn btn-secondary btn-small', disabled: true,
      on: { click: () => onPage(current - 1) } }, '← Previous');
    const next = el('button', { id: `${prefix}-next`, testid: `${prefix}-next`, type: 'button', class: 'btn btn-secondary btn-small', disabled: true,
      on: { click: () => onPage(current + 1) } }, 'Next →');
    const info = el('span', { id: `${prefix}-page-info`, testid: `${prefix}-page-info`, class: 'pager-info', 'aria-live': 'polite' });
    const node = el('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, info, next);
    return {
      node,
      update(page, total) {
        current = page;
        pages = Math.max(1, Math.ceil(total / size));
        info.textContent = `Page ${page + 1} of ${pages} · ${total} ${total === 1 ? noun : `${noun}s`}`;
        prev.disabled = page === 0;
        next.disabled = page + 1 >= pages;
      },
    };
  }

  /** Shows the per-item results of a bulk action (or a suppression import) in `target`. */
  function showResults(target, result, describe = (item) => item) {
    const results = Array.isArray(result && result.results) ? result.results : [];
    const failed = results.filter((r) => !r.ok);
    replaceChildren(target,
      el('p', { testid: 'results-summary', class: failed.length ? 'muted' : 'success-message' },
        `${result.succeeded} succeeded, ${result.failed} failed.`),
      results.length === 0 ? null : el('ul', { class: 'results-list', testid: 'results-list' },
        results.map((r) => el('li', { testid: 'result-item', dataset: { ok: String(Boolean(r.ok)) }, class: r.ok ? 'result-ok' : 'result-failed' },
          el('span', { class: 'result-item' }, describe(r.item)), ' — ', r.ok ? 'done' : (r.error || 'failed')))));
    target.hidden = false;
  }

  /** A labelled <select>. `options` are [value, label] pairs. */
  function selectField({ id, name, label, options, value = '', hint, ...attributes }) {
    const select = el('select', { id, name, testid: id, dataset: { field: name }, 'aria-describedby': `${id}-error`, ...attributes },
      options.map(([v, l]) => el('option', { value: v }, l)));
    select.value = value;
    return el('div', { class: 'field', dataset: { fieldFor: name } },
      el('label', { for: id }, label), select,
      hint ? el('p', { class: 'hint' }, hint) : null,
      el('p', { id: `${id}-error`, class: 'field-error', testid: 'field-error', hidden: true }));
  }

  return { useStylesheet, statusBadge, downloadLink, pager, showResults, selectField };
}

/** The message of a failed call, for a status line. */
export function messageOf(failure) {
  if (failure && Array.isArray(failure.errors) && failure.errors.length > 0) {
    return failure.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  }
  return (failure && failure.message) || 'Something went wrong';
}

/** Calls fn after `ms` of quiet; each call restarts the wait. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Full name of a contact, or an empty string. */
export function fullName(contact) {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}
