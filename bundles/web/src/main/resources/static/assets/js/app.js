// The NeuroMail application shell: session, hash routing, the navigation frame, and loading each
// page's ES module.
//
// Pages are listed by the server (GET /api/v1/ui/navigation): the built-in ones and whatever other
// bundles contribute as NavigationEntry services. The shell imports a page's module when its route
// is opened and calls its default export with a container and a context (see README, "Adding a
// page"). Only the signed-out pages, log in and sign up, are part of the shell itself.

import { api, ApiError, onUnauthorized, setCsrfToken } from './api.js';
import { confirmAction } from './confirm.js';
import { timeChart } from './charts.js';
import { el, pageHeader, replaceChildren, time } from './dom.js';
import { clearErrors, field, form, handleSubmit, setFieldError, setFormError, showError, values } from './forms.js';

const PRODUCT = 'NeuroMail';

/**
 * The major version of the page contract (the `ctx` a page receives). It follows the package
 * io.neuromail.web.api: members added to `ctx` come with a minor version of that package (a page
 * bundle built against it imports that version or later), an incompatible change raises this.
 */
const CONTEXT_VERSION = 1;

// `always`: the page opens from a mailed link, so it is shown also to someone who is signed in.
const PUBLIC_PAGES = Object.freeze({
  login: { title: 'Log in', load: () => import('./pages/login.js') },
  signup: { title: 'Sign up', load: () => import('./pages/signup.js') },
  'reset-password': { title: 'Reset your password', always: true, load: () => import('./pages/reset-password.js') },
  'verify-email': { title: 'Confirm your address', always: true, load: () => import('./pages/verify-email.js') },
  invitation: { title: 'Accept your invitation', always: true, load: () => import('./pages/invitation.js') },
  join: { title: 'Join a team', always: true, load: () => import('./pages/join.js') },
});

/** The only page of a member whose account requires two-factor authentication they have not set up. */
const SECURITY_ONLY = Object.freeze([Object.freeze({
  id: 'security', route: 'security', title: 'Security', group: '', moduleUrl: '/assets/js/pages/security.js',
})]);

const ROLE_NAMES = Object.freeze({ owner: 'Owner', admin: 'Admin', editor: 'Editor', viewer: 'Viewer' });

/** DOM helpers offered to every page, so contributed pages look and behave like built-in ones. */
const ui = Object.freeze({
  el, replaceChildren, time, pageHeader, form, field, values, handleSubmit, showError, setFieldError,
  setFormError, clearErrors, confirm: confirmAction, timeChart,
});

const root = document.getElementById('app');

const state = {
  /** The signed-in user and account, or null. The CSRF token lives in api.js only. */
  session: null,
  /** The navigation entries, or null until loaded for this session. */
  navigation: null,
  /** Where to go after logging in, when a signed-out user opened a private page. */
  returnTo: null,
  /** A message to show on the next page, e.g. why the user is back at the login page. */
  pendingNotice: null,
  /** What the current page asked to run when it is left. */
  cleanup: null,
  /** Aborted when the current page is left; pages see its signal as ctx.signal. */
  pageController: new AbortController(),
  /** Increases with every routing; an async render that finds it changed gives up. */
  generation: 0,
  /** The current page's ctx.guardLeave check, or null. */
  leaveGuard: null,
  /** The hash of the page on show, to return to when the user decides to stay. */
  shownHash: '',
  /** The route and parameters of the page on show, without its query. */
  shownPath: null,
};

