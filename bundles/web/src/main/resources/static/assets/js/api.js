// The client of the NeuroMail REST API used by every page.
//
// The browser session lives in an HttpOnly cookie the script never sees. What the script keeps is
// the session's CSRF token, in memory only (never in storage, where any injected script could read
// it later), and it sends it on every state-changing request.

export const API_BASE = '/api/v1';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken = null;
let unauthorizedHandler = () => {};

/** A failed API call, carrying the RFC 7807 problem the server answered with. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || (status ? `The server answered ${status}` : 'The server could not be reached'));
    this.name = 'ApiError';
    this.status = status;
    this.title = p.title || '';
    this.detail = p.detail || '';
    this.errors = Array.isArray(p.errors) ? p.errors.filter((e) => e && typeof e === 'object') : [];
    /** Seconds to wait before trying again (429), or null. */
    this.retryAfter = retryAfter;
  }
}

export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' && token ? token : null;
}

/** Called with the ApiError whenever a request that needs a signed-in user is answered 401. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

async function readBody(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!/json/i.test(type)) {
    return null;
  }
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (!SAFE_METHODS.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  try {
    return await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
}

async function refreshCsrfToken() {
  const response = await send('GET', '/auth/session');
  if (!response.ok) {
    return false;
  }
  const session = await readBody(response);
  setCsrfToken(session && session.csrfToken);
  return Boolean(csrfToken);
}

/**
 * Calls the API. `path` is relative to /api/v1 and must already be URL-encoded where it carries
 * data (use encodeURIComponent). Resolves to the parsed JSON answer, or null for 204; rejects with
 * an ApiError.
 *
 * options.public: the call is allowed signed out (login, sign-up): a 401 is an answer to show,
 * not a reason to leave the page.
 */
export async function request(method, path, body, options = {}) {
  const verb = method.toUpperCase();
  let response = await send(verb, path, body);
  if (response.status === 403 && !SAFE_METHODS.has(verb) && !options.public && !options.retried) {
    // A token that went stale (e.g. after the session was renewed): fetch the current one and try
    // once more. A request refused for any other reason fails the same way again.
    if (await refreshCsrfToken()) {
      response = await send(verb, path, body);
    }
  }
  if (response.status === 204 || response.status === 205) {
    return null;
  }
  const data = await readBody(response);
  if (response.ok) {
    return data;
  }
  const error = new ApiError(response.status, data, retryAfterSeconds(response));
  if (response.status === 401 && !options.public) {
    unauthorizedHandler(error);
  }
  throw error;
}

/** The API client handed to every page. */
export const api = Object.freeze({
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  patch: (path, body, options) => request('PATCH', path, body, options),
  del: (path, options) => request('DELETE', path, undefined, options),
});
