// Lists (#/lists): create, rename, delete (the contacts stay), member counts, the contacts of a
// list and its CSV export.

import { helpers, messageOf } from './common.js';

export default async function render(container, ctx) {
  const { useStylesheet } = helpers(ctx);
  useStylesheet();
  const { api } = ctx;
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit, confirm } = ctx.ui;

  const rows = el('tbody', { id: 'lists-rows', testid: 'lists-rows' });
  const empty = el('p', { id: 'lists-empty', testid: 'lists-empty', class: 'empty-state', hidden: true }, 'No lists yet.');
  const status = el('p', { id: 'lists-status', testid: 'lists-status', role: 'status', class: 'muted' });

  const createForm = form('list-create-form',
    el('div', { class: 'gap-row' },
      field({ id: 'list-create-name', name: 'name', label: 'Name', required: true, maxlength: '200' }),
      el('button', { id: 'list-create-submit', testid: 'list-create-submit', type: 'submit', class: 'btn btn-primary' }, 'Create list')));
  handleSubmit(createForm, async (values, f) => {
    const list = await api.post('/lists', { name: values.name });
    f.reset();
    status.textContent = `Created "${list.name}".`;
    await load();
  });

  function row(list) {
    const renameForm = el('form', { class: 'inline-form', testid: 'list-row-rename-form', novalidate: true },
      el('label', { class: 'visually-hidden', for: `list-rename-${list.id}` }, `New name of ${list.name}`),
      el('input', { id: `list-rename-${list.id}`, testid: 'list-row-rename-name', type: 'text', value: list.name, maxlength: '200' }),
      el('button', { type: 'submit', class: 'btn btn-secondary btn-small', testid: 'list-row-rename' }, 'Rename'));
    renameForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const renamed = await api.patch(`/lists/${encodeURIComponent(list.id)}`, { name: renameForm.querySelector('input').value });
        status.textContent = `Renamed to "${renamed.name}".`;
        await load();
      } catch (failure) {
        status.textContent = messageOf(failure);
      }
    });
    const remove = el('button', { type: 'button', class: 'btn btn-danger-outline btn-small', testid: 'list-row-delete' }, 'Delete');
    remove.addEventListener('click', async () => {
      const ok = await confirm({ title: 'Delete list', message: `Delete the list "${list.name}"? Its ${list.members} contacts stay in the address book.`,
        confirmLabel: 'Delete', danger: true });
      if (!ok) {
        return;
      }
      try {
        await api.del(`/lists/${encodeURIComponent(list.id)}`);
        status.textContent = `Deleted "${list.name}".`;
        await load();
      } catch (failure) {
        status.textContent = messageOf(failure);
      }
    });
    return el('tr', { testid: 'list-row', dataset: { listId: list.id, name: list.name } },
      el('td', { testid: 'list-row-name' }, list.name),
      el('td', { testid: 'list-row-members' }, String(list.members)),
      el('td', { class: 'cell-nowrap' }, time(list.createdAt)),
      el('td', { class: 'cell-actions' },
        el('a', { class: 'btn btn-secondary btn-small', testid: 'list-row-contacts', href: `#/contacts?listId=${encodeURIComponent(list.id)}` }, 'Contacts'),
        el('a', { class: 'btn btn-secondary btn-small', testid: 'list-row-export', href: api.url('/contacts/export', { listId: list.id }), download: 'list.csv' }, 'Export'),
        renameForm, remove));
  }

  async function load() {
    const lists = await api.get('/lists');
    if (ctx.signal.aborted) {
      return;
    }
    replaceChildren(rows, lists.map(row));
    empty.hidden = lists.length > 0;
  }

  container.append(
    pageHeader('Lists', 'Group contacts into lists; a contact can be in many. Deleting a list keeps its contacts.'),
    el('section', { class: 'card' }, el('h2', {}, 'New list'), createForm),
    el('section', { class: 'card' }, status,
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', id: 'lists-table', testid: 'lists-table' },
        el('thead', {}, el('tr', {}, ['Name', 'Members', 'Created', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
        rows)),
      empty));
  await load();
}
