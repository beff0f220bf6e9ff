// Building the DOM without ever parsing markup. Text always becomes text nodes, so anything a
// user typed (a key name, an email) is shown literally and can never become an element or a
// script. There is deliberately no way to set innerHTML, inline event handlers or style attributes
// here: the Content-Security-Policy forbids the last two, and the first is how injections happen.

const FORBIDDEN = /^(on|style$|innerhtml$|outerhtml$|srcdoc$)/i;
const URL_ATTRIBUTE = /^(href|src|action|formaction)$/i;
const SCRIPTABLE_URL = /^\s*(?!https?:)[a-z][a-z0-9+.-]*:/i;

/**
 * Creates an element.
 *   el('button', { id: 'save', class: 'btn', type: 'button', testid: 'save', on: { click: fn } }, 'Save')
 * props: class (string or array), testid (→ data-testid), dataset, on (event listeners), text,
 * aria-* and any other attribute; booleans (hidden, disabled, required...) are set as properties.
 * children: strings and numbers become text nodes, nodes are appended, null/false/undefined skipped,
 * arrays flattened.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'on') {
      for (const [event, listener] of Object.entries(value)) {
        node.addEventListener(event, listener);
      }
    } else if (FORBIDDEN.test(key)) {
      throw new Error(`el(): refusing to set "${key}"; use on: {...} for events and classes for style`);
    } else if (URL_ATTRIBUTE.test(key) && SCRIPTABLE_URL.test(String(value))) {
      throw new Error(`el(): refusing ${key}="${value}"; only http(s) and relative URLs`);
    } else if (key === 'class') {
      node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'testid') {
      node.dataset.testid = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Removes every child of `node` and appends `children` instead. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** A <time> element for an ISO instant, readable and with the exact time on hover; `fallback` if empty. */
export function time(iso, fallback = '—', props = {}) {
  if (!iso) {
    return el('span', { class: 'muted', ...props }, fallback);
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return el('span', props, String(iso));
  }
  return el('time', { datetime: iso, title: dateTimeLong.format(date), ...props }, dateTime.format(date));
}

/** A page heading with an optional lead paragraph. */
export function pageHeader(title, lead) {
  return el('header', { class: 'page-header' },
    el('h1', { id: 'page-title', testid: 'page-title', tabindex: '-1' }, title),
    lead ? el('p', { class: 'lead' }, lead) : null);
}
