// API keys: create (the key is shown once), list, revoke and regenerate.

import { confirmAction } from '../confirm.js';
import { el, pageHeader, replaceChildren, time } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

export default async function render(container, ctx) {
  const { api } = ctx;

  // ---- the new key, shown once ----

  const newKeyPanel = el('section', {
    id: 'apikey-new', testid: 'apikey-new', class: 'card card-highlight', hidden: true,
    'aria-labelledby': 'apikey-new-title',
  });

  function hideNewKey() {
    // Drop the key from the page, so it is not left lying around in the DOM.
    newKeyPanel.replaceChildren();
    newKeyPanel.hidden = true;
  }

  function selectText(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function showNewKey(apiKey, regenerated) {
    const value = el('code', { id: 'apikey-new-value', testid: 'apikey-new-value', class: 'secret' }, apiKey.key || '');
    const copyStatus = el('span', { id: 'apikey-copy-status', testid: 'apikey-copy-status', class: 'inline-status', role: 'status' });
    const copy = el('button', {
      id: 'apikey-copy', testid: 'apikey-copy', type: 'button', class: 'btn btn-primary',
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(apiKey.key);
            copyStatus.textContent = 'Copied to the clipboard.';
          } catch {
            // No clipboard access (plain HTTP on another host, or permission refused): select it instead.
            selectText(value);
            copyStatus.textContent = 'The browser did not allow copying. The key is selected: press Ctrl+C (⌘C on a Mac).';
          }
        },
      },
    }, 'Copy');
    replaceChildren(newKeyPanel,
      el('h2', { id: 'apikey-new-title' }, regenerated ? 'Your regenerated API key' : 'Your new API key'),
      el('p', {}, 'The key ',
        el('strong', { id: 'apikey-new-name', testid: 'apikey-new-name' }, apiKey.name || ''),
        ' is ready. Copy it now and keep it somewhere safe: it is shown only this once, NeuroMail keeps only a hash of it.'),
      el('div', { class: 'secret-row' }, value, copy),
      copyStatus,
      el('p', { class: 'hint' }, 'Send it as ', el('code', {}, 'Authorization: Bearer <key>'), ' with each API request.'),
      el('div', { class: 'form-actions' },
        el('button', {
          id: 'apikey-new-dismiss', testid: 'apikey-new-dismiss', type: 'button', class: 'btn btn-secondary',
          on: { click: hideNewKey },
        }, 'Done, I have stored it')));
    newKeyPanel.hidden = false;
    copy.focus();
  }

  // ---- the list ----

  const listStatus = el('p', { id: 'apikeys-status', testid: 'apikeys-status', class: 'inline-status', role: 'status' });
  const listError = el('div', { id: 'apikeys-error', testid: 'apikeys-error', class: 'form-error', role: 'alert', hidden: true });
  const rows = el('tbody', { id: 'apikeys-rows', testid: 'apikeys-rows' });
  const table = el('table', { id: 'apikeys-table', testid: 'apikeys-table', class: 'table', hidden: true },
    el('caption', { class: 'visually-hidden' }, 'API keys of this account, newest first'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Name'),
      el('th', { scope: 'col' }, 'Key'),
      el('th', { scope: 'col' }, 'Scopes'),
      el('th', { scope: 'col' }, 'Created'),
      el('th', { scope: 'col' }, 'Last used'),
      el('th', { scope: 'col' }, 'Status'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    rows);
  const empty = el('p', { id: 'apikeys-empty', testid: 'apikeys-empty', class: 'empty-state', hidden: true },
    'No API keys yet. Create one to call the NeuroMail API from your own systems.');

  function showListError(error, what) {
    replaceChildren(listError, el('p', {}, `${what}: ${error.message}`));
    listError.hidden = false;
  }

  async function revoke(key) {
    const confirmed = await confirmAction({
      title: 'Revoke this API key?',
      message: `The key “${key.name}” (${key.prefix}…) stops working at once: every system using it will be refused. This cannot be undone.`,
      confirmLabel: 'Revoke key',
      danger: true,
    });
    if (!confirmed) {
      return;
    }
    listError.hidden = true;
    try {
      await api.del(`/api-keys/${encodeURIComponent(key.id)}`);
      listStatus.textContent = `The key “${key.name}” has been revoked.`;
      await load();
    } catch (error) {
      showListError(error, 'The key could not be revoked');
    }
  }

  async function regenerate(key) {
    const confirmed = await confirmAction({
      title: 'Regenerate this API key?',
      message: `A new key replaces “${key.name}” (${key.prefix}…). The current key stops working at once, so update every system that uses it.`,
      confirmLabel: 'Regenerate key',
      danger: true,
    });
    if (!confirmed) {
      return;
    }
    listError.hidden = true;
    try {
      const fresh = await api.post(`/api-keys/${encodeURIComponent(key.id)}/regenerate`);
      if (ctx.signal.aborted) {
        return;
      }
      listStatus.textContent = `The key “${key.name}” has been regenerated.`;
      showNewKey(fresh, true);
      await load().catch((e) => showListError(e, 'The keys could not be loaded'));
    } catch (error) {
      showListError(error, 'The key could not be regenerated');
    }
  }

  function row(key) {
    const revoked = Boolean(key.revokedAt);
    return el('tr', { testid: 'apikey-row', class: revoked && 'is-revoked', dataset: { keyId: key.id, revoked: String(revoked) } },
      el('td', { class: 'cell-name' }, el('span', { testid: 'apikey-row-name' }, key.name)),
      el('td', {}, el('code', { testid: 'apikey-row-prefix' }, `${key.prefix || ''}…`)),
      el('td', { testid: 'apikey-row-scopes' }, (key.scopes || []).join(', ')),
      el('td', {}, time(key.createdAt, '—', { testid: 'apikey-row-created' })),
      el('td', {}, time(key.lastUsedAt, 'Never', { testid: 'apikey-row-last-used' })),
      el('td', {}, revoked
        ? [el('span', { class: 'badge badge-revoked', testid: 'apikey-row-status' }, 'Revoked'), ' ', time(key.revokedAt, '', { testid: 'apikey-row-revoked-at', class: 'muted small' })]
        : el('span', { class: 'badge badge-active', testid: 'apikey-row-status' }, 'Active')),
      el('td', { class: 'cell-actions' }, revoked ? null : [
        el('button', {
          type: 'button', class: 'btn btn-secondary btn-small', testid: 'apikey-row-regenerate',
          'aria-label': `Regenerate key ${key.name}`, on: { click: () => regenerate(key) },
        }, 'Regenerate'),
        el('button', {
          type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'apikey-row-revoke',
          'aria-label': `Revoke key ${key.name}`, on: { click: () => revoke(key) },
        }, 'Revoke'),
      ]));
  }

  async function load() {
    const keys = await api.get('/api-keys');
    if (ctx.signal.aborted) {
      return;
    }
    const list = Array.isArray(keys) ? keys : [];
    replaceChildren(rows, list.map(row));
    table.hidden = list.length === 0;
    empty.hidden = list.length > 0;
    table.dataset.loaded = 'true';
  }

  // ---- creating ----

  // What each scope lets a key do; the server enforces them (see docs/api.md).
  const SCOPES = [
    ['read', 'Read', 'read everything but keys and settings'],
    ['contacts', 'Contacts', 'change contacts, lists, imports, segments and suppressions'],
    ['send', 'Send', 'send messages and campaigns, pause, resume and cancel them'],
    ['admin', 'Admin', 'everything, including API keys and settings'],
  ];

  function scopeChoice([id, label, hint], index) {
    const inputId = `apikey-scope-${id}`;
    return el('div', { class: 'choice' },
      el('input', {
        id: inputId, testid: inputId, type: 'checkbox', name: 'scopes', value: id, checked: id === 'read',
        // The first box carries the field's errors (`scopes`) for showError.
        dataset: index === 0 ? { field: 'scopes' } : {},
        'aria-describedby': index === 0 ? 'apikey-scope-read-error' : null,
      }),
      ' ',
      el('label', { for: inputId }, el('strong', {}, label), ` — ${hint}`));
  }

  const createForm = form('apikey-create-form',
    field({
      id: 'apikey-name', name: 'name', label: 'Name', autocomplete: 'off', required: true,
      hint: 'What will use the key, e.g. “CRM sync”. 1 to 100 characters.',
    }),
    el('fieldset', { id: 'apikey-scopes', testid: 'apikey-scopes', class: 'field' },
      el('legend', {}, 'What the key may do'),
      ...SCOPES.map(scopeChoice),
      el('p', { id: 'apikey-scope-read-error', class: 'field-error', testid: 'field-error', hidden: true })),
    el('div', { class: 'form-actions' },
      el('button', { id: 'apikey-create', testid: 'apikey-create', type: 'submit', class: 'btn btn-primary' }, 'Create key')));

  handleSubmit(createForm, async ({ name }, formElement) => {
    const scopes = [...formElement.querySelectorAll('input[name="scopes"]:checked')].map((box) => box.value);
    const created = await api.post('/api-keys', { name: name.trim(), scopes });
    createForm.reset();
    listStatus.textContent = `The key “${created.name}” has been created.`;
    showNewKey(created, false);
    await load().catch((error) => showListError(error, 'The keys could not be loaded'));
  });

  container.append(
    pageHeader('API keys', 'Keys let your own systems call the NeuroMail API on behalf of this account.'),
    newKeyPanel,
    el('section', { class: 'card', 'aria-labelledby': 'apikey-create-title' },
      el('h2', { id: 'apikey-create-title' }, 'Create a key'),
      createForm),
    el('section', { class: 'card', 'aria-labelledby': 'apikeys-title' },
      el('h2', { id: 'apikeys-title' }, 'Your keys'),
      listStatus,
      listError,
      el('div', { class: 'table-wrap' }, table),
      empty));

  try {
    await load();
  } catch (error) {
    if (error.status !== 401) {
      showListError(error, 'The keys could not be loaded');
    }
  }

  // Leaving the page drops a key still on show.
  return hideNewKey;
}
