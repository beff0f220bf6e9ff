// What the contacts pages share: the stylesheet, status labels, a pager, file uploads and
// download links. Everything is built with el(), so data is always text.

import { ApiError, API_BASE } from '/assets/js/api.js';
import { el, replaceChildren } from '/assets/js/dom.js';

/** The statuses a contact can have, as the API names them, with their labels. */
export const STATUSES = [
  ['subscribed', 'Subscribed'],
  ['unsubscribed', 'Unsubscribed'],
  ['bounced', 'Bounced'],
  ['complained', 'Complained'],
];

/** Adds the contacts stylesheet to the document once. */
export function useStylesheet() {
  if (!document.getElementById('contacts-stylesheet')) {
    document.head.append(el('link', { id: 'contacts-stylesheet', rel: 'stylesheet', href: '/ui/contacts/contacts.css' }));
  }
}

/** A badge with the contact's status. */
export function statusBadge(status, props = {}) {
  const label = (STATUSES.find(([value]) => value === status) || [status, status || '—'])[1];
  return el('span', { class: ['badge', `status-${status}`], dataset: { status: status || '' }, ...props }, label);
}

/** A URL of the API, with the given query parameters (empty ones left out). */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(key, String(value));
    }
  }
  const search = query.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** A link that downloads what an API GET answers (the session cookie authenticates it). */
export function downloadLink(id, label, path, params = {}, fileName = '') {
  return el('a', { id, testid: id, class: 'btn btn-secondary', href: apiUrl(path, params), download: fileName || true }, label);
}

/**
 * Sends a file (or any Blob) as the raw body of a POST to the API, with the session's CSRF token,
 * and resolves to the JSON answer; rejects with an ApiError like ctx.api does. The shell's client
 * only sends JSON, so this asks the session for its token itself (kept only for this request).
 */
export async function postFile(ctx, path, file, contentType = 'text/csv') {
  for (let attempt = 0; ; attempt += 1) {
    const session = await ctx.api.get('/auth/session');
    let response;
    try {
      response = await fetch(API_BASE + path, {
        method: 'POST',
        headers: {
          Accept: 'application/json, application/problem+json',
          'Content-Type': contentType,
          'X-CSRF-Token': (session && session.csrfToken) || '',
        },
        body: file,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' });
    }
    if (response.status === 403 && attempt === 0) {
      continue;
    }
    const json = /json/i.test(response.headers.get('Content-Type') || '');
    const data = json ? await response.json().catch(() => null) : null;
    if (response.ok) {
      return data;
    }
    const retry = Number.parseInt(response.headers.get('Retry-After') || '', 10);
    throw new ApiError(response.status, data, Number.isNaN(retry) ? null : retry);
  }
}

/**
 * A pager: "← Previous", "Page x of y · n things", "Next →". `onPage(page)` is called with the new
 * page (from 0). update(page, total) sets its state.
 */
export function pager(prefix, size, noun, onPage) {
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
export function showResults(target, result, describe = (item) => item) {
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

/** The message of a failed call, for a status line. */
export function messageOf(failure) {
  if (failure && Array.isArray(failure.errors) && failure.errors.length > 0) {
    return failure.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  }
  return (failure && failure.message) || 'Something went wrong';
}

/** A labelled <select>. `options` are [value, label] pairs. */
export function selectField({ id, name, label, options, value = '', hint, ...attributes }) {
  const select = el('select', { id, name, testid: id, dataset: { field: name }, 'aria-describedby': `${id}-error`, ...attributes },
    options.map(([v, l]) => el('option', { value: v }, l)));
  select.value = value;
  return el('div', { class: 'field', dataset: { fieldFor: name } },
    el('label', { for: id }, label), select,
    hint ? el('p', { class: 'hint' }, hint) : null,
    el('p', { id: `${id}-error`, class: 'field-error', testid: 'field-error', hidden: true }));
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
