// An in-page confirmation dialog, instead of window.confirm(): it can be styled, it names what
// is about to happen in the page's own words, and it never opens a native browser prompt.

import { el } from './dom.js';

/**
 * Asks the user to confirm. Resolves to true when they press the confirm button, false when they
 * cancel (button, Escape). The cancel button has the focus first, so a stray Enter does no harm.
 */
export function confirmAction({ title, message, confirmLabel = 'Confirm', danger = false }) {
  document.getElementById('confirm-dialog')?.remove();
  const previousFocus = document.activeElement;
  const dialog = el('dialog', {
    id: 'confirm-dialog',
    testid: 'confirm-dialog',
    class: 'dialog',
    'aria-labelledby': 'confirm-dialog-title',
    'aria-describedby': 'confirm-dialog-message',
  },
  el('h2', { id: 'confirm-dialog-title', class: 'dialog-title' }, title),
  el('p', { id: 'confirm-dialog-message', testid: 'confirm-dialog-message' }, message),
  el('div', { class: 'dialog-actions' },
    el('button', {
      id: 'confirm-dialog-cancel', testid: 'confirm-dialog-cancel', type: 'button', class: 'btn btn-secondary',
      on: { click: () => dialog.close('cancel') },
    }, 'Cancel'),
    el('button', {
      id: 'confirm-dialog-confirm', testid: 'confirm-dialog-confirm', type: 'button',
      class: ['btn', danger ? 'btn-danger' : 'btn-primary'],
      on: { click: () => dialog.close('confirm') },
    }, confirmLabel)));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const confirmed = dialog.returnValue === 'confirm';
      dialog.remove();
      if (previousFocus instanceof HTMLElement && previousFocus.isConnected) {
        previousFocus.focus();
      }
      resolve(confirmed);
    }, { once: true });
    dialog.showModal();
  });
}
