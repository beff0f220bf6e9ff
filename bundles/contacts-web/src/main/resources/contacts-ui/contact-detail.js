// One contact (#/contacts/<id>): its fields, attributes, tags, lists, status history and the campaigns it was sent; edit,
// unsubscribe, delete, the data-subject export (JSON) and the erase of a data-subject request.

import { fullName, helpers, messageOf } from './common.js';

export async function renderDetail(container, ctx, id) {
  const { api } = ctx;
  const { downloadLink, statusBadge } = helpers(ctx);
  const { el, pageHeader, replaceChildren, time, form, field, handleSubmit, confirm } = ctx.ui;
  const path = `/contacts/${encodeURIComponent(id)}`;
  const body = el('div', { id: 'contact-detail', testid: 'contact-detail' });
  container.append(
    el('p', {}, el('a', { href: '#/contacts', id: 'contact-back', testid: 'contact-back' }, '← All contacts')),
    body);

  async function load() {
    let detail;
    try {
      detail = await api.get(path);
    } catch (failure) {
      if (failure.status === 404) {
        replaceChildren(body, pageHeader('Contact not found', 'It may have been deleted or erased.'));
        return;
      }
      throw failure;
    }
    if (ctx.signal.aborted) {
      return;
    }
    show(detail);
  }

  function show(detail) {
    const c = detail.contact;
    const attributes = Object.entries(c.attributes || {});
    const editForm = form('contact-edit-form',
      field({ id: 'contact-edit-first-name', name: 'firstName', label: 'First name', value: c.firstName || '' }),
      field({ id: 'contact-edit-last-name', name: 'lastName', label: 'Last name', value: c.lastName || '' }),
      field({ id: 'contact-edit-tags', name: 'tags', label: 'Tags', value: (c.tags || []).join(', '), hint: 'Separated by commas' }),
      el('div', { class: 'form-actions' },
        el('button', { id: 'contact-edit-submit', testid: 'contact-edit-submit', type: 'submit', class: 'btn btn-primary' }, 'Save')));
    handleSubmit(editForm, async (values) => {
      const tags = values.tags.split(',').map((t) => t.trim()).filter(Boolean);
      await api.patch(path, { firstName: values.firstName, lastName: values.lastName, tags });
      ctx.notify('Contact saved.', 'info');
      await load();
    });

    const status = el('div', { id: 'contact-action-status', testid: 'contact-action-status', role: 'status', class: 'muted' });
    const unsubscribe = el('button', { id: 'contact-unsubscribe', testid: 'contact-unsubscribe', type: 'button', class: 'btn btn-secondary',
      disabled: c.status !== 'subscribed' }, 'Unsubscribe');
    unsubscribe.addEventListener('click', () => act(async () => {
      await api.patch(path, { status: 'unsubscribed' });
      await load();
    }));
    const remove = el('button', { id: 'contact-delete', testid: 'contact-delete', type: 'button', class: 'btn btn-danger-outline' }, 'Delete');
    remove.addEventListener('click', () => act(async () => {
      if (await confirm({ title: 'Delete contact', message: `Delete ${c.email}? Their history goes with them.`, confirmLabel: 'Delete', danger: true })) {
        await api.del(path);
        ctx.notify(`Deleted ${c.email}.`, 'info');
        ctx.navigate('#/contacts');
      }
    }));
    const erase = el('button', { id: 'contact-erase', testid: 'contact-erase', type: 'button', class: 'btn btn-danger' }, 'Erase (GDPR)');
    erase.addEventListener('click', () => act(async () => {
      if (await confirm({ title: 'Erase contact',
        message: `Erase everything stored about ${c.email}? Only a one-way hash of the address stays on the suppression list, so no import can bring it back.`,
        confirmLabel: 'Erase', danger: true })) {
        await api.post(`${path}/erase`);
        ctx.notify('The contact was erased.', 'info');
        ctx.navigate('#/contacts');
      }
    }));

    async function act(fn) {
      status.textContent = '';
      try {
        await fn();
      } catch (failure) {
        if (!ctx.signal.aborted) {
          status.textContent = messageOf(failure);
        }
      }
    }

    replaceChildren(body,
      pageHeader(c.email, fullName(c) || null),
      el('section', { class: 'card' },
        el('dl', { class: 'details-list', id: 'contact-fields', testid: 'contact-fields' },
          el('dt', {}, 'Email'), el('dd', { id: 'contact-email', testid: 'contact-email' }, c.email),
          el('dt', {}, 'First name'), el('dd', { id: 'contact-first-name', testid: 'contact-first-name' }, c.firstName || '—'),
          el('dt', {}, 'Last name'), el('dd', { id: 'contact-last-name', testid: 'contact-last-name' }, c.lastName || '—'),
          el('dt', {}, 'Status'), el('dd', {}, statusBadge(c.status, { id: 'contact-status', testid: 'contact-status' })),
          el('dt', {}, 'Consent'), el('dd', {}, c.consentSource || '—', ' ', c.consentAt ? time(c.consentAt) : null),
          el('dt', {}, 'Created'), el('dd', {}, time(c.createdAt)),
          el('dt', {}, 'Updated'), el('dd', {}, time(c.updatedAt)),
          el('dt', {}, 'Tags'), el('dd', { id: 'contact-tags', testid: 'contact-tags' },
            (c.tags || []).length ? c.tags.map((t) => el('span', { class: 'badge', testid: 'contact-tag' }, t)) : '—'),
          el('dt', {}, 'Lists'), el('dd', { id: 'contact-lists', testid: 'contact-lists' },
            detail.lists.length ? detail.lists.map((l) => el('a', { class: 'badge', testid: 'contact-list',
              href: `#/contacts?listId=${encodeURIComponent(l.id)}` }, l.name)) : '—')),
        el('div', { class: 'gap-row detail-actions' }, unsubscribe,
          downloadLink('contact-export', 'Export data (JSON)', `${path}/export`, {}, `contact-${c.id}.json`),
          remove, erase),
        status),
      el('section', { class: 'card' }, el('h2', {}, 'Attributes'),
        attributes.length === 0 ? el('p', { class: 'muted', id: 'contact-attributes-empty' }, 'No attributes.')
          : el('table', { class: 'table', id: 'contact-attributes', testid: 'contact-attributes' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Value'))),
            el('tbody', {}, attributes.map(([name, value]) => el('tr', { testid: 'contact-attribute', dataset: { name } },
              el('td', { testid: 'contact-attribute-name' }, name),
              el('td', { testid: 'contact-attribute-value' }, value === null ? '' : String(value))))))),
      el('section', { class: 'card' }, el('h2', {}, 'Edit'), editForm),
      el('section', { class: 'card' }, el('h2', {}, 'Status history'),
        detail.statusHistory.length === 0 ? el('p', { class: 'muted' }, 'No status changes.')
          : el('table', { class: 'table', id: 'contact-history', testid: 'contact-history' },
            el('thead', {}, el('tr', {}, ['When', 'From', 'To', 'Source', 'Reason'].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, detail.statusHistory.map((h) => el('tr', { testid: 'contact-history-row' },
              el('td', { class: 'cell-nowrap' }, time(h.changedAt)),
              el('td', {}, h.oldStatus || '—'),
              el('td', {}, h.newStatus),
              el('td', {}, h.source || ''),
              el('td', {}, h.reason || ''))))),
      campaignsSection,
      activitySection));
    loadCampaigns(c.id);
    loadActivity(c.id);
  }

  // The campaigns this contact was sent and what they did with them (from the campaigns feature; left
  // out when it is not installed).
  const campaignsSection = el('section', { class: 'card', id: 'contact-campaigns', testid: 'contact-campaigns' },
    el('h2', {}, 'Campaigns'), el('p', { class: 'muted' }, 'Loading…'));
  const STATES = { sent: 'Sent', queued: 'Waiting to send', handed_off: 'Sending', failed: 'Failed', suppressed: 'Skipped (suppressed)', uncertain: 'Unknown' };

  async function loadCampaigns(contactId) {
    let history;
    try {
      history = await api.get(`/campaigns/contact-history?contactId=${encodeURIComponent(contactId)}`);
    } catch (failure) {
      if (failure.status === 404) {
        campaignsSection.remove();
        return;
      }
      replaceChildren(campaignsSection, el('h2', {}, 'Campaigns'), el('p', { class: 'muted' }, messageOf(failure)));
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    const items = history.items;
    const opened = items.filter((i) => i.opened).length;
    const clicked = items.filter((i) => i.clicked).length;
    replaceChildren(campaignsSection, el('h2', {}, 'Campaigns'),
      items.length === 0 ? el('p', { class: 'muted', testid: 'contact-campaigns-empty' }, 'No campaign has been sent to this contact yet.')
        : [el('p', { class: 'muted', testid: 'contact-campaigns-summary' },
          `Sent ${items.length} ${items.length === 1 ? 'campaign' : 'campaigns'}; opened ${opened}, clicked in ${clicked}. `
          + 'Opens and clicks by mail scanners and privacy proxies are not counted.'),
        el('table', { class: 'table' },
          el('thead', {}, el('tr', {}, ['Campaign', 'Sent', 'Opened', 'Clicked'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, items.map((i) => el('tr', { testid: 'contact-campaign-row', dataset: { campaignId: i.campaignId } },
            el('td', {}, el('a', { href: `#/campaigns/${encodeURIComponent(i.campaignId)}?tab=report` }, i.name || 'Untitled campaign')),
            el('td', { class: 'cell-nowrap' }, i.state === 'sent' ? time(i.at) : (STATES[i.state] || i.state)),
            el('td', { class: 'cell-nowrap', testid: 'contact-campaign-opened' }, i.opened ? time(i.opened) : 'No'),
            el('td', { class: 'cell-nowrap', testid: 'contact-campaign-clicked' }, i.clicked ? time(i.clicked) : 'No')))))]);
  }

  // The account's activity log entries about this contact (created, changed, status, lists, tags).
  const activitySection = el('section', { class: 'card', id: 'contact-activity', testid: 'contact-activity' },
    el('h2', {}, 'Activity'), el('p', { class: 'muted' }, 'Loading…'));

  async function loadActivity(contactId) {
    let page;
    try {
      page = await api.get(`/activity?subject=${encodeURIComponent(contactId)}&size=50`);
    } catch (failure) {
      replaceChildren(activitySection, el('h2', {}, 'Activity'), el('p', { class: 'muted' }, messageOf(failure)));
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    replaceChildren(activitySection, el('h2', {}, 'Activity'),
      page.items.length === 0 ? el('p', { class: 'muted' }, 'No activity recorded.')
        : el('table', { class: 'table' },
          el('thead', {}, el('tr', {}, ['When', 'What', 'Details'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, page.items.map((a) => el('tr', { testid: 'contact-activity-row', dataset: { type: a.type } },
            el('td', { class: 'cell-nowrap' }, time(a.occurredAt)),
            el('td', {}, a.type),
            el('td', {}, Object.entries(a.details || {}).filter(([k]) => k !== 'contactId')
              .map(([k, v]) => `${k}: ${v}`).join(', ')))))));
  }

  await load();
}
