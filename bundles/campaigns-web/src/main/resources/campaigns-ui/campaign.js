// One campaign (#/campaigns/<id>?tab=content|audience|send|report): its content, audience and sending
// in three tabs, saved as the user works, and once it is sent its report.
//
// Autosave: a change marks the campaign unsaved and, after a quiet moment, its content and
// audience are PUT with the version they were loaded at. A 409 means someone (or something) changed
// it meanwhile, or its status no longer allows edits: saving stops and the page offers to reload.
// Errors of a 422 appear under the fields they name. Leaving with unsaved changes asks first.

import { EDITABLE, campaignPath, debounce, helpers, messageOf } from './common.js';
import { contentPanel } from './editor.js';
import { audiencePanel } from './audience.js';
import { sendPanel } from './send.js';
import { reportPanel } from './report.js';

const SAVE_AFTER_MS = 1500;
const TABS = [['content', 'Content'], ['audience', 'Audience'], ['send', 'Send'], ['report', 'Report']];

/** The answer of `call`, or `fallback` when the feature behind it answers 404 or fails. */
async function optional(call, fallback) {
  try {
    return await call;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    console.warn('Optional data for the campaign page could not be loaded', error);
    return fallback;
  }
}

export async function renderCampaign(container, ctx, id) {
  const { api, signal } = ctx;
  const { el, replaceChildren, time } = ctx.ui;
  const { statusBadge } = helpers(ctx);

  let campaign;
  try {
    campaign = await api.get(campaignPath(id), { signal });
  } catch (error) {
    if (error instanceof ctx.ApiError && error.status === 404) {
      container.append(ctx.ui.pageHeader('Campaign not found', 'It may have been deleted.'),
        el('p', {}, el('a', { href: '#/campaigns' }, '← All campaigns')));
      return undefined;
    }
    throw error;
  }
  const [identities, senders, mergeTags, tags, settings, lists, segments] = await Promise.all([
    optional(api.get('/sender-identities', { signal }), { items: [], preVerifiedDomains: [] }),
    optional(api.get('/delivery/settings', { signal }), null),
    optional(api.get('/campaigns/merge-tags', { signal }), []),
    optional(api.get('/campaigns/tags', { signal }), []),
    optional(api.get('/campaigns/settings', { signal }), null),
    optional(api.get('/lists', { signal }), []),
    optional(api.get('/segments', { signal }), []),
  ]);
  if (signal.aborted) {
    return undefined;
  }

  // ---- the model the panels share ----
  const listeners = new Map();
  let dirty = false;
  let saving = null;
  let conflict = false;
  const model = {
    campaign, identities, senders, mergeTags, tags, settings, lists, segments,
    recipients: null,
    editable: (c = model.campaign) => EDITABLE.has(c.status) && !conflict,
    on(event, fn) {
      if (!listeners.has(event)) listeners.set(event, []);
      listeners.get(event).push(fn);
    },
    emit(event, ...args) {
      for (const fn of listeners.get(event) || []) fn(...args);
    },
    changed() {
      if (!model.editable()) return;
      dirty = true;
      setSaveState('unsaved', 'Unsaved changes');
      saveLater();
    },
    /** Saves pending changes now; resolves to true when nothing is left unsaved. */
    async saveNow() {
      saveLater.cancel();
      await save();
      return !dirty && !conflict;
    },
    /** Takes a campaign the server answered with (after an action or a poll). */
    replace(fresh) {
      const before = model.campaign;
      model.campaign = fresh;
      if (before.status !== fresh.status) {
        model.emit('status', fresh);
        showHeader();
      } else {
        model.emit('progress', fresh);
      }
    },
    showVerdict(verdict, error) {
      model.emit('verdict', verdict, error);
    },
  };

  // ---- header ----
  const saveState = el('span', { id: 'campaign-save-state', testid: 'campaign-save-state', class: 'save-state', role: 'status', 'aria-live': 'polite', dataset: { state: 'saved' } });
  const saveButton = el('button', { type: 'button', id: 'campaign-save', testid: 'campaign-save', class: 'btn btn-secondary btn-small', hidden: true,
    on: { click: () => model.saveNow() } }, 'Save now');
  const conflictBox = el('div', { id: 'campaign-conflict', testid: 'campaign-conflict', class: 'card card-warning', role: 'alert', hidden: true });
  const saveErrors = ctx.ui.form('campaign-form');
  const title = el('h1', { id: 'page-title', testid: 'page-title', tabindex: '-1' });
  const badgeSlot = el('span', { id: 'campaign-status' });
  const lockedNote = el('p', { id: 'campaign-locked', testid: 'campaign-locked', class: 'muted', hidden: true });

  function setSaveState(state, text) {
    saveState.dataset.state = state;
    replaceChildren(saveState, text);
    saveButton.hidden = !(state === 'unsaved' || state === 'failed');
  }

  function showHeader() {
    const c = model.campaign;
    title.textContent = c.name || 'Untitled campaign';
    replaceChildren(badgeSlot, statusBadge(c.status, { testid: 'campaign-status-badge' }));
    lockedNote.hidden = model.editable(c) || conflict;
    lockedNote.textContent = c.status === 'sent' || c.status === 'cancelled'
      ? 'This campaign can no longer be changed. Duplicate it to send something similar.'
      : 'The content and audience cannot be changed while the campaign is sending, testing or paused.';
    deleteButton.hidden = !(c.status === 'draft' || c.status === 'cancelled');
  }

  const duplicateButton = el('button', { type: 'button', id: 'campaign-duplicate', testid: 'campaign-duplicate', class: 'btn btn-secondary btn-small' }, 'Duplicate');
  duplicateButton.addEventListener('click', async () => {
    duplicateButton.disabled = true;
    try {
      await model.saveNow();
      const copy = await api.post(campaignPath(model.campaign.id, 'duplicate'));
      ctx.notify(`Made a copy: "${copy.name}".`, 'info');
      ctx.navigate(`#/campaigns/${encodeURIComponent(copy.id)}`);
    } catch (error) {
      ctx.notify(`The campaign could not be duplicated: ${messageOf(error)}`, 'error');
    } finally {
      duplicateButton.disabled = false;
    }
  });
  const templateButton = el('button', { type: 'button', id: 'campaign-save-template', testid: 'campaign-save-template', class: 'btn btn-secondary btn-small' }, 'Save as template');
  templateButton.addEventListener('click', async () => {
    templateButton.disabled = true;
    try {
      if (!(await model.saveNow())) {
        ctx.notify('Save your changes first.', 'warning');
        return;
      }
      const t = await api.post('/campaigns/templates', { name: model.campaign.name || 'Template', campaignId: model.campaign.id });
      ctx.notify(`Saved as the template "${t.name}": it is offered for new campaigns.`, 'info');
    } catch (error) {
      ctx.notify(`The template could not be saved: ${messageOf(error)}`, 'error');
    } finally {
      templateButton.disabled = false;
    }
  });
  const deleteButton = el('button', { type: 'button', id: 'campaign-delete', testid: 'campaign-delete', class: 'btn btn-danger-outline btn-small' }, 'Delete');
  deleteButton.addEventListener('click', async () => {
    if (!(await ctx.ui.confirm({ title: 'Delete this campaign?', message: `"${model.campaign.name}" will be gone for good.`, confirmLabel: 'Delete', danger: true }))) {
      return;
    }
    try {
      saveLater.cancel();
      await api.del(campaignPath(model.campaign.id));
      dirty = false;
      ctx.notify(`"${model.campaign.name}" deleted.`, 'info');
      ctx.navigate('#/campaigns');
    } catch (error) {
      ctx.notify(`The campaign could not be deleted: ${messageOf(error)}`, 'error');
    }
  });

  // ---- saving ----
  function showSaveErrors(error) {
    ctx.ui.clearErrors(saveErrors);
    for (const panel of panels) ctx.ui.clearErrors(panel.form);
    const unmatched = [];
    for (const { field, message } of error.errors || []) {
      const shown = typeof field === 'string' && panels.some((panel) => ctx.ui.setFieldError(panel.form, field, message));
      if (!shown && message) unmatched.push(field ? `${field}: ${message}` : message);
    }
    if (unmatched.length || !(error.errors || []).length) {
      ctx.ui.setFormError(saveErrors, error.detail || error.message, ...unmatched);
    }
    const firstTab = panels.find((panel) => panel.form.querySelector('[aria-invalid="true"]'));
    if (firstTab) markTab(firstTab.key, true);
  }

  function showConflict(error) {
    conflict = true;
    replaceChildren(conflictBox,
      el('p', { class: 'strong' }, 'Your latest changes were not saved.'),
      el('p', {}, error.detail || 'This campaign was changed somewhere else, or it can no longer be edited.'),
      el('p', {}, el('button', { type: 'button', class: 'btn btn-primary', id: 'campaign-reload', testid: 'campaign-reload',
        on: { click: () => { dirty = false; ctx.navigate(location.hash); } } }, 'Reload the campaign'),
      ' ', el('span', { class: 'muted' }, 'Copy anything you want to keep first.')));
    conflictBox.hidden = false;
    setSaveState('conflict', 'Not saved: changed elsewhere');
    model.emit('status', model.campaign);
    showHeader();
  }

  async function save() {
    while (saving) {
      await saving;
    }
    if (!dirty || conflict) return;
    dirty = false;
    const body = { ...content.values(), audience: audience.values(), version: model.campaign.version };
    setSaveState('saving', 'Saving…');
    saving = (async () => {
      try {
        const saved = await api.put(campaignPath(model.campaign.id), body, { signal });
        const statusChanged = saved.status !== model.campaign.status;
        model.campaign = saved;
        ctx.ui.clearErrors(saveErrors);
        for (const panel of panels) {
          ctx.ui.clearErrors(panel.form);
          markTab(panel.key, false);
        }
        if (statusChanged) model.emit('status', saved);
        model.emit('saved', saved);
        showHeader();
        if (!dirty) setSaveState('saved', ['Saved ', time(saved.updatedAt || new Date().toISOString())]);
      } catch (error) {
        if (error.name === 'AbortError') return;
        dirty = true;
        if (error instanceof ctx.ApiError && error.status === 409) {
          showConflict(error);
        } else if (error instanceof ctx.ApiError && error.status === 422) {
          showSaveErrors(error);
          setSaveState('failed', 'Not saved: see the marked fields');
        } else {
          setSaveState('failed', `Not saved: ${messageOf(error)}`);
        }
      } finally {
        saving = null;
      }
    })();
    await saving;
  }
  const saveLater = debounce(() => save(), SAVE_AFTER_MS);

  // ---- panels and tabs ----
  const content = contentPanel(ctx, model);
  const audience = audiencePanel(ctx, model);
  const send = sendPanel(ctx, model);
  const report = reportPanel(ctx, model);
  // Content and audience are edited (and their save errors shown) in a form each; the send panel
  // holds forms of its own, which must not sit inside another form.
  const panels = [['content', content], ['audience', audience]].map(([key, panel]) => {
    const f = ctx.ui.form(`campaign-${key}-form`, panel.node);
    f.classList.add('campaign-panel-form');
    f.addEventListener('submit', (event) => event.preventDefault());
    return { key, form: f, node: el('div', { id: `campaign-tab-${key}`, testid: `campaign-tab-${key}`, role: 'tabpanel', 'aria-labelledby': `campaign-tab-button-${key}` }, f) };
  });
  const tabPanels = [...panels, { key: 'send', node: el('div', { id: 'campaign-tab-send', testid: 'campaign-tab-send', role: 'tabpanel', 'aria-labelledby': 'campaign-tab-button-send' }, send.node) },
    { key: 'report', node: el('div', { id: 'campaign-tab-report', testid: 'campaign-tab-report', role: 'tabpanel', 'aria-labelledby': 'campaign-tab-button-report' }, report.node) }];

  const tabButtons = TABS.map(([key, label]) => el('button', {
    type: 'button', role: 'tab', id: `campaign-tab-button-${key}`, testid: `campaign-tab-button-${key}`, class: 'tab', dataset: { tab: key },
    'aria-controls': `campaign-tab-${key}`, on: { click: () => openTab(key) },
  }, label, el('span', { class: 'tab-alert', hidden: true, 'aria-label': 'has errors' }, ' •')));
  function markTab(key, on) {
    const button = tabButtons.find((b) => b.dataset.tab === key);
    if (button) button.querySelector('.tab-alert').hidden = !on;
  }
  function openTab(key) {
    for (const p of tabPanels) p.node.hidden = p.key !== key;
    report.show(key === 'report');
    for (const b of tabButtons) {
      const on = b.dataset.tab === key;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    const query = new URLSearchParams(ctx.query);
    query.set('tab', key);
    history.replaceState(history.state, '', `#/campaigns/${encodeURIComponent(model.campaign.id)}?${query}`);
  }
  const sendLabel = () => (['sending', 'testing', 'paused', 'sent'].includes(model.campaign.status) ? 'Progress' : 'Send');
  // The report tab appears once the campaign has a send to report on.
  const hasReport = () => ['sending', 'paused', 'sent', 'cancelled'].includes(model.campaign.status) && Boolean(model.campaign.sendId);
  model.on('status', () => {
    tabButtons[2].firstChild.textContent = sendLabel();
    tabButtons[3].hidden = !hasReport();
  });
  tabButtons[2].firstChild.textContent = sendLabel();
  tabButtons[3].hidden = !hasReport();

  container.append(
    el('p', { class: 'breadcrumb' }, el('a', { href: '#/campaigns' }, '← All campaigns')),
    el('header', { class: 'page-header campaign-header' },
      el('div', { class: 'campaign-title' }, title, badgeSlot),
      el('div', { class: 'campaign-header-actions' }, saveState, saveButton, duplicateButton, templateButton, deleteButton)),
    lockedNote, conflictBox, saveErrors,
    el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Campaign' }, tabButtons),
    ...tabPanels.map((p) => p.node));
  showHeader();
  setSaveState('saved', campaign.updatedAt ? ['Saved ', time(campaign.updatedAt)] : 'Saved');
  const requested = ctx.query.get('tab');
  openTab(TABS.some(([k]) => k === requested) && (requested !== 'report' || hasReport()) ? requested
    : ['sending', 'testing', 'paused', 'sent', 'scheduled'].includes(campaign.status) ? 'send' : 'content');

  if (typeof ctx.guardLeave === 'function') {
    ctx.guardLeave(() => (dirty || saving ? 'Your latest changes to this campaign are not saved yet.' : null));
  }
  content.start();
  audience.start();
  send.start();
  return () => {
    saveLater.cancel();
    content.stop();
    audience.stop();
    send.stop();
  };
}