function setSession(session) {
  // Notices shown once per session are due again for another session or account.
  const previous = state.session;
  if (!session || !previous || !session.user || !session.account || previous.user.id !== session.user.id
      || previous.account.id !== session.account.id) {
    state.viewerShown = false;
    state.unconfirmedShown = false;
  }
  if (!session || !session.user) {
    state.session = null;
    state.navigation = null;
    setCsrfToken(null);
    return;
  }
  setCsrfToken(session.csrfToken);
  state.session = Object.freeze({
    user: Object.freeze({ ...session.user }),
    account: Object.freeze({ ...(session.account || {}) }),
    expiresAt: session.expiresAt || null,
    twoFactorSetupDue: Boolean(session.twoFactorSetupDue),
  });
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const segments = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return {
    route: segments[0] || '',
    params: segments.slice(1),
    query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
  };
}

/** Opens `hash` (e.g. '#/api-keys'); `replace` keeps the current entry out of the history. */
function navigate(hash, replace = false) {
  const target = hash.startsWith('#') ? hash : `#${hash}`;
  if (location.hash === target) {
    routeIfLeft();
  } else if (replace) {
    location.replace(target);
  } else {
    location.hash = target;
  }
}

// ---- notices -------------------------------------------------------------------------------------

function noticeRegion() {
  return el('div', { id: 'app-notice', testid: 'app-notice', class: 'notice-region', role: 'status', 'aria-live': 'polite' });
}

/** Shows a message above the page until the user dismisses it or opens another page. */
function notify(text, kind = 'info') {
  const region = document.getElementById('app-notice');
  if (!region) {
    state.pendingNotice = { text, kind };
    return;
  }
  replaceChildren(region, el('div', { class: ['notice', `notice-${kind}`], testid: 'notice', dataset: { kind } },
    el('p', {}, text),
    el('button', {
      type: 'button', class: 'notice-close', 'aria-label': 'Dismiss', testid: 'notice-dismiss',
      on: { click: () => region.replaceChildren() },
    }, '×')));
}

function showPendingNotice() {
  if (state.pendingNotice) {
    const { text, kind } = state.pendingNotice;
    state.pendingNotice = null;
    notify(text, kind);
  }
}

/** Asks a member to set up two-factor authentication, with a way on once they have. */
function showTwoFactorDue() {
  const region = document.getElementById('app-notice');
  if (!region) {
    return;
  }
  const text = el('p', {}, 'This account requires two-factor authentication. Set it up below; then continue to the account.');
  const go = el('button', {
    id: 'two-factor-due-continue', testid: 'two-factor-due-continue', type: 'button', class: 'btn btn-primary btn-small',
    on: {
      click: async () => {
        try {
          setSession(await api.get('/auth/session'));
        } catch (error) {
          text.textContent = `Could not check: ${error.message}`;
          return;
        }
        if (state.session && state.session.twoFactorSetupDue) {
          text.textContent = 'Two-factor authentication is not set up yet: follow the steps below first.';
          return;
        }
        state.navigation = null;
        navigate('#/');
      },
    },
  }, 'Continue');
  replaceChildren(region, el('div', { class: 'notice notice-warning', testid: 'two-factor-due', dataset: { kind: 'warning' } }, text, go));
}

// ---- layouts -------------------------------------------------------------------------------------

function brand(props = {}) {
  return el('a', { class: 'brand', href: '#/', ...props },
    el('img', { class: 'brand-logo', src: 'assets/favicon.svg', alt: '', width: '28', height: '28' }),
    el('span', { class: 'brand-name' }, PRODUCT));
}

function renderSignedOutLayout(name) {
  const main = el('main', { id: 'app-main', testid: 'app-main', class: 'auth-main', tabindex: '-1', dataset: { route: name, ready: 'false' } });
  replaceChildren(root,
    el('div', { class: 'auth-layout' },
      brand({ id: 'app-title', testid: 'app-title' }),
      noticeRegion(),
      main,
      el('p', { class: 'auth-footer' }, `${PRODUCT} · self-hosted email marketing`)));
  root.dataset.state = 'signed-out';
  return main;
}

