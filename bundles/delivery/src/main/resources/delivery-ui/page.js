// The "Sending" page (#/delivery): sender settings, sends with progress and actions, and one send's
// recipients (#/delivery/<send id>). Everything from the server is put in the page as text.

const STATES = ['queued', 'handed_off', 'sent', 'failed', 'uncertain', 'cancelled', 'suppressed'];

export default async function render(container, ctx) {
  if (ctx.params.length > 0) {
    return renderSend(container, ctx, ctx.params[0]);
  }
  return renderOverview(container, ctx);
}

async function renderOverview(container, ctx) {
  const { el, pageHeader, form, field, handleSubmit, replaceChildren, time } = ctx.ui;
  const settings = await ctx.api.get('/delivery/settings');
  if (ctx.signal.aborted) return;

  const senderSelect = el('select', { id: 'delivery-sender', name: 'sender', testid: 'delivery-sender' },
    ...settings.senders.map((s) => el('option', { value: s.name, selected: s.name === settings.sender ? '' : null },
      `${s.title} (${s.name}, ${s.maxPerSecond}/s)`)));
  if (!settings.senders.some((s) => s.name === settings.sender)) {
    senderSelect.append(el('option', { value: settings.sender, selected: '' }, `${settings.sender} (not registered now)`));
  }
  const fallback = el('input', { id: 'delivery-fallback', name: 'fallback', type: 'checkbox', testid: 'delivery-fallback' });
  fallback.checked = settings.fallback;
  const status = el('p', { id: 'delivery-sender-status', testid: 'delivery-sender-status', role: 'status', class: 'muted' },
    settings.senderAvailable ? 'The chosen sender is registered.' : 'The chosen sender is not registered: messages wait for it.');

  const settingsForm = form('delivery-settings-form',
    el('label', { for: 'delivery-sender' }, 'Sender'), senderSelect,
    el('label', { class: 'checkbox' }, fallback, ' When it is not registered, use the next sender by ranking'),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'delivery-settings-save' }, 'Save'),
      el('button', {
        type: 'button', class: 'btn btn-secondary', id: 'delivery-test-connection',
        on: {
          click: async () => {
            try {
              const result = await ctx.api.post('/delivery/test-connection', { sender: senderSelect.value });
              ctx.notify(`${result.sender}: ${result.message}`, result.ok ? 'info' : 'error');
            } catch (e) {
              ctx.notify(e.detail || 'The test failed.', 'error');
            }
          },
        },
      }, 'Test connection')),
    status);
  handleSubmit(settingsForm, async () => {
    // Only the account's current choice can be unregistered here: keeping it is keeping a sender expected later.
    const expectedLater = !settings.senders.some((s) => s.name === senderSelect.value);
    const saved = await ctx.api.put('/delivery/settings',
      { sender: senderSelect.value, fallback: fallback.checked, senderExpectedLater: expectedLater });
    status.textContent = saved.senderAvailable ? 'Saved. The chosen sender is registered.'
      : 'Saved. The chosen sender is not registered: messages wait for it.';
  });

  const testForm = form('delivery-test-form',
    field({ id: 'delivery-test-to', name: 'to', label: 'Send a test message to', type: 'email', required: true }),
    field({ id: 'delivery-test-from', name: 'from', label: 'From', type: 'email',
      hint: 'One of your verified sender identities; empty uses your login address' }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'btn btn-secondary' }, 'Send test message')));
  handleSubmit(testForm, async (values) => {
    const queued = await ctx.api.post('/delivery/test-message', values.from ? { to: values.to, from: values.from } : { to: values.to });
    ctx.notify(`Test message queued (${queued.id}).`, 'info');
  });

  const sendsBody = el('tbody', { id: 'delivery-sends', testid: 'delivery-sends' });
  const sendsTable = el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
    el('thead', {}, el('tr', {}, ...['Subject', 'State', 'Sent', 'Queued', 'Failed', 'Uncertain', 'Rate', 'Started']
      .map((h) => el('th', { scope: 'col' }, h)))), sendsBody));

  async function loadSends() {
    const sends = (await ctx.api.get('/sends?size=50')).items;
    if (ctx.signal.aborted) return;
    if (sends.length === 0) {
      replaceChildren(sendsBody, el('tr', {}, el('td', { colspan: '8', class: 'empty-state' }, 'No sends yet.')));
      return;
    }
    replaceChildren(sendsBody, ...sends.map((s) => el('tr', { testid: 'delivery-send-row' },
      el('td', {}, el('a', { href: `#/delivery/${encodeURIComponent(s.id)}` }, s.subject)),
      el('td', {}, el('span', { class: 'badge' }, s.state)),
      el('td', {}, String(s.counts.sent)), el('td', {}, String(s.counts.queued + s.counts.handed_off)),
      el('td', {}, String(s.counts.failed)), el('td', {}, String(s.counts.uncertain)),
      el('td', {}, `${s.ratePerSecond.toFixed(1)}/s`), el('td', {}, time(s.createdAt)))));
  }

  container.append(
    pageHeader('Sending', 'Which sender sends your mail, and how your sends are going.'),
    el('section', { class: 'card' }, el('h2', {}, 'Sender'), settingsForm),
    el('section', { class: 'card' }, el('h2', {}, 'Test message'), testForm),
    el('section', { class: 'card' }, el('h2', {}, 'Sends'), sendsTable));
  await loadSends();
  const timer = setInterval(() => loadSends().catch(() => clearInterval(timer)), 3000);
  ctx.signal.addEventListener('abort', () => clearInterval(timer));
}

