// Forms that talk to the API: labelled fields with a place for their error, one form-level
// message, and a submit handler that shows RFC 7807 problems where they belong.
//
// The server is the authority on what is valid: forms are `novalidate`, and every message the user
// sees about a field comes from the API's `errors[]` (matched by `field`) or, for checks only the
// browser can make (a repeated password), from the page.

import { ApiError } from './api.js';
import { el } from './dom.js';

/**
 * A form whose first child is its form-level message, `#<id>-error`.
 * method="post" so that, should a script ever fail to intercept it, nothing typed lands in a URL.
 */
export function form(id, ...children) {
  return el('form', { id, class: 'form', method: 'post', novalidate: true, testid: id },
    el('div', { id: `${id}-error`, class: 'form-error', testid: 'form-error', role: 'alert', hidden: true }),
    ...children);
}

/**
 * A labelled input. `name` is the API field it carries: errors for that field appear in
 * `#<id>-error` right under it.
 */
export function field({ id, name, label, type = 'text', hint, ...attributes }) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  return el('div', { class: 'field', dataset: { fieldFor: name } },
    el('label', { for: id }, label),
    el('input', {
      id,
      name,
      type,
      testid: id,
      dataset: { field: name },
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
      ...attributes,
    }),
    hint ? el('p', { id: hintId, class: 'hint' }, hint) : null,
    el('p', { id: errorId, class: 'field-error', testid: 'field-error', hidden: true }));
}

/** The form's values by input name, as strings. */
export function values(formElement) {
  const result = {};
  for (const [key, value] of new FormData(formElement)) {
    result[key] = typeof value === 'string' ? value : '';
  }
  return result;
}

function formMessage(formElement) {
  return formElement.querySelector(':scope > .form-error');
}

function inputFor(formElement, name) {
  return formElement.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

/** Clears every message of the form. */
export function clearErrors(formElement) {
  const message = formMessage(formElement);
  if (message) {
    message.replaceChildren();
    message.hidden = true;
  }
  for (const error of formElement.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.hidden = true;
  }
  for (const input of formElement.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}

/** Shows `message` under the input carrying API field `name`; false if the form has no such input. */
export function setFieldError(formElement, name, message) {
  const input = inputFor(formElement, name);
  const error = input && formElement.querySelector(`#${CSS.escape(input.id)}-error`);
  if (!error) {
    return false;
  }
  error.textContent = message;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  return true;
}

/** Shows a form-level message; `lines` are extra text lines under it. */
export function setFormError(formElement, message, ...lines) {
  const box = formMessage(formElement);
  if (!box) {
    return;
  }
  box.replaceChildren(el('p', { class: 'form-error-message' }, message),
    ...lines.filter(Boolean).map((line) => (line instanceof Node ? line : el('p', {}, line))));
  box.hidden = false;
}

function describeWait(seconds) {
  if (seconds < 60) {
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Shows what went wrong: each `errors[]` entry under its field, and the problem's `detail` as the
 * form-level message when no field took it (or when some entries name a field the form lacks).
 * A 429 also says how long to wait, and keeps the submit button disabled until then.
 */
export function showError(formElement, error) {
  if (!(error instanceof ApiError)) {
    console.error(error);
    setFormError(formElement, 'Something went wrong in the page. Reload it and try again.');
    return;
  }
  const unmatched = [];
  let matched = 0;
  for (const { field: name, message } of error.errors) {
    if (typeof name === 'string' && typeof message === 'string' && setFieldError(formElement, name, message)) {
      matched += 1;
    } else if (typeof message === 'string') {
      unmatched.push(name ? `${name}: ${message}` : message);
    }
  }
  if (error.status === 429) {
    const wait = error.retryAfter;
    setFormError(formElement, error.detail || 'Too many attempts.',
      wait ? el('p', { class: 'retry-after', testid: 'retry-after', dataset: { seconds: String(wait) } },
        `Try again in ${describeWait(wait)}.`) : 'Wait a moment before trying again.');
    if (wait) {
      holdSubmit(formElement, wait);
    }
  } else if (matched === 0 || unmatched.length > 0) {
    setFormError(formElement, error.detail || error.message, ...unmatched);
  }
  const firstInvalid = formElement.querySelector('[aria-invalid="true"]');
  if (firstInvalid) {
    firstInvalid.focus();
  }
}

function submitButtons(formElement) {
  return formElement.querySelectorAll('button[type="submit"]');
}

function holdSubmit(formElement, seconds) {
  formElement.dataset.heldUntil = String(Date.now() + seconds * 1000);
  for (const button of submitButtons(formElement)) {
    button.disabled = true;
  }
  setTimeout(() => {
    delete formElement.dataset.heldUntil;
    if (formElement.dataset.busy !== 'true') {
      for (const button of submitButtons(formElement)) {
        button.disabled = false;
      }
    }
  }, seconds * 1000);
}

/**
 * Runs `action(values, form)` on submit, with the buttons disabled while it runs, and shows any
 * failure with showError. `action` may return nothing; throw an ApiError (or call setFieldError and
 * return) to report a problem.
 */
export function handleSubmit(formElement, action) {
  formElement.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (formElement.dataset.busy === 'true' || formElement.dataset.heldUntil) {
      return;
    }
    clearErrors(formElement);
    formElement.dataset.busy = 'true';
    formElement.setAttribute('aria-busy', 'true');
    for (const button of submitButtons(formElement)) {
      button.disabled = true;
    }
    try {
      await action(values(formElement), formElement);
    } catch (error) {
      showError(formElement, error);
    } finally {
      formElement.dataset.busy = 'false';
      formElement.removeAttribute('aria-busy');
      if (!formElement.dataset.heldUntil) {
        for (const button of submitButtons(formElement)) {
          button.disabled = false;
        }
      }
    }
  });
}