/** The account the session works in, and a choice of the user's other accounts when there are any. */
function accountSwitcher() {
  const account = state.session.account || {};
  const box = el('div', { id: 'account-switcher', testid: 'account-switcher', class: 'account-switcher' },
    el('span', { id: 'account-name', testid: 'account-name', class: 'account-name' }, account.name || ''),
    account.role ? el('span', { id: 'account-role', testid: 'account-role', class: 'badge' }, ROLE_NAMES[account.role] || account.role) : null);
  api.get('/auth/accounts').then((accounts) => {
    if (!Array.isArray(accounts) || accounts.length < 2 || !box.isConnected) {
      return;
    }
    const select = el('select', {
      id: 'account-select', testid: 'account-select', 'aria-label': 'Account you are working in',
      on: { change: (event) => switchAccount(event.target.value, event.target) },
    }, accounts.map((a) => el('option', { value: a.accountId, selected: a.current }, `${a.name} (${ROLE_NAMES[a.role] || a.role})`)));
    replaceChildren(box, el('label', { for: 'account-select', class: 'visually-hidden' }, 'Account'), select);
  }).catch((error) => console.warn('The list of accounts could not be loaded', error));
  return box;
}

async function switchAccount(accountId, select) {
  if (!(await mayLeave())) {
    select.value = state.session.account.id;
    return;
  }
  state.leaveGuard = null;
  try {
    setSession(await api.post('/auth/accounts/switch', { accountId }));
  } catch (error) {
    select.value = state.session.account.id;
    notify(`Could not switch accounts: ${error.message}`, 'error');
    return;
  }
  state.navigation = null;
  document.getElementById('app-header')?.remove();
  state.pendingNotice = { text: `You are now working in ${state.session.account.name}.`, kind: 'info' };
  navigate('#/home');
}

function renderFrame() {
  const email = state.session.user.email || '';
  const existing = document.getElementById('app-header');
  if (existing) {
    document.getElementById('user-email').textContent = email;
    return;
  }
  const header = el('header', { id: 'app-header', class: 'app-header', testid: 'app-header' },
    el('div', { class: 'app-header-inner' },
      brand({ id: 'app-title', testid: 'app-title' }),
      el('div', { class: 'account-menu' },
        accountSwitcher(),
        el('span', { id: 'user-email', class: 'user-email', testid: 'user-email', title: `Signed in as ${email}` }, email),
        el('button', {
          id: 'logout-button', testid: 'logout-button', type: 'button', class: 'btn btn-secondary btn-small',
          on: { click: logout },
        }, 'Log out'))));
  replaceChildren(root, header,
    el('div', { class: 'app-body app-body-with-nav' },
      el('nav', { id: 'app-nav', class: 'app-nav', 'aria-label': 'Main', testid: 'app-nav' },
        el('ul', { id: 'app-nav-list', testid: 'app-nav-list', class: 'nav-list' })),
      el('div', { class: 'app-column' },
        noticeRegion(),
        el('main', { id: 'app-main', testid: 'app-main', class: 'app-main', tabindex: '-1' }))));
  root.dataset.state = 'signed-in';
}

/** The entries in runs of one group each, as the server ordered them: [{ group, entries }]. */
function groupsOf(entries) {
  const groups = [];
  for (const entry of entries) {
    const group = typeof entry.group === 'string' ? entry.group : '';
    const last = groups[groups.length - 1];
    if (last && last.group === group) {
      last.entries.push(entry);
    } else {
      groups.push({ group, entries: [entry] });
    }
  }
  return groups;
}

function renderNavigation(current) {
  const list = document.getElementById('app-nav-list');
  if (!list) {
    return;
  }
  const link = (entry) => el('li', {},
    el('a', {
      id: `nav-${entry.id}`,
      class: ['nav-link', entry.route === current && 'active'],
      href: `#/${entry.route}`,
      testid: 'nav-link',
      dataset: { route: entry.route },
      'aria-current': entry.route === current ? 'page' : null,
    }, entry.title));
  replaceChildren(list, groupsOf(state.navigation || []).map(({ group, entries }, index) => {
    const headingId = `nav-group-${index}`;
    return el('li', { class: 'nav-group', testid: 'nav-group', dataset: { group } },
      group ? el('h2', { id: headingId, class: 'nav-group-title', testid: 'nav-group-title' }, group) : null,
      el('ul', { class: 'nav-group-list', 'aria-labelledby': group ? headingId : null }, entries.map(link)));
  }));
}

