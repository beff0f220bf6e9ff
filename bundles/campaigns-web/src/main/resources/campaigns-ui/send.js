// Sending a campaign: a test to a few addresses, scheduling, sending now; then its progress
// (polled while it sends) with pause, resume and cancel, and afterwards sending again to the
// recipients whose delivery failed or is uncertain.
//
// Every action first saves pending changes (model.saveNow()). Refusals are shown on the page as
// the server words them; a WARN verdict of the content check needs the acknowledgement checkbox.

import { campaignPath, duration, helpers, messageOf } from './common.js';
import { abTestPanel } from './abtest.js';
import { renderVerdict } from './editor.js';

const POLL_MS = 3000;
const TESTING_POLL_MS = 15000;
const MAX_SCHEDULED_POLL_MS = 60000;
const MAX_TEST_ADDRESSES = 10;

function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** "2026-12-03" and "09:00" for a time an hour from now, in the browser's zone. */
function defaultWhen(schedule) {
  if (schedule && typeof schedule.local === 'string' && schedule.local.includes('T')) {
    const [date, clock] = schedule.local.split('T');
    return { date, clock: clock.slice(0, 5) };
  }
  const d = new Date(Date.now() + 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, clock: `${pad(d.getHours())}:00` };
}

export function sendPanel(ctx, model) {
  const { el, replaceChildren, form, field, handleSubmit, time } = ctx.ui;
  const { selectField, contactPicker } = helpers(ctx);
  const { settings } = model;
  let pollTimer = null;
  let stopped = false;

  // ---- before sending ----
  const settingsMissing = !settings || !settings.organisationName || !settings.postalAddress;
  const settingsWarning = settingsMissing ? el('div', { class: 'card card-warning', id: 'campaign-send-settings', testid: 'campaign-send-settings' },
    el('p', { class: 'strong' }, 'Before you can send: add your organisation name and postal address.'),
    el('p', {}, 'Every campaign shows them in its footer. ', el('a', { href: '#/campaigns/settings' }, 'Open the campaign settings'))) : null;

  const verdict = el('section', { class: 'card verdict-card', id: 'campaign-send-check', testid: 'campaign-send-check', dataset: { decision: '' } });
  renderVerdict(verdict, ctx, null);
  const acknowledge = el('input', { type: 'checkbox', id: 'campaign-acknowledge', testid: 'campaign-acknowledge', name: 'acknowledgeWarnings' });
  const acknowledgeRow = el('div', { class: 'field field-check acknowledge', hidden: true },
    el('label', { class: 'checkbox', for: 'campaign-acknowledge' }, acknowledge, ' I have read the warnings of the content check and want to send this campaign anyway.'));

  // ---- actions ----
  const result = el('div', { id: 'campaign-send-result', testid: 'campaign-send-result', role: 'status', 'aria-live': 'polite' });
  const actionForm = form('campaign-send-form', result);

  /** Saves pending changes, then runs `call`; shows a refusal in the action form. */
  async function act(call, button) {
    ctx.ui.clearErrors(actionForm);
    result.replaceChildren();
    if (button) button.disabled = true;
    try {
      if (!(await model.saveNow())) {
        ctx.ui.setFormError(actionForm, 'Your latest changes could not be saved. Fix them (or reload) before sending.');
        return null;
      }
      return await call();
    } catch (error) {
      if (error.name !== 'AbortError') {
        ctx.ui.showError(actionForm, error);
      }
      return null;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function ack() {
    return verdictDecision() === 'WARN' ? acknowledge.checked : false;
  }

  function verdictDecision() {
    return verdict.dataset.decision || '';
  }

  // Test send, in a dialog.
  const testAddresses = el('textarea', { id: 'campaign-test-emails', testid: 'campaign-test-emails', name: 'emails', rows: '3', maxlength: '2600',
    dataset: { field: 'emails' }, 'aria-describedby': 'campaign-test-emails-hint campaign-test-emails-error' });
  testAddresses.value = ctx.session && ctx.session.user ? ctx.session.user.email : '';
  const testPicker = contactPicker('campaign-test-contact', 'Fill the merge tags with the data of');
  const testForm = form('campaign-test-form',
    el('div', { class: 'field', dataset: { fieldFor: 'emails' } },
      el('label', { for: 'campaign-test-emails' }, 'Send a test to'),
      testAddresses,
      el('p', { id: 'campaign-test-emails-hint', class: 'hint' }, `Up to ${MAX_TEST_ADDRESSES} addresses, separated by commas or new lines.`),
      el('p', { id: 'campaign-test-emails-error', class: 'field-error', testid: 'field-error', hidden: true })),
    testPicker.node,
    el('div', { class: 'dialog-actions' },
      el('button', { type: 'button', class: 'btn btn-secondary', id: 'campaign-test-cancel', testid: 'campaign-test-cancel', on: { click: () => testDialog.close() } }, 'Close'),
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'campaign-test-submit', testid: 'campaign-test-submit' }, 'Send test')));
  const testDone = el('p', { id: 'campaign-test-done', testid: 'campaign-test-done', class: 'success-message', role: 'status', hidden: true });
  testForm.append(testDone);
  const testDialog = el('dialog', { id: 'campaign-test-dialog', testid: 'campaign-test-dialog', class: 'dialog', 'aria-labelledby': 'campaign-test-title' },
    el('h2', { id: 'campaign-test-title' }, 'Send a test'), testForm);
  handleSubmit(testForm, async (values) => {
    testDone.hidden = true;
    const emails = [...new Set(values.emails.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean))];
    if (emails.length === 0) {
      ctx.ui.setFieldError(testForm, 'emails', 'Give at least one address.');
      return;
    }
    if (emails.length > MAX_TEST_ADDRESSES) {
      ctx.ui.setFieldError(testForm, 'emails', `At most ${MAX_TEST_ADDRESSES} addresses.`);
      return;
    }
    if (!(await model.saveNow())) {
      ctx.ui.setFormError(testForm, 'Your latest changes could not be saved. Fix them (or reload) before sending a test.');
      return;
    }
    const body = { emails, acknowledgeWarnings: ack() };
    if (testPicker.value()) body.contactId = testPicker.value();
    const answer = await ctx.api.post(campaignPath(model.campaign.id, 'test'), body);
    const to = Array.isArray(answer.recipients) ? answer.recipients.join(', ') : emails.join(', ');
    testDone.textContent = `Test sent to ${to}. It can take a minute to arrive.`;
    testDone.hidden = false;
  });
  const testButton = el('button', { type: 'button', class: 'btn btn-secondary', id: 'campaign-test-open', testid: 'campaign-test-open',
    on: { click: () => { testDone.hidden = true; ctx.ui.clearErrors(testForm); testDialog.showModal(); } } }, 'Send a test…');

  // Schedule.
  const when = defaultWhen(model.campaign.schedule);
  const zone = (model.campaign.schedule && model.campaign.schedule.timeZone) || browserTimeZone();
  const zones = timeZones();
  const scheduleForm = form('campaign-schedule-form',
    el('div', { class: 'schedule-row' },
      field({ id: 'campaign-schedule-date', name: 'date', label: 'Date', type: 'date', value: when.date, required: true }),
      field({ id: 'campaign-schedule-time', name: 'time', label: 'Time', type: 'time', value: when.clock, required: true }),
      selectField({ id: 'campaign-schedule-zone', name: 'timeZone', label: 'Time zone', value: zone,
        options: (zones.includes(zone) ? zones : [zone, ...zones]).map((z) => [z, z.replace(/_/g, ' ')]) })),
    el('input', { type: 'hidden', dataset: { field: 'at' }, id: 'campaign-schedule-at' }),
    el('p', { id: 'campaign-schedule-at-error', class: 'field-error', testid: 'field-error', hidden: true }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'campaign-schedule-submit', testid: 'campaign-schedule-submit' }, 'Schedule')));
  handleSubmit(scheduleForm, async (values) => {
    if (!(await model.saveNow())) {
      ctx.ui.setFormError(scheduleForm, 'Your latest changes could not be saved. Fix them (or reload) before scheduling.');
      return;
    }
    const answer = await ctx.api.post(campaignPath(model.campaign.id, 'schedule'),
      { at: `${values.date}T${values.time}`, timeZone: values.timeZone, acknowledgeWarnings: ack() });
    model.replace(answer);
    ctx.notify('The campaign is scheduled.', 'info');
  });

  const sendNowButton = el('button', { type: 'button', class: 'btn btn-primary', id: 'campaign-send-now', testid: 'campaign-send-now' }, 'Send now…');
  sendNowButton.addEventListener('click', async () => {
    const n = model.recipients;
    const ok = await ctx.ui.confirm({
      title: 'Send this campaign now?',
      message: typeof n === 'number' ? `It goes to ${n.toLocaleString()} ${n === 1 ? 'recipient' : 'recipients'} right away. This cannot be undone, only paused or cancelled.`
        : 'It goes to its audience right away. This cannot be undone, only paused or cancelled.',
      confirmLabel: 'Send now',
    });
    if (!ok) return;
    const answer = await act(() => ctx.api.post(campaignPath(model.campaign.id, 'send'), { acknowledgeWarnings: ack() }), sendNowButton);
    if (answer) model.replace(answer);
  });

  function actionButton(label, action, testid, cls = 'btn btn-secondary', confirm = null) {
    const button = el('button', { type: 'button', class: cls, testid, id: testid }, label);
    button.addEventListener('click', async () => {
      if (confirm && !(await ctx.ui.confirm(confirm))) return;
      const answer = await act(() => ctx.api.post(campaignPath(model.campaign.id, action), action === 'resume' ? { acknowledgeWarnings: ack() } : undefined), button);
      if (answer) model.replace(answer);
    });
    return button;
  }

  // ---- progress ----
  const bar = el('progress', { id: 'campaign-progress-bar', testid: 'campaign-progress-bar', max: '1', value: '0' });
  const figures = el('dl', { class: 'progress-figures', id: 'campaign-progress-figures', testid: 'campaign-progress-figures' });
  const progressState = el('p', { id: 'campaign-progress-state', testid: 'campaign-progress-state', class: 'muted' });
  const progressCard = el('section', { class: 'card', id: 'campaign-progress', testid: 'campaign-progress', hidden: true },
    el('h2', {}, 'Progress'), bar, progressState, figures);

  function showProgress(c) {
    const p = c.progress;
    progressCard.hidden = !p;
    if (!p) return;
    const total = Math.max(0, p.total || 0);
    const done = (p.sent || 0) + (p.failed || 0) + (p.suppressed || 0);
    const remaining = typeof p.queued === 'number' ? p.queued : Math.max(0, total - done);
    bar.max = Math.max(1, total);
    bar.value = Math.min(done, bar.max);
    bar.textContent = total ? `${Math.floor((100 * done) / total)} %` : '';
    const figure = (key, label, value) => [el('dt', {}, label), el('dd', { testid: `campaign-progress-${key}`, dataset: { value: String(value ?? '') } },
      typeof value === 'number' ? value.toLocaleString() : (value || '—'))];
    replaceChildren(figures,
      figure('total', 'Recipients', total),
      figure('sent', 'Sent', p.sent || 0),
      figure('failed', 'Failed', p.failed || 0),
      figure('suppressed', 'Skipped (unsubscribed, bounced or suppressed)', p.suppressed || 0),
      figure('remaining', 'Still to send', remaining),
      figure('uncertain', 'Uncertain (the sender did not confirm)', p.uncertain || 0),
      figure('rate', 'Rate', typeof p.perMinute === 'number' ? `${Math.round(p.perMinute).toLocaleString()} a minute` : null),
      figure('eta', 'Time left', c.status === 'sending' && typeof p.etaSeconds === 'number' ? `about ${duration(p.etaSeconds)}` : null));
    progressState.textContent = c.status === 'paused' ? 'Paused: nothing more is sent until you resume.'
      : c.status === 'sending' ? 'Sending…' : c.status === 'sent' ? 'Finished.' : c.status === 'cancelled' ? 'Cancelled.' : (p.state || '');
  }

  // ---- layout by status ----
  const statusLine = el('div', { id: 'campaign-send-status', testid: 'campaign-send-status', class: 'send-status' });
  const buttons = el('div', { class: 'form-actions', id: 'campaign-send-actions' });
  const scheduleCard = el('section', { class: 'card', id: 'campaign-schedule', testid: 'campaign-schedule' },
    el('h2', {}, 'Schedule'), el('p', { class: 'muted' }, 'Send it later, at a time in the time zone of your audience.'), scheduleForm);

  function layout(c) {
    replaceChildren(statusLine);
    replaceChildren(buttons);
    scheduleCard.hidden = c.status !== 'draft';
    const p = c.progress || {};
    if (c.statusReason) {
      statusLine.append(el('p', { class: 'muted', testid: 'campaign-status-reason' }, c.statusReason));
    }
    switch (c.status) {
      case 'draft':
        buttons.append(testButton, sendNowButton);
        break;
      case 'scheduled':
        statusLine.prepend(el('p', { class: 'strong', id: 'campaign-scheduled-at', testid: 'campaign-scheduled-at' }, 'Scheduled for ', time(c.schedule && c.schedule.at),
          c.schedule && c.schedule.timeZone ? ` (${c.schedule.local ? `${c.schedule.local.replace('T', ' ')} ` : ''}${c.schedule.timeZone})` : ''));
        buttons.append(testButton, actionButton('Unschedule', 'unschedule', 'campaign-unschedule'));
        break;
      case 'sending':
        buttons.append(actionButton('Pause', 'pause', 'campaign-pause'),
          actionButton('Cancel sending', 'cancel', 'campaign-cancel', 'btn btn-danger-outline',
            { title: 'Cancel this campaign?', message: 'Nothing more is sent. Recipients who already have it keep it.', confirmLabel: 'Cancel sending', danger: true }));
        break;
      case 'testing':
        statusLine.prepend(el('p', { class: 'strong', testid: 'campaign-testing' }, 'Testing: the versions of the A/B test went to their share of the audience.'));
        buttons.append(actionButton('Cancel the campaign', 'cancel', 'campaign-cancel', 'btn btn-danger-outline',
          { title: 'Cancel this campaign?', message: 'The test stops and no version goes to the rest of the audience.', confirmLabel: 'Cancel the campaign', danger: true }));
        break;
      case 'paused':
        buttons.append(actionButton('Resume', 'resume', 'campaign-resume', 'btn btn-primary'),
          actionButton('Cancel sending', 'cancel', 'campaign-cancel', 'btn btn-danger-outline',
            { title: 'Cancel this campaign?', message: 'Nothing more is sent. Recipients who already have it keep it.', confirmLabel: 'Cancel sending', danger: true }));
        break;
      case 'sent':
        statusLine.prepend(el('p', { class: 'strong' }, 'Sent ', time(c.sentAt)));
        if (p.failed > 0) {
          buttons.append(actionButton(`Send again to the ${p.failed.toLocaleString()} that failed`, 'resend-failed', 'campaign-resend-failed', 'btn btn-secondary',
            { title: 'Send again to failed recipients?', message: 'Recipients whose delivery failed get the campaign once more.', confirmLabel: 'Send again' }));
        }
        if (p.uncertain > 0) {
          buttons.append(actionButton(`Send again to the ${p.uncertain.toLocaleString()} uncertain`, 'resend-uncertain', 'campaign-resend-uncertain', 'btn btn-secondary',
            { title: 'Send again to uncertain recipients?', message: 'The sender never confirmed these deliveries; some of these people may get the campaign twice.', confirmLabel: 'Send again' }));
        }
        break;
      default:
        break;
    }
    // The acknowledgement matters only for what still sends: a test, scheduling, sending, resuming.
    acknowledgeRow.hidden = !(verdictDecision() === 'WARN' && ['draft', 'scheduled', 'paused'].includes(c.status));
    const blocked = verdictDecision() === 'BLOCK';
    sendNowButton.disabled = blocked || settingsMissing;
    scheduleForm.querySelector('#campaign-schedule-submit').disabled = blocked || settingsMissing;
    showProgress(c);
    schedulePoll(c);
  }

  /** Milliseconds until the campaign should be looked at again, or null when it cannot change by itself. */
  function pollDelay(c) {
    if (c.status === 'sending') return POLL_MS;
    if (c.status === 'testing') return TESTING_POLL_MS;
    if (c.status !== 'scheduled') return null;
    // Look again soon after its time comes (the server starts it within seconds), and once a minute
    // before that, in case it was moved or started elsewhere.
    const until = Date.parse(c.schedule && c.schedule.at) - Date.now();
    return Number.isNaN(until) ? MAX_SCHEDULED_POLL_MS : Math.min(MAX_SCHEDULED_POLL_MS, Math.max(POLL_MS, until + POLL_MS));
  }

  function schedulePoll(c) {
    clearTimeout(pollTimer);
    const delay = pollDelay(c);
    if (stopped || delay === null) return;
    pollTimer = setTimeout(async () => {
      try {
        const fresh = await ctx.api.get(campaignPath(c.id), { signal: ctx.signal });
        if (!stopped) model.replace(fresh);
      } catch (error) {
        if (error.name !== 'AbortError' && !stopped) {
          progressState.textContent = `Progress could not be updated (${messageOf(error)}); trying again.`;
          schedulePoll(c);
        }
      }
    }, delay);
  }

  model.on('verdict', (v, error) => {
    renderVerdict(verdict, ctx, v, error);
    layout(model.campaign);
  });
  model.on('status', (c) => layout(c));
  model.on('progress', (c) => {
    showProgress(c);
    schedulePoll(c);
  });

  const abTest = abTestPanel(ctx, model);
  const node = el('div', { class: 'campaign-send' },
    settingsWarning,
    el('div', { class: 'campaign-send-grid' },
      el('div', {},
        el('section', { class: 'card' }, el('h2', {}, 'Send'), statusLine, acknowledgeRow, actionForm, buttons),
        progressCard,
        abTest.node,
        scheduleCard),
      verdict),
    testDialog);
  layout(model.campaign);
  return {
    node,
    start() {},
    stop() {
      stopped = true;
      clearTimeout(pollTimer);
      abTest.stop();
      if (testDialog.open) testDialog.close();
    },
  };
}