async function renderSend(container, ctx, sendId) {
  const { el, pageHeader, replaceChildren, time } = ctx.ui;
  const path = `/sends/${encodeURIComponent(sendId)}`;
  const summary = el('div', { id: 'delivery-send-summary', testid: 'delivery-send-summary' });
  const actions = el('div', { class: 'toolbar', id: 'delivery-send-actions' });
  const stateFilter = el('select', { id: 'delivery-recipient-state', 'aria-label': 'State' },
    el('option', { value: '' }, 'All states'), ...STATES.map((s) => el('option', { value: s }, s)));
  const search = el('input', { id: 'delivery-recipient-q', type: 'search', placeholder: 'Address contains…', 'aria-label': 'Address' });
  const rows = el('tbody', { id: 'delivery-recipients', testid: 'delivery-recipients' });
  const total = el('p', { class: 'muted', id: 'delivery-recipients-total' });

  function action(label, name, danger) {
    return el('button', {
      type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-secondary', id: `delivery-${name}`,
      on: {
        click: async () => {
          if (danger && !(await ctx.ui.confirm({ title: `${label}?`, message: 'Messages not yet handed to the sender will not be sent.', confirmLabel: label, danger: true }))) {
            return;
          }
          try {
            show(await ctx.api.post(`${path}/${name}`));
            await loadRecipients();
          } catch (e) {
            ctx.notify(e.detail || `${label} failed.`, 'error');
          }
        },
      },
    }, label);
  }

  function verdict(v) {
    if (!v) return '';
    const label = { PASS: 'Content check passed', WARN: 'Content check warned', BLOCK: 'Content check blocked' }[v.decision] || v.decision;
    return el('div', { testid: 'delivery-send-verdict' },
      el('p', {}, el('span', { class: 'badge', testid: 'delivery-verdict-decision' }, v.decision), ` ${label}`,
        v.acknowledged && v.decision === 'WARN' ? ' — the warnings were acknowledged before sending' : '',
        ` (score ${v.score.toFixed(1)})`),
      v.findings.length === 0 ? '' : el('ul', { class: 'muted' },
        ...v.findings.map((f) => el('li', { testid: 'delivery-verdict-finding' }, `${f.filter}: ${f.message}`))));
  }

  function show(s) {
    replaceChildren(summary,
      el('p', {}, 'State: ', el('span', { class: 'badge', testid: 'delivery-send-state' }, s.state),
        s.stateReason ? ` — ${s.stateReason}` : ''),
      el('p', {}, `${s.total} recipients · sender ${s.senderName || '—'} · ${s.ratePerSecond.toFixed(1)} messages/s · `,
        s.etaSeconds == null ? 'ETA unknown' : `ETA ${s.etaSeconds} s`),
      el('p', {}, ...STATES.map((st) => el('span', { class: 'badge', testid: `delivery-count-${st}` }, `${st}: ${s.counts[st]}`))),
      s.counts.suppressed > 0 ? el('p', { class: 'muted', testid: 'delivery-suppressed-note' },
        `${s.counts.suppressed} recipients are on your suppression list (unsubscribed, bounced, complained or removed) and got nothing.`) : '',
      verdict(s.verdict),
      el('p', { class: 'muted' }, `Bounces ${s.bounces} (transient ${s.transientBounces}) · complaints ${s.complaints} · started `,
        time(s.createdAt)));
    const buttons = [];
    if (s.state === 'running') buttons.push(action('Pause', 'pause'));
    if (s.state === 'paused' || s.state === 'auto-paused') buttons.push(action('Resume', 'resume'));
    if (['running', 'paused', 'auto-paused'].includes(s.state)) buttons.push(action('Cancel send', 'cancel', true));
    if (s.state !== 'cancelled' && s.counts.failed > 0) buttons.push(action('Resend to failed', 'resend-failed'));
    if (s.state !== 'cancelled' && s.counts.uncertain > 0) buttons.push(action('Resend to uncertain', 'resend-uncertain'));
    replaceChildren(actions, ...buttons);
  }

  async function loadRecipients() {
    const query = new URLSearchParams({ size: '100' });
    if (stateFilter.value) query.set('state', stateFilter.value);
    if (search.value.trim()) query.set('q', search.value.trim());
    const page = await ctx.api.get(`${path}/recipients?${query}`);
    if (ctx.signal.aborted) return;
    total.textContent = `${page.total} recipients match.`;
    replaceChildren(rows, ...page.items.map((d) => el('tr', { testid: 'delivery-recipient-row' },
      el('td', {}, d.recipient), el('td', {}, el('span', { class: 'badge' }, d.state)), el('td', {}, String(d.attempts)),
      el('td', {}, d.providerId || ''), el('td', {}, d.lastError || ''), el('td', {}, time(d.updatedAt)))));
  }

  async function refresh() {
    show(await ctx.api.get(path));
  }

  stateFilter.addEventListener('change', () => loadRecipients().catch((e) => ctx.notify(e.detail, 'error')));
  search.addEventListener('input', () => loadRecipients().catch((e) => ctx.notify(e.detail, 'error')));
  container.append(
    pageHeader('Send', el('a', { href: '#/delivery' }, 'All sends')),
    el('section', { class: 'card' }, summary, actions),
    el('section', { class: 'card' }, el('h2', {}, 'Recipients'), el('div', { class: 'toolbar' }, stateFilter, search), total,
      el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
        el('thead', {}, el('tr', {}, ...['Address', 'State', 'Attempts', 'Provider id', 'Last error', 'Updated']
          .map((h) => el('th', { scope: 'col' }, h)))), rows))));
  await refresh();
  await loadRecipients();
  const timer = setInterval(() => refresh().catch(() => clearInterval(timer)), 2000);
  ctx.signal.addEventListener('abort', () => clearInterval(timer));
}