function renderProblem(container, title, error, retry) {
  replaceChildren(container, el('section', { class: 'card card-error', id: 'page-error', testid: 'page-error', role: 'alert' },
    el('h1', { id: 'page-title', testid: 'page-title', tabindex: '-1' }, title),
    el('p', {}, error instanceof Error ? error.message : String(error)),
    retry ? el('button', { type: 'button', class: 'btn btn-secondary', id: 'page-retry', testid: 'page-retry', on: { click: retry } }, 'Try again') : null));
}

// ---- routing -------------------------------------------------------------------------------------

/**
 * Whether the user may leave the current page: when its guard says something would be lost, they
 * are asked first.
 */
async function mayLeave() {
  const guard = state.leaveGuard;
  let message = null;
  try {
    message = typeof guard === 'function' ? guard() : null;
  } catch (error) {
    console.error('A page failed to say whether it may be left', error);
  }
  if (!message) {
    return true;
  }
  return confirmAction({ title: 'Leave this page?', message: String(message), confirmLabel: 'Leave', danger: true });
}

/** Routes after a change of the address, unless the user decides to stay on a guarded page. */
async function routeIfLeft() {
  const target = location.hash;
  if (state.leaveGuard && target !== state.shownHash) {
    // Show the page's address again while asking; it is restored for good if the user stays.
    const shown = state.shownHash || '#/';
    history.replaceState(history.state, '', shown);
    if (!(await mayLeave())) {
      return;
    }
    history.replaceState(history.state, '', target);
  }
  await route();
}

window.addEventListener('beforeunload', (event) => {
  let message = null;
  try {
    message = typeof state.leaveGuard === 'function' ? state.leaveGuard() : null;
  } catch (error) {
    console.error('A page failed to say whether it may be left', error);
  }
  if (message) {
    event.preventDefault();
    // Browsers show their own wording; some still need returnValue set.
    event.returnValue = '';
  }
});

function leaveCurrentPage() {
  state.leaveGuard = null;
  state.pageController.abort();
  state.pageController = new AbortController();
  document.getElementById('app-notice')?.replaceChildren();
  const dialog = document.getElementById('confirm-dialog');
  if (dialog && dialog.open) {
    dialog.close('cancel');
  }
  const cleanup = state.cleanup;
  state.cleanup = null;
  if (typeof cleanup === 'function') {
    try {
      cleanup();
    } catch (error) {
      console.error('A page failed to clean up', error);
    }
  }
}

function pageContainer(id) {
  return el('div', { class: 'page', id: `page-${id}`, testid: 'page', dataset: { page: id } });
}

function finishRender(main, generation, result, focus) {
  if (typeof result === 'function') {
    if (generation === state.generation) {
      state.cleanup = result;
    } else {
      result();
    }
  }
  if (generation !== state.generation) {
    return;
  }
  main.dataset.ready = 'true';
  main.removeAttribute('aria-busy');
  if (focus) {
    // Tell assistive technology that a new page is showing, as a full page load would.
    const heading = main.querySelector('#page-title');
    (heading || main).focus({ preventScroll: true });
  }
}

