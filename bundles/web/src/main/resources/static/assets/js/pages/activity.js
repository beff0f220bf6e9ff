// The account's activity log: newest first, a page at a time, filtered by event type.
// The filter and the page are kept in the address (#/activity?type=auth.&page=2) so a view can be
// bookmarked or shared with a colleague of the same account.
// "Check the log" asks the server to walk the log's hash chain (GET /activity/verify) and says in
// plain words whether anything was changed, removed or moved, and where.

import { el, pageHeader, replaceChildren, time } from '../dom.js';

const PAGE_SIZE = 25;

function groupsOf(types) {
  const counts = new Map();
  for (const type of types) {
    const dot = type.indexOf('.');
    if (dot > 0) {
      const group = type.slice(0, dot + 1);
      counts.set(group, (counts.get(group) || 0) + 1);
    }
  }
  return [...counts].filter(([, n]) => n > 1).map(([group]) => group).sort();
}

function detailsList(details) {
  const entries = details && typeof details === 'object' ? Object.entries(details) : [];
  if (entries.length === 0) {
    return el('span', { class: 'muted' }, '—');
  }
  return el('ul', { class: 'kv' }, entries.map(([key, value]) => el('li', {},
    el('span', { class: 'kv-key' }, key), ' ',
    el('span', { class: 'kv-value' }, typeof value === 'string' ? value : JSON.stringify(value)))));
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the check found, as sentences for a marketer, not a cryptographer. */
export function checkSummary(report) {
  const checked = Number(report && report.entries) || 0;
  const checkpoint = report && report.checkpoint;
  const older = checkpoint
    ? ` Entries older than the retention period were removed; the sealed record of them ${checkpoint.signatureValid ? 'checks out' : 'does not check out'}.`
    : '';
  if (report && report.intact) {
    return { ok: true, title: 'The activity log is intact.', text: `All ${plural(checked, 'entry', 'entries')} are as they were written.${older}` };
  }
  const broken = (report && report.firstBroken) || {};
  const where = broken.position === null || broken.position === undefined ? '' : ` number ${broken.position}`;
  const what = {
    edited: `Entry${where} was changed after it was written.`,
    missing: `Entry${where} is missing: it was deleted.`,
    'out-of-order': `Entries around number ${broken.position} were moved out of the order they were written in.`,
    checkpoint: `The sealed record of removed old entries (up to number ${broken.position}) does not match.`,
    unchained: 'An entry was added to the log from outside NeuroMail.',
  }[broken.reason] || 'The log does not check out.';
  const before = checked > 0 ? ` The ${plural(checked, 'entry', 'entries')} before it are as they were written.` : '';
  return {
    ok: false,
    title: 'The activity log was tampered with.',
    text: `${what}${before} Ask the people who run NeuroMail to look into it.`,
  };
}

export default async function render(container, ctx) {
  const { api, session } = ctx;
  let type = ctx.query.get('type') || '';
  let page = Math.max(0, (Number.parseInt(ctx.query.get('page'), 10) || 1) - 1);
  let loads = 0;

  const select = el('select', { id: 'activity-type', testid: 'activity-type', name: 'type' },
    el('option', { value: '' }, 'All types'));
  const refresh = el('button', { id: 'activity-refresh', testid: 'activity-refresh', type: 'button', class: 'btn btn-secondary' }, 'Refresh');
  const check = el('button', { id: 'activity-check', testid: 'activity-check', type: 'button', class: 'btn btn-secondary' }, 'Check the log');
  const checkResult = el('div', { id: 'activity-check-result', testid: 'activity-check-result', role: 'status', 'aria-live': 'polite', hidden: true });
  const rows = el('tbody', { id: 'activity-rows', testid: 'activity-rows' });
  const table = el('table', { id: 'activity-table', testid: 'activity-table', class: 'table', hidden: true },
    el('caption', { class: 'visually-hidden' }, 'Activity of this account, newest first'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'When'),
      el('th', { scope: 'col' }, 'Event'),
      el('th', { scope: 'col' }, 'By'),
      el('th', { scope: 'col' }, 'From'),
      el('th', { scope: 'col' }, 'Details'))),
    rows);
  const empty = el('p', { id: 'activity-empty', testid: 'activity-empty', class: 'empty-state', hidden: true });
  const error = el('div', { id: 'activity-error', testid: 'activity-error', class: 'form-error', role: 'alert', hidden: true });
  const prev = el('button', { id: 'activity-prev', testid: 'activity-prev', type: 'button', class: 'btn btn-secondary btn-small', disabled: true }, '← Newer');
  const next = el('button', { id: 'activity-next', testid: 'activity-next', type: 'button', class: 'btn btn-secondary btn-small', disabled: true }, 'Older →');
  const pageInfo = el('span', { id: 'activity-page-info', testid: 'activity-page-info', class: 'pager-info', 'aria-live': 'polite' });

  function actor(item) {
    if (item.apiKeyId) {
      // The log names the key itself: asking for the key list would be recorded as a look at the keys.
      return item.apiKeyName ? ['API key ', el('span', { class: 'strong' }, item.apiKeyName)] : 'An API key';
    }
    if (item.userId) {
      return item.userId === session.user.id ? `${session.user.email} (you)` : `User ${String(item.userId).slice(0, 8)}`;
    }
    return el('span', { class: 'muted' }, 'System');
  }

  function row(item) {
    return el('tr', { testid: 'activity-row', dataset: { activityId: item.id, type: item.type } },
      el('td', { class: 'cell-nowrap' }, time(item.occurredAt, '—', { testid: 'activity-time' })),
      el('td', {}, el('code', { testid: 'activity-row-type', class: 'event-type' }, item.type)),
      el('td', { testid: 'activity-actor' }, actor(item)),
      el('td', { testid: 'activity-source' },
        item.ip || el('span', { class: 'muted' }, '—'),
        item.userAgent ? el('div', { class: 'muted small truncate', title: item.userAgent }, item.userAgent) : null),
      el('td', { testid: 'activity-details' }, detailsList(item.details)));
  }

  function syncAddress() {
    const query = new URLSearchParams();
    if (type) {
      query.set('type', type);
    }
    if (page > 0) {
      query.set('page', String(page + 1));
    }
    const search = query.toString();
    const hash = `#/activity${search ? `?${search}` : ''}`;
    if (location.hash !== hash) {
      // Replace, not push: the filter is a view of this page, not a page of its own.
      history.replaceState(history.state, '', hash);
    }
  }

  async function load() {
    loads += 1;
    const current = loads;
    table.setAttribute('aria-busy', 'true');
    const query = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
    if (type) {
      query.set('type', type);
    }
    try {
      const result = await api.get(`/activity?${query}`);
      if (ctx.signal.aborted || current !== loads) {
        return;
      }
      const items = Array.isArray(result && result.items) ? result.items : [];
      const total = Number(result && result.total) || 0;
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      replaceChildren(rows, items.map(row));
      table.hidden = items.length === 0;
      empty.hidden = items.length > 0;
      empty.textContent = type ? 'No activity of this type.' : 'No activity yet.';
      error.hidden = true;
      pageInfo.textContent = `Page ${page + 1} of ${pages} · ${total} ${total === 1 ? 'event' : 'events'}`;
      prev.disabled = page === 0;
      next.disabled = page + 1 >= pages;
      table.dataset.loaded = 'true';
    } catch (failure) {
      if (!ctx.signal.aborted && current === loads && failure.status !== 401) {
        replaceChildren(error, el('p', {}, `The activity could not be loaded: ${failure.message}`));
        error.hidden = false;
      }
    } finally {
      if (current === loads) {
        table.removeAttribute('aria-busy');
      }
    }
  }

  function fillTypes(types) {
    const known = new Set(types);
    const groups = groupsOf(types);
    const options = [el('option', { value: '' }, 'All types')];
    if (groups.length > 0) {
      options.push(el('optgroup', { label: 'Groups' }, groups.map((g) => el('option', { value: g }, `${g}*`))));
    }
    options.push(el('optgroup', { label: 'Events' }, [...known].sort().map((t) => el('option', { value: t }, t))));
    if (type && !known.has(type) && !groups.includes(type)) {
      options.push(el('option', { value: type }, type.endsWith('.') ? `${type}*` : type));
    }
    replaceChildren(select, options);
    select.value = type;
  }

  select.addEventListener('change', () => {
    type = select.value;
    page = 0;
    syncAddress();
    load();
  });
  prev.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    syncAddress();
    load();
  });
  next.addEventListener('click', () => {
    page += 1;
    syncAddress();
    load();
  });
  refresh.addEventListener('click', () => load());
  check.addEventListener('click', async () => {
    check.disabled = true;
    check.setAttribute('aria-busy', 'true');
    replaceChildren(checkResult, el('p', {}, 'Checking every entry of the log…'));
    checkResult.className = 'notice';
    checkResult.hidden = false;
    try {
      const report = await api.get('/activity/verify');
      if (ctx.signal.aborted) {
        return;
      }
      const summary = checkSummary(report);
      checkResult.className = summary.ok ? 'notice' : 'notice notice-error';
      checkResult.dataset.intact = String(summary.ok);
      replaceChildren(checkResult, el('div', {},
        el('p', { class: 'strong', testid: 'activity-check-title' }, summary.title),
        el('p', { testid: 'activity-check-text' }, summary.text)));
    } catch (failure) {
      if (!ctx.signal.aborted && failure.status !== 401) {
        checkResult.className = 'notice notice-error';
        delete checkResult.dataset.intact;
        replaceChildren(checkResult, el('p', {}, `The log could not be checked: ${failure.message}`));
      }
    } finally {
      check.disabled = false;
      check.removeAttribute('aria-busy');
    }
  });

  container.append(
    pageHeader('Activity', 'Sign-ins, API key changes and other security events of this account.'),
    checkResult,
    el('section', { class: 'card' },
      el('div', { class: 'toolbar' },
        el('div', { class: 'field field-inline' },
          el('label', { for: 'activity-type' }, 'Type'),
          select),
        refresh,
        check),
      error,
      el('div', { class: 'table-wrap' }, table),
      empty,
      el('div', { class: 'pager' }, prev, pageInfo, next)));

  const types = await api.get('/activity/types').catch(() => []);
  if (ctx.signal.aborted) {
    return;
  }
  fillTypes(Array.isArray(types) ? types.filter((t) => typeof t === 'string') : []);
  await load();
}
