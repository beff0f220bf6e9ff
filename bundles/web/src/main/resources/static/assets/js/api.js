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
    /** Seconds to wait before trying again (from Retry-After, e.g. on 429 or 503), or null. */
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

const ACCEPT_JSON = 'application/json, application/problem+json';
const ACCEPT_TEXT = 'text/plain, application/problem+json;q=0.9';

/** A body sent as it is (not as JSON): a File or other Blob, an ArrayBuffer or typed array, or a string. */
function isRawBody(body) {
  return body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || typeof body === 'string';
}

/**
 * The body and Content-Type of an upload(). Made once per call, so a retried request sends the same
 * bytes (a File or Blob can be read again; a stream could not, so none is accepted).
 */
function rawPayload(body, contentType) {
  if (!isRawBody(body)) {
    throw new TypeError('upload(): the body must be a File, Blob, ArrayBuffer, typed array or string');
  }
  const type = contentType || (body instanceof Blob ? body.type : '');
  if (!type) {
    throw new TypeError('upload(): give options.contentType (the body has no type of its own)');
  }
  return { body, contentType: type };
}

async function send(method, path, payload, accept, signal) {
  const headers = { Accept: accept };
  if (payload) {
    headers['Content-Type'] = payload.contentType;
  }
  if (!SAFE_METHODS.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  try {
    return await fetch(API_BASE + path, {
      method,
      headers,
      body: payload ? payload.body : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error && error.name === 'AbortError') {
      // The caller gave up (e.g. the user left the page): not a network problem to report.
      throw error;
    }
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
}

async function refreshCsrfToken() {
  const response = await send('GET', '/auth/session', null, ACCEPT_JSON);
  if (!response.ok) {
    return false;
  }
  const session = await readBody(response);
  setCsrfToken(session && session.csrfToken);
  return Boolean(csrfToken);
}

/**
 * One exchange with the API, the same for every kind of call: the CSRF token on state-changing
 * methods, one retry with a fresh token after a 403, RFC 7807 problems as ApiError (with
 * Retry-After as `retryAfter`), and the 401 handler.
 */
async function exchange(verb, path, payload, options, asText) {
  const accept = asText ? ACCEPT_TEXT : ACCEPT_JSON;
  let response = await send(verb, path, payload, accept, options.signal);
  if (response.status === 403 && !SAFE_METHODS.has(verb) && !options.public) {
    // A token that went stale (e.g. after the session was renewed): fetch the current one and try
    // once more. A request refused for any other reason fails the same way again.
    if (await refreshCsrfToken()) {
      response = await send(verb, path, payload, accept, options.signal);
    }
  }
  if (response.status === 204 || response.status === 205) {
    return null;
  }
  if (response.ok && asText) {
    return response.text();
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

/**
 * Calls the API with a JSON body (or none). `path` is relative to /api/v1 and must already be
 * URL-encoded where it carries data (use encodeURIComponent). Resolves to the parsed JSON answer,
 * or null for 204; rejects with an ApiError.
 *
 * options.public: the call is allowed signed out (login, sign-up): a 401 is an answer to show,
 * not a reason to leave the page.
 * options.signal: an AbortSignal that cancels the call (it then rejects with an AbortError).
 */
export async function request(method, path, body, options = {}) {
  const payload = body === undefined ? null : { body: JSON.stringify(body), contentType: 'application/json' };
  return exchange(method.toUpperCase(), path, payload, options, false);
}

/**
 * Sends `body` as it is, e.g. a CSV file or a saved message: a File or Blob (its own type unless
 * options.contentType says otherwise), an ArrayBuffer, a typed array or a string (these need
 * options.contentType). options.method is POST (default) or PUT. Resolves and rejects like
 * request(), with the same CSRF handling and retry.
 */
export async function upload(path, body, options = {}) {
  const method = (options.method || 'POST').toUpperCase();
  if (method !== 'POST' && method !== 'PUT') {
    throw new TypeError(`upload(): method ${method} carries no body; use POST or PUT`);
  }
  return exchange(method, path, rawPayload(body, options.contentType), options, false);
}

/** GETs a plain-text answer (e.g. a message's source) and resolves to its text; rejects like request(). */
export async function getText(path, options = {}) {
  return exchange('GET', path, null, options, true);
}

/**
 * The address of an API path with query parameters (empty ones left out), for what the browser
 * fetches itself: a download link (`<a href download>`), where the session cookie authenticates.
 */
export function apiUrl(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** The API client handed to every page. */
export const api = Object.freeze({
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  patch: (path, body, options) => request('PATCH', path, body, options),
  del: (path, options) => request('DELETE', path, undefined, options),
  upload,
  getText,
  url: apiUrl,
});