async function renderPublicPage(generation, name, query) {
  const page = PUBLIC_PAGES[name];
  const main = renderSignedOutLayout(name);
  document.title = `${page.title} · ${PRODUCT}`;
  showPendingNotice();
  let module;
  try {
    module = await page.load();
  } catch (error) {
    renderProblem(main, 'This page could not be loaded', error, () => route());
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  const container = pageContainer(name);
  main.append(container);
  let result = null;
  try {
    result = await module.default(container, Object.freeze({
      apiVersion: CONTEXT_VERSION, api, ApiError, ui, query, navigate, notify,
      signal: state.pageController.signal,
      /** Called by log in and sign up with the Session answer. */
      signedIn(session) {
        setSession(session);
        const target = state.returnTo || '#/';
        state.returnTo = null;
        navigate(target);
      },
    }));
  } catch (error) {
    console.error(`Page ${name} failed to render`, error);
    renderProblem(container, `${page.title} could not be shown`, error, () => route());
  }
  finishRender(main, generation, result, false);
}

async function loadNavigation(generation, main) {
  try {
    const entries = await api.get('/ui/navigation');
    if (generation === state.generation) {
      state.navigation = Array.isArray(entries) ? entries.filter((e) => e && /^[a-z0-9][a-z0-9-]*$/.test(e.route)
        && /^[a-z0-9][a-z0-9-]*$/.test(e.id) && typeof e.moduleUrl === 'string' && /^\/(?![/\\])/.test(e.moduleUrl)) : [];
    }
    return true;
  } catch (error) {
    if (generation === state.generation && !(error instanceof ApiError && error.status === 401)) {
      renderProblem(main, 'The navigation could not be loaded', error, () => route());
    }
    return false;
  }
}

async function renderPrivatePage(generation, name, params, query) {
  renderFrame();
  const main = document.getElementById('app-main');
  main.dataset.route = name;
  main.dataset.ready = 'false';
  main.setAttribute('aria-busy', 'true');
  if (state.session.twoFactorSetupDue) {
    // The account requires two-factor authentication: nothing else answers until it is set up.
    state.navigation = SECURITY_ONLY;
    if (name !== 'security') {
      navigate('#/security', true);
      return;
    }
  } else if (state.navigation === SECURITY_ONLY) {
    state.navigation = null;
  }
  if (!state.navigation && !(await loadNavigation(generation, main))) {
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  if (!name) {
    const home = state.navigation.find((e) => e.route === 'home') || state.navigation[0];
    navigate(`#/${home ? home.route : 'settings'}`, true);
    return;
  }
  renderNavigation(name);
  showPendingNotice();
  if (state.session.twoFactorSetupDue) {
    showTwoFactorDue();
  }
  if (state.session.account && state.session.account.maySend === false && !state.unconfirmedShown) {
    // Once per session: the account sends nothing until its owner confirms the address.
    state.unconfirmedShown = true;
    notify('Confirm your address with the link we mailed you: until then nothing is sent from this account. '
      + 'Settings can mail the link again.', 'warning');
  }
  if (state.session.account && state.session.account.role === 'viewer' && !state.viewerShown) {
    // Once per session and account: what a viewer can and cannot do, before a button says no.
    state.viewerShown = true;
    notify('You are a viewer in this account: you can look at everything but not change it. An owner or admin '
      + 'can give you another role on the Team page.', 'info');
  }
  const entry = state.navigation.find((e) => e.route === name);
  if (!entry) {
    document.title = `Not found · ${PRODUCT}`;
    replaceChildren(main, el('section', { class: 'card', id: 'page-not-found', testid: 'page-not-found' },
      el('h1', { id: 'page-title', testid: 'page-title', tabindex: '-1' }, 'Page not found'),
      el('p', {}, 'There is no page at this address. It may belong to a feature that is not installed.'),
      el('p', {}, el('a', { href: '#/' }, 'Go to the start page'))));
    finishRender(main, generation, null, true);
    return;
  }
  document.title = `${entry.title} · ${PRODUCT}`;
  let module;
  try {
    module = await import(entry.moduleUrl);
  } catch (error) {
    if (generation === state.generation) {
      console.error(`Cannot load the module of page ${entry.id} from ${entry.moduleUrl}`, error);
      renderProblem(main, `${entry.title} could not be loaded`, error, () => route());
    }
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  const render = typeof module.default === 'function' ? module.default : module.render;
  const container = pageContainer(entry.id);
  replaceChildren(main, container);
  let result = null;
  try {
    if (typeof render !== 'function') {
      throw new Error(`${entry.moduleUrl} has no default export to render the page with`);
    }
    result = await render(container, Object.freeze({
      apiVersion: CONTEXT_VERSION, api, ApiError, ui, navigate, notify, query, params: Object.freeze([...params]),
      signal: state.pageController.signal,
      route: entry.route,
      session: state.session,
      guardLeave(check) {
        if (generation === state.generation) {
          state.leaveGuard = typeof check === 'function' ? check : null;
        }
      },
    }));
  } catch (error) {
    if (generation === state.generation && !(error instanceof ApiError && error.status === 401)) {
      console.error(`Page ${entry.id} failed to render`, error);
      renderProblem(container, `${entry.title} could not be shown`, error, () => route());
    }
  }
  finishRender(main, generation, result, true);
}

async function route() {
  state.generation += 1;
  const generation = state.generation;
  leaveCurrentPage();
  state.shownHash = location.hash;
  const { route: name, params, query } = parseHash();
  // Another page (not the same one with other filters) starts at its top, as after a full load:
  // kept scrolled, its title and first links would sit under the sticky header.
  const shownPath = [name, ...params].join('/');
  if (shownPath !== state.shownPath) {
    state.shownPath = shownPath;
    window.scrollTo(0, 0);
  }
  if (PUBLIC_PAGES[name]) {
    if (state.session && !PUBLIC_PAGES[name].always) {
      navigate('#/', true);
    } else {
      await renderPublicPage(generation, name, query);
    }
    return;
  }
  if (!state.session) {
    state.returnTo = name ? location.hash : null;
    navigate('#/login', true);
    return;
  }
  await renderPrivatePage(generation, name, params, query);
}

// ---- session -------------------------------------------------------------------------------------

async function logout() {
  if (!(await mayLeave())) {
    return;
  }
  state.leaveGuard = null;
  const button = document.getElementById('logout-button');
  if (button) {
    button.disabled = true;
  }
  try {
    await api.post('/auth/logout', undefined, { public: true });
  } catch (error) {
    // 401: the session had already ended, which is what the user wanted.
    if (!(error instanceof ApiError) || error.status !== 401) {
      if (button) {
        button.disabled = false;
      }
      notify(`Could not log out: ${error.message}`, 'error');
      return;
    }
  }
  setSession(null);
  state.returnTo = null;
  state.pendingNotice = { text: 'You have been logged out.', kind: 'info' };
  navigate('#/login');
}

onUnauthorized(() => {
  const { route: name } = parseHash();
  const wasSignedIn = Boolean(state.session);
  setSession(null);
  // Nothing can be saved without a session: do not hold the user on the page.
  state.leaveGuard = null;
  if (PUBLIC_PAGES[name]) {
    return;
  }
  state.returnTo = name ? location.hash : null;
  if (wasSignedIn) {
    state.pendingNotice = { text: 'Your session has ended. Please log in again.', kind: 'warning' };
  }
  navigate('#/login', true);
});

async function start() {
  try {
    setSession(await api.get('/auth/session', { public: true }));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) {
      replaceChildren(root, el('section', { class: 'card card-error boot-error', id: 'app-error', testid: 'app-error', role: 'alert' },
        el('h1', {}, `${PRODUCT} is not available`),
        el('p', {}, error.message),
        el('button', { type: 'button', class: 'btn btn-primary', on: { click: () => location.reload() } }, 'Try again')));
      root.dataset.state = 'error';
      return;
    }
  }
  window.addEventListener('hashchange', () => routeIfLeft());
  await route();
}

start();
