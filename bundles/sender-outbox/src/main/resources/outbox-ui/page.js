// The "Outbox" page (#/outbox): messages the outbox sender kept instead of sending; open one
// (#/outbox/<id>) to see its headers, bodies (HTML shown as text, never rendered) and source.

export default async function render(container, ctx) {
  if (ctx.params.length > 0) {
    return renderMessage(container, ctx, ctx.params[0]);
  }
  const { el, pageHeader, replaceChildren } = ctx.ui;
  const rows = el('tbody', { id: 'outbox-messages', testid: 'outbox-messages' });
  const page = await ctx.api.get('/outbox?size=200');
  if (ctx.signal.aborted) return;
  if (page.items.length === 0) {
    replaceChildren(rows, el('tr', {}, el('td', { colspan: '4', class: 'empty-state' },
      'No messages yet. Messages sent through the outbox sender appear here.')));
  } else {
    replaceChildren(rows, ...page.items.map((m) => el('tr', { testid: 'outbox-row' },
      el('td', {}, m.date || ''), el('td', {}, m.to || ''),
      el('td', {}, el('a', { href: `#/outbox/${encodeURIComponent(m.id)}` }, m.subject || '(no subject)')),
      el('td', {}, `${Math.ceil(m.size / 1024)} KB`))));
  }
  container.append(
    pageHeader('Outbox', `Messages kept by the outbox sender instead of being sent (${page.total}).`),
    el('section', { class: 'card' }, el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ...['Date', 'To', 'Subject', 'Size'].map((h) => el('th', { scope: 'col' }, h)))),
      rows))));
}

async function renderMessage(container, ctx, id) {
  const { el, pageHeader } = ctx.ui;
  const path = `/outbox/${encodeURIComponent(id)}`;
  const m = await ctx.api.get(path);
  if (ctx.signal.aborted) return;
  const source = el('pre', { id: 'outbox-source', testid: 'outbox-source', hidden: true });
  const viewSource = el('button', {
    type: 'button', class: 'btn btn-secondary', id: 'outbox-view-source',
    on: {
      click: async () => {
        try {
          source.textContent = await ctx.api.getText(`${path}/source`);
          source.hidden = false;
        } catch {
          ctx.notify('The source cannot be shown.', 'error');
        }
      },
    },
  }, 'View source');
  container.append(
    pageHeader(m.subject || '(no subject)', el('a', { href: '#/outbox' }, 'Outbox')),
    el('section', { class: 'card' },
      el('table', { class: 'table', testid: 'outbox-headers' }, el('tbody', {},
        ...m.headers.map((h) => el('tr', {}, el('th', { scope: 'row' }, h.name), el('td', {}, h.value))))),
      m.text != null ? el('div', {}, el('h2', {}, 'Text'), el('pre', { id: 'outbox-text' }, m.text)) : '',
      m.html != null ? el('div', {}, el('h2', {}, 'HTML (as text)'), el('pre', { id: 'outbox-html' }, m.html)) : '',
      el('div', { class: 'form-actions' }, viewSource), source));
}
