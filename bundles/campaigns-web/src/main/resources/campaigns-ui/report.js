// A campaign's report (#/campaigns/<id>?tab=report): what delivery did with its messages, and the
// opens and clicks of people, with those of machines (link scanners, privacy proxies) kept apart.
// The figures come from GET /campaigns/<id>/report, those by email domain from
// GET /campaigns/<id>/report/domains; while the campaign sends, they are read again every few seconds.

import { campaignPath, messageOf } from './common.js';

const REFRESH_MS = 10000;
// The figures by domain count every message of the send: read at most once a minute while it sends.
const DOMAINS_REFRESH_MS = 60000;

/** 0.2534 as "25.3 %"; null as "—". */
function percent(fraction) {
  return fraction === null || fraction === undefined ? '—' : `${(fraction * 100).toFixed(1)} %`;
}

function count(n) {
  return Number(n || 0).toLocaleString();
}

export function reportPanel(ctx, model) {
  const { el, replaceChildren } = ctx.ui;
  const body = el('div', { id: 'campaign-report', testid: 'campaign-report', 'aria-live': 'polite' },
    el('p', { class: 'muted', role: 'status' }, 'Loading the report…'));
  let timer = null;
  let shown = false;
  let domainsRead = null;

  function tile(id, label, value, note) {
    return el('div', { class: 'report-tile', id: `campaign-report-${id}`, testid: `campaign-report-${id}` },
      el('p', { class: 'report-tile-label' }, label),
      el('p', { class: 'report-tile-value', testid: 'report-value' }, value),
      note ? el('p', { class: 'report-tile-note muted' }, note) : null);
  }

  function render(r) {
    const d = r.delivery || {};
    const nothingYet = !r.delivery;
    const parts = [];
    if (nothingYet) {
      parts.push(el('div', { class: 'empty-state', testid: 'campaign-report-empty' },
        el('p', { class: 'strong' }, 'No report yet'),
        el('p', {}, 'Once the campaign is sent, this page shows how many people opened it and clicked its links.')));
      replaceChildren(body, parts);
      return;
    }
    const download = (id, label, file, params) => el('a', { id, testid: id, class: 'btn btn-secondary btn-small',
      href: ctx.api.url(campaignPath(model.campaign.id, file), params), download: true }, label);
    parts.push(el('div', { class: 'report-downloads', testid: 'campaign-report-downloads' },
      download('campaign-report-csv', 'Download report (CSV)', 'report.csv', {}),
      r.tracked ? download('campaign-report-openers', 'People who opened (CSV)', 'recipients.csv', { activity: 'opened' }) : null,
      r.tracked ? download('campaign-report-clickers', 'People who clicked (CSV)', 'recipients.csv', { activity: 'clicked' }) : null));
    parts.push(el('div', { class: 'report-tiles' },
      tile('sent', 'Sent', count(d.sent), `of ${count(d.total)} recipients`),
      tile('open-rate', 'Opened', percent(r.rates.open), `${count(r.opens.uniqueHuman)} people`),
      tile('click-rate', 'Clicked', percent(r.rates.click), `${count(r.clicks.uniqueHuman)} people`),
      tile('ctor', 'Clicked after opening', percent(r.rates.clickToOpen), 'of the people who opened it'),
      tile('unsubscribe-rate', 'Unsubscribed', percent(r.rates.unsubscribe), `${count(r.unsubscribes)} people`),
      tile('bounce-rate', 'Bounced', percent(r.rates.bounce), `${count(d.bounces + d.softBounces)} messages`)));
    if (!r.tracked) {
      parts.push(el('p', { class: 'card card-info', testid: 'campaign-report-untracked' },
        'Opens and clicks were not tracked for this campaign: the tracking switch was off when it was sent.'));
    }
    parts.push(el('section', { class: 'card' },
      el('h2', {}, 'Delivery'),
      el('dl', { class: 'progress-figures', testid: 'campaign-report-delivery' },
        el('dt', {}, 'Sent'), el('dd', {}, count(d.sent)),
        el('dt', {}, 'Delivered'), el('dd', { testid: 'campaign-report-delivered' }, count(d.delivered)),
        el('dt', {}, 'Bounced for good (the address does not exist)'), el('dd', { testid: 'campaign-report-bounces' }, count(d.bounces)),
        el('dt', {}, 'Bounced for now (mailbox full, server busy)'), el('dd', {}, count(d.softBounces)),
        el('dt', {}, 'Marked as spam'), el('dd', { testid: 'campaign-report-complaints' }, count(d.complaints)),
        el('dt', {}, 'Failed'), el('dd', {}, count(d.failed)),
        el('dt', {}, 'Skipped (unsubscribed or suppressed)'), el('dd', {}, count(d.suppressed)),
        el('dt', {}, 'Outcome unknown'), el('dd', {}, count(d.uncertain)),
        el('dt', {}, 'Still to send'), el('dd', {}, count(d.queued)))));
    parts.push(el('section', { class: 'card' },
      el('h2', {}, 'Opens and clicks'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', testid: 'campaign-report-engagement' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'People'),
          el('th', { scope: 'col' }, 'Messages (people)'), el('th', { scope: 'col' }, 'Machines'), el('th', { scope: 'col' }, 'All'))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, 'Opens'), el('td', {}, count(r.opens.human)), el('td', {}, count(r.opens.uniqueHuman)),
            el('td', { testid: 'campaign-report-machine-opens' }, count(r.opens.machine)), el('td', {}, count(r.opens.total))),
          el('tr', {}, el('th', { scope: 'row' }, 'Clicks'), el('td', {}, count(r.clicks.human)), el('td', {}, count(r.clicks.uniqueHuman)),
            el('td', { testid: 'campaign-report-machine-clicks' }, count(r.clicks.machine)), el('td', {}, count(r.clicks.total)))))),
      el('p', { class: 'hint' }, 'Machines are mail security scanners that follow every link, and privacy proxies that load every image '
        + 'in advance (such as Apple Mail\'s). They are counted apart and left out of the rates; a click also counts as an open.')));
    const timeline = r.timeline || { hours: [], days: [] };
    const charts = [];
    if (r.tracked && (timeline.hours.length > 0 || timeline.days.length > 0)) {
      const hourly = el('div', { class: 'chart-holder', testid: 'campaign-report-hourly' });
      const daily = timeline.days.length > 0 ? el('div', { class: 'chart-holder', testid: 'campaign-report-daily' }) : null;
      parts.push(el('section', { class: 'card', testid: 'campaign-report-timeline' },
        el('h2', {}, 'Over time'),
        el('p', { class: 'hint' }, 'People who opened or clicked for the first time, per hour for the first two days and per day after that. '
          + 'Machine opens are the scanners and proxies counted apart above.'),
        hourly, daily));
      const series = (points) => [
        { label: 'Opened', values: points.map((p) => p.uniqueHumanOpens) },
        { label: 'Clicked', values: points.map((p) => p.uniqueHumanClicks) },
        { label: 'Machine opens', values: points.map((p) => p.machineOpens) },
        { label: 'Unsubscribed', values: points.map((p) => p.unsubscribes) },
      ];
      const seconds = (points) => points.map((p) => Date.parse(p.start) / 1000);
      if (timeline.hours.length > 0) {
        charts.push(() => ctx.ui.timeChart(hourly, {
          title: 'First 48 hours', unit: 'hour', times: seconds(timeline.hours), series: series(timeline.hours),
        }));
      }
      if (daily) {
        charts.push(() => ctx.ui.timeChart(daily, {
          title: 'After that, per day', unit: 'day', times: seconds(timeline.days), series: series(timeline.days),
        }));
      }
    }
    const links = r.links || [];
    parts.push(el('section', { class: 'card' },
      el('h2', {}, 'Links'),
      links.length === 0 ? el('p', { class: 'muted', testid: 'campaign-report-no-links' }, 'This campaign had no tracked links.')
        : el('div', { class: 'table-wrap' }, el('table', { class: 'table', testid: 'campaign-report-links' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Link'), el('th', { scope: 'col' }, 'Clicks by people'),
            el('th', { scope: 'col' }, 'Messages clicked'), el('th', { scope: 'col' }, 'All clicks'))),
          el('tbody', {}, links.map((l) => el('tr', { testid: 'campaign-report-link' },
            el('td', { class: 'report-link-url' }, el('a', { href: l.url, rel: 'noopener noreferrer', target: '_blank' }, l.url)),
            el('td', {}, count(l.humanClicks)), el('td', {}, count(l.uniqueClicks)), el('td', {}, count(l.clicks)))))))));
    const domains = el('section', { class: 'card', testid: 'campaign-report-domains' },
      el('h2', {}, 'By email domain'),
      el('p', { class: 'muted', role: 'status' }, 'Loading the figures by email domain…'));
    parts.push(domains);
    replaceChildren(body, parts);
    loadDomains(domains, r.tracked);
    // Charts measure their holders, so they are drawn once the report is on the page.
    for (const draw of charts) {
      draw().catch((error) => body.append(el('p', { class: 'form-error', role: 'alert' },
        `A chart could not be drawn: ${messageOf(error)}`)));
    }
  }

  /** Fills the "By email domain" card: one row per large domain, then the others together. */
  async function loadDomains(section, tracked) {
    const heading = el('h2', {}, 'By email domain');
    let report;
    if (domainsRead && Date.now() - domainsRead.at < DOMAINS_REFRESH_MS) {
      report = domainsRead.report;
    } else {
      try {
        report = await ctx.api.get(campaignPath(model.campaign.id, 'report/domains'), { signal: ctx.signal });
      } catch (error) {
        if (error.name === 'AbortError') return;
        replaceChildren(section, [heading, el('p', { class: 'form-error', role: 'alert' },
          `The figures by email domain could not be loaded: ${messageOf(error)}`)]);
        return;
      }
      domainsRead = { at: Date.now(), report };
    }
    const rows = [...report.domains];
    if (report.other) rows.push(report.other);
    if (rows.length === 0) {
      replaceChildren(section, [heading, el('p', { class: 'muted' }, 'No messages yet.')]);
      return;
    }
    replaceChildren(section, [heading,
      el('p', { class: 'hint' }, 'How each mailbox provider treated the campaign: a domain that bounces or opens far less than '
        + 'the others may be filtering your mail.'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', testid: 'campaign-report-domain-table' },
        el('thead', {}, el('tr', {},
          ...['Domain', 'Recipients', 'Sent', 'Opened', 'Clicked', 'Bounced', 'Marked as spam']
            .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map((d) => el('tr', { testid: 'campaign-report-domain' },
          el('th', { scope: 'row', class: 'report-domain-name' }, d.domain === null ? 'Other domains' : d.domain),
          el('td', {}, count(d.recipients)),
          el('td', {}, count(d.sent)),
          el('td', {}, tracked ? `${percent(d.openRate)} (${count(d.opened)})` : '—'),
          el('td', {}, tracked ? `${percent(d.clickRate)} (${count(d.clicked)})` : '—'),
          el('td', {}, `${percent(d.bounceRate)} (${count(d.bounces + d.softBounces)})`),
          el('td', {}, count(d.complaints)))))))]);
  }

  async function load() {
    clearTimeout(timer);
    try {
      render(await ctx.api.get(campaignPath(model.campaign.id, 'report'), { signal: ctx.signal }));
    } catch (error) {
      if (error.name === 'AbortError') return;
      replaceChildren(body, el('p', { class: 'form-error', role: 'alert', testid: 'campaign-report-error' },
        `The report could not be loaded: ${messageOf(error)}`));
    }
    if (shown && ['sending', 'paused'].includes(model.campaign.status) && !ctx.signal.aborted) {
      timer = setTimeout(load, REFRESH_MS);
    }
  }

  ctx.signal.addEventListener('abort', () => clearTimeout(timer));
  return {
    node: body,
    /** Called when the tab opens or closes. */
    show(on) {
      shown = on;
      if (on) load(); else clearTimeout(timer);
    },
  };
}
