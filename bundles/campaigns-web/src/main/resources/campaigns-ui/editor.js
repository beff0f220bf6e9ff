// The content of a campaign: envelope fields, the HTML in a code editor (CodeMirror 5, served by
// this bundle; a plain text area with line numbers when it cannot load), the plain-text part,
// merge tags, and beside it the preview and the content check.
//
// The panel does not save anything itself: it reports changes with model.changed() and hands its
// values to the campaign page, which saves them (see campaign.js).

import { EDITABLE, campaignPath, debounce, helpers, messageOf, splitTags } from './common.js';

/** Loads CodeMirror and the modes of an HTML document once; resolves to the CodeMirror function. */
async function loadCodeMirror() {
  if (!window.CodeMirror) {
    await import('./codemirror/lib/codemirror.js');
    await import('./codemirror/mode/xml/xml.js');
    await import('./codemirror/mode/javascript/javascript.js');
    await import('./codemirror/mode/css/css.js');
    await import('./codemirror/mode/htmlmixed/htmlmixed.js');
  }
  if (typeof window.CodeMirror !== 'function') {
    throw new Error('the editor did not load');
  }
  return window.CodeMirror;
}

/** The From choices: verified addresses, and an own address at each verified domain. */
function senderChoices(identities, current) {
  const items = (identities && identities.items) || [];
  const addresses = items.filter((i) => i.type === 'address' && i.status === 'verified').map((i) => i.value);
  const domains = [
    ...items.filter((i) => i.type === 'domain' && i.status === 'verified').map((i) => i.value),
    ...((identities && identities.preVerifiedDomains) || []),
  ];
  return { addresses: [...new Set(addresses)], domains: [...new Set(domains)], current };
}

export function contentPanel(ctx, model) {
  const { el, replaceChildren, field } = ctx.ui;
  const { selectField, textareaField, checkboxField, contactPicker } = helpers(ctx);
  const { campaign, identities, senders, mergeTags, tags, settings } = model;
  let editor = null;

  // ---- envelope ----
  const choices = senderChoices(identities, campaign.from);
  const fromOptions = [['', 'Choose a verified sender'], ...choices.addresses.map((a) => [a, a]),
    ...choices.domains.map((d) => [`@${d}`, `Another address at ${d}…`])];
  const fromAtDomain = choices.domains.find((d) => campaign.from && campaign.from.toLowerCase().endsWith(`@${d.toLowerCase()}`));
  let fromValue = campaign.from || '';
  if (fromValue && !choices.addresses.includes(fromValue)) {
    if (fromAtDomain) {
      fromValue = `@${fromAtDomain}`;
    } else {
      fromOptions.push([fromValue, `${fromValue} (not verified: sending is refused)`]);
    }
  }
  const fromField = selectField({ id: 'campaign-from', name: 'from', label: 'From address', value: fromValue, options: fromOptions,
    hint: choices.addresses.length + choices.domains.length === 0 ? 'No verified sender yet: add and verify one on the Sender identities page.' : null });
  const fromSelect = fromField.querySelector('select');
  const fromLocal = el('input', { id: 'campaign-from-local', testid: 'campaign-from-local', type: 'text', maxlength: '64', 'aria-label': 'Part before the @',
    value: fromAtDomain ? campaign.from.slice(0, campaign.from.length - fromAtDomain.length - 1) : '' });
  const fromDomain = el('span', { class: 'muted', id: 'campaign-from-domain' });
  const fromLocalRow = el('div', { class: 'from-local', hidden: true }, fromLocal, fromDomain);
  fromField.insertBefore(fromLocalRow, fromSelect.nextSibling);
  function syncFrom() {
    const v = fromSelect.value;
    fromLocalRow.hidden = !v.startsWith('@');
    fromDomain.textContent = v.startsWith('@') ? v : '';
  }
  syncFrom();
  if (choices.addresses.length + choices.domains.length === 0) {
    fromField.append(el('p', {}, el('a', { href: '#/sender-identities' }, 'Verify a sender address')));
  }

  const senderField = selectField({ id: 'campaign-sender', name: 'senderName', label: 'Send through', value: campaign.senderName || '',
    options: [['', senders && senders.sender ? `The account's default (${senders.sender})` : "The account's default"],
      ...((senders && senders.senders) || []).map((s) => [s.name, `${s.title} (${s.name})`])],
    hint: 'Which configured sender delivers this campaign.' });
  const tagList = el('datalist', { id: 'campaign-tags-known' }, tags.map((t) => el('option', { value: t })));

  const envelope = el('div', { class: 'campaign-envelope' },
    field({ id: 'campaign-name', name: 'name', label: 'Campaign name', value: campaign.name || '', maxlength: '200', hint: 'For you only.' }),
    field({ id: 'campaign-subject', name: 'subject', label: 'Subject', value: campaign.subject || '', maxlength: '300' }),
    field({ id: 'campaign-preheader', name: 'preheader', label: 'Preheader', value: campaign.preheader || '', maxlength: '300',
      hint: 'The line many inboxes show after the subject.' }),
    fromField,
    field({ id: 'campaign-from-name', name: 'fromName', label: 'From name', value: campaign.fromName || '', maxlength: '200',
      hint: 'E.g. your organisation or your name.' }),
    field({ id: 'campaign-reply-to', name: 'replyTo', label: 'Reply-To', type: 'email', value: campaign.replyTo || '', maxlength: '254',
      hint: 'Where replies go, when not to the From address.' }),
    field({ id: 'campaign-tags', name: 'tags', label: 'Tags', value: (campaign.tags || []).join(', '), list: 'campaign-tags-known',
      maxlength: '500', hint: 'Separated by commas, to find campaigns later.' }),
    tagList,
    senderField);

  // ---- merge tags ----
  let target = null;
  const mergeSelect = el('select', { id: 'campaign-merge-tag', testid: 'campaign-merge-tag', 'aria-label': 'Merge tag' },
    mergeTags.map((t) => el('option', { value: t.name }, t.example ? `${t.label} (e.g. ${t.example})` : t.label)));
  const mergeInsert = el('button', { id: 'campaign-merge-insert', testid: 'campaign-merge-insert', type: 'button', class: 'btn btn-secondary btn-small' }, 'Insert');
  const mergeHint = el('span', { class: 'hint' }, 'Goes where the cursor was last: subject, preheader, HTML or text.');
  const mergeBar = el('div', { class: 'merge-bar', hidden: mergeTags.length === 0 },
    el('label', { for: 'campaign-merge-tag' }, 'Personalise'), mergeSelect, mergeInsert, mergeHint);

  // ---- HTML ----
  const htmlArea = el('textarea', { id: 'campaign-html', name: 'html', testid: 'campaign-html', dataset: { field: 'html' }, spellcheck: 'false',
    rows: '24', class: 'code-input', 'aria-describedby': 'campaign-html-error', 'aria-label': 'HTML of the email' });
  htmlArea.value = campaign.html || '';
  const gutter = el('pre', { class: 'line-gutter', 'aria-hidden': 'true' });
  const htmlBox = el('div', { class: 'code-box', id: 'campaign-html-box', testid: 'campaign-html-box' }, gutter, htmlArea);
  const editorState = el('p', { id: 'campaign-editor-state', testid: 'campaign-editor-state', class: 'muted small', role: 'status' }, 'Loading the editor…');
  const htmlField = el('div', { class: 'field', dataset: { fieldFor: 'html' } },
    el('label', { for: 'campaign-html' }, 'HTML'), htmlBox, editorState,
    el('p', { id: 'campaign-html-error', class: 'field-error', testid: 'field-error', hidden: true }));
  const problems = el('div', { id: 'campaign-problems', testid: 'campaign-problems', class: 'problems', hidden: true });
  const notes = el('div', { id: 'campaign-sanitiser-notes', testid: 'campaign-sanitiser-notes', class: 'notes', hidden: true });

  // ---- text and options ----
  const textFromHtml = checkboxField({ id: 'campaign-text-from-html', name: 'textFromHtml', label: 'Generate the plain text from the HTML',
    checked: campaign.textFromHtml, hint: 'Some people read mail as plain text. Untick this to write that version yourself.' });
  const textField = textareaField({ id: 'campaign-text', name: 'text', label: 'Plain text', value: campaign.text || '', rows: '10', spellcheck: 'true' });
  const textArea = textField.querySelector('textarea');
  const generateNow = el('button', { id: 'campaign-text-generate', testid: 'campaign-text-generate', type: 'button', class: 'btn btn-secondary btn-small' },
    'Generate from HTML now');
  textField.append(generateNow);
  // Off for the whole account, the campaign's own switch has no effect: it shows its stored value,
  // cannot be changed, and is saved as it was.
  const trackingOff = Boolean(settings) && settings.trackingEnabled === false;
  const options = el('div', { class: 'campaign-options' },
    checkboxField({ id: 'campaign-inline-css', name: 'inlineCss', label: 'Move the CSS into style attributes when sending', checked: campaign.inlineCss,
      hint: 'Some mail programs ignore <style> blocks.' }),
    checkboxField({ id: 'campaign-webview', name: 'webview', label: 'Add a "view in the browser" link', checked: campaign.webview && campaign.webview.enabled }),
    checkboxField({ id: 'campaign-archive', name: 'archive', label: 'Show in the public archive once sent', checked: campaign.archive,
      disabled: !(settings && settings.archiveEnabled),
      hint: settings && settings.archiveEnabled ? null : 'The archive is off in the campaign settings.' }),
    checkboxField({ id: 'campaign-tracking', name: 'tracking', label: 'Track opens and clicks', checked: campaign.tracking !== false,
      disabled: trackingOff,
      hint: trackingOff
        ? ['Tracking is off for the whole account in the ', el('a', { href: '#/campaigns/settings' }, 'campaign settings'), '.']
        : 'Counts who opens the email and which links they follow. Test sends are never tracked.' }));
  function syncText() {
    const generated = textFromHtml.querySelector('input').checked;
    textArea.readOnly = generated || !model.editable();
    generateNow.hidden = generated;
  }
  syncText();

  // ---- preview ----
  let device = 'desktop';
  const frame = el('iframe', { id: 'campaign-preview-frame', testid: 'campaign-preview-frame', class: 'preview-frame preview-desktop',
    sandbox: true, referrerpolicy: 'no-referrer', title: 'Preview of the email' });
  const deviceButtons = ['desktop', 'mobile'].map((d) => el('button', {
    type: 'button', class: ['btn btn-secondary btn-small', d === device && 'is-pressed'], testid: `campaign-preview-${d}`, id: `campaign-preview-${d}`,
    'aria-pressed': String(d === device), on: { click: () => setDevice(d) },
  }, d === 'desktop' ? 'Desktop' : 'Mobile'));
  const inbox = el('div', { id: 'campaign-preview-inbox', testid: 'campaign-preview-inbox', class: 'preview-inbox' });
  const previewProblems = el('ul', { id: 'campaign-preview-problems', testid: 'campaign-preview-problems', class: 'problems-list', hidden: true });
  const picker = contactPicker('campaign-preview-contact', 'Preview as', () => refreshPreview());
  function setDevice(d) {
    device = d;
    frame.className = `preview-frame preview-${d}`;
    for (const b of deviceButtons) {
      const on = b.id === `campaign-preview-${d}`;
      b.classList.toggle('is-pressed', on);
      b.setAttribute('aria-pressed', String(on));
    }
  }
  let previews = 0;
  async function refreshPreview() {
    const c = model.campaign;
    const contact = picker.value();
    frame.src = ctx.api.url(campaignPath(c.id, 'preview.html'), { contact, v: String(c.version) });
    const mine = ++previews;
    try {
      const p = await ctx.api.post(campaignPath(c.id, 'preview'), contact ? { contactId: contact } : {}, { signal: ctx.signal });
      if (mine !== previews || ctx.signal.aborted) {
        return;
      }
      replaceChildren(inbox, el('strong', { testid: 'campaign-preview-subject' }, p.subject || '(no subject)'), ' ',
        el('span', { class: 'muted', testid: 'campaign-preview-preheader' }, p.preheader || ''));
      const list = Array.isArray(p.problems) ? p.problems : [];
      replaceChildren(previewProblems, list.map((x) => el('li', {}, typeof x === 'string' ? x : x.message || JSON.stringify(x))));
      previewProblems.hidden = list.length === 0;
    } catch (error) {
      if (error.name !== 'AbortError' && mine === previews) {
        replaceChildren(inbox, el('span', { class: 'form-error-message' }, `The preview could not be made: ${messageOf(error)}`));
      }
    }
  }
  const preview = el('section', { class: 'card preview-card', 'aria-label': 'Preview' },
    el('div', { class: 'preview-head' }, el('h2', {}, 'Preview'), el('div', { class: 'btn-group', role: 'group', 'aria-label': 'Screen width' }, deviceButtons)),
    picker.node, inbox, previewProblems,
    el('div', { class: 'preview-stage' }, frame));

  // ---- content check ----
  const verdict = el('section', { class: 'card verdict-card', id: 'campaign-check', testid: 'campaign-check', dataset: { decision: '' } },
    el('h2', {}, 'Content check'), el('p', { class: 'muted' }, 'Checked after every save.'));

  function showProblems(c) {
    const list = Array.isArray(c.problems) ? c.problems : [];
    replaceChildren(problems, list.length ? el('p', { class: 'strong' }, 'To fix before sending') : null,
      el('ul', { class: 'problems-list' }, list.map((p) => el('li', { testid: 'campaign-problem', dataset: { part: p.part || '' } },
        p.part ? el('span', { class: 'badge' }, p.part) : null, ' ',
        p.line ? `Line ${p.line}${p.column ? `, column ${p.column}` : ''}: ` : '', p.message))));
    problems.hidden = list.length === 0;
    const sanitised = Array.isArray(c.sanitiserNotes) ? c.sanitiserNotes : [];
    replaceChildren(notes, el('p', { class: 'strong' }, 'What we changed in your HTML so that it is safe to send'),
      el('ul', {}, sanitised.map((n) => el('li', {}, typeof n === 'string' ? n : n.message || JSON.stringify(n)))));
    notes.hidden = sanitised.length === 0;
    if (editor) {
      for (const line of editor.problemLines || []) {
        editor.removeLineClass(line, 'background', 'cm-problem-line');
      }
      editor.problemLines = list.filter((p) => p.part === 'html' && p.line > 0).map((p) => editor.addLineClass(p.line - 1, 'background', 'cm-problem-line'));
    }
  }

  // ---- wiring ----
  const node = el('div', { class: 'campaign-content' },
    el('div', { class: 'campaign-content-main' },
      el('section', { class: 'card' }, el('h2', {}, 'Envelope'), envelope),
      el('section', { class: 'card' }, el('h2', {}, 'Email'), mergeBar, htmlField, problems, notes, options),
      el('section', { class: 'card' }, el('h2', {}, 'Plain-text version'), textFromHtml, textField)),
    el('div', { class: 'campaign-content-side' }, verdict, preview));

  // One event per edit: a text field's 'change' also fires when it loses focus, after its edits
  // were saved, and would mark the campaign unsaved again.
  for (const input of envelope.querySelectorAll('input, select')) {
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => model.changed());
  }
  for (const input of options.querySelectorAll('input')) {
    input.addEventListener('change', () => model.changed());
  }
  fromSelect.addEventListener('change', syncFrom);
  textFromHtml.querySelector('input').addEventListener('change', () => {
    syncText();
    model.changed();
  });
  textArea.addEventListener('input', () => model.changed());
  generateNow.addEventListener('click', () => {
    textFromHtml.querySelector('input').checked = true;
    syncText();
    model.changed();
    model.saveNow();
  });
  for (const input of [node.querySelector('#campaign-subject'), node.querySelector('#campaign-preheader'), textArea]) {
    input.addEventListener('focus', () => { target = { input }; });
  }
  htmlArea.addEventListener('focus', () => { target = { input: htmlArea }; });
  mergeInsert.addEventListener('click', () => {
    const tag = `{{ ${mergeSelect.value} }}`;
    const t = target || (editor ? { editor } : { input: htmlArea });
    if (t.editor) {
      t.editor.replaceSelection(tag);
      t.editor.focus();
    } else if (!t.input.readOnly) {
      const { selectionStart: start, selectionEnd: end, value } = t.input;
      t.input.value = value.slice(0, start) + tag + value.slice(end);
      t.input.setSelectionRange(start + tag.length, start + tag.length);
      t.input.focus();
      t.input.dispatchEvent(new Event('input'));
    }
  });

  // Line numbers for the plain text area (until and unless CodeMirror takes over).
  function numberLines() {
    const count = htmlArea.value.split('\n').length;
    gutter.textContent = Array.from({ length: count }, (_, i) => String(i + 1)).join('\n');
    gutter.scrollTop = htmlArea.scrollTop;
  }
  htmlArea.addEventListener('input', () => {
    numberLines();
    model.changed();
  });
  htmlArea.addEventListener('scroll', () => { gutter.scrollTop = htmlArea.scrollTop; });
  numberLines();

  /** Turns the text area into CodeMirror once the panel is in the document. */
  async function mountEditor() {
    if (!document.getElementById('codemirror-stylesheet')) {
      document.head.append(el('link', { id: 'codemirror-stylesheet', rel: 'stylesheet', href: '/ui/campaigns/codemirror/lib/codemirror.css' }));
    }
    try {
      const CodeMirror = await loadCodeMirror();
      if (ctx.signal.aborted) {
        return;
      }
      editor = CodeMirror.fromTextArea(htmlArea, {
        mode: 'htmlmixed', lineNumbers: true, lineWrapping: true, indentUnit: 2, tabSize: 2,
        readOnly: !model.editable(), viewportMargin: 50,
      });
      editor.getWrapperElement().dataset.testid = 'campaign-html-editor';
      gutter.hidden = true;
      htmlBox.classList.add('has-codemirror');
      editor.on('change', () => {
        editor.save();
        model.changed();
      });
      editor.on('focus', () => { target = { editor }; });
      editorState.hidden = true;
      showProblems(model.campaign);
    } catch (error) {
      console.error('CodeMirror could not be loaded; using the plain editor', error);
      editorState.textContent = 'Plain editor (the code editor could not be loaded).';
    }
  }

  function values() {
    const from = fromSelect.value.startsWith('@') ? `${fromLocal.value.trim()}${fromSelect.value}` : fromSelect.value;
    const v = (id) => node.querySelector(`#${id}`);
    return {
      name: v('campaign-name').value.trim(),
      subject: v('campaign-subject').value,
      preheader: v('campaign-preheader').value,
      from: from || null,
      fromName: v('campaign-from-name').value.trim(),
      replyTo: v('campaign-reply-to').value.trim() || null,
      tags: splitTags(v('campaign-tags').value),
      senderName: v('campaign-sender').value || null,
      html: editor ? editor.getValue() : htmlArea.value,
      text: textArea.value,
      textFromHtml: v('campaign-text-from-html').checked,
      inlineCss: v('campaign-inline-css').checked,
      webview: { enabled: v('campaign-webview').checked },
      archive: v('campaign-archive').checked,
      tracking: v('campaign-tracking').checked,
    };
  }

  function setEditable(editable) {
    for (const input of node.querySelectorAll('.campaign-content-main input, .campaign-content-main select')) {
      input.disabled = !editable || (input.id === 'campaign-archive' && !(settings && settings.archiveEnabled))
        || (input.id === 'campaign-tracking' && trackingOff);
    }
    htmlArea.readOnly = !editable;
    mergeInsert.disabled = !editable;
    generateNow.disabled = !editable;
    if (editor) {
      editor.setOption('readOnly', !editable);
    }
    syncText();
  }

  const checkLater = debounce(async () => {
    try {
      model.showVerdict(await ctx.api.post(campaignPath(model.campaign.id, 'check'), undefined, { signal: ctx.signal }));
    } catch (error) {
      if (error.name !== 'AbortError') {
        model.showVerdict(null, error);
      }
    }
  }, 800);
  const previewLater = debounce(refreshPreview, 400);

  model.on('saved', (c) => {
    showProblems(c);
    if (c.textFromHtml) {
      // The server generated the text: show it, unless the user is typing there.
      if (document.activeElement !== textArea) {
        textArea.value = c.text || '';
      }
    }
    previewLater();
    checkLater();
  });
  model.on('verdict', (v, error) => renderVerdict(verdict, ctx, v, error));
  model.on('status', (c) => setEditable(model.editable(c)));

  setEditable(model.editable());
  showProblems(campaign);
  return {
    node,
    values,
    start() {
      mountEditor();
      refreshPreview();
      checkLater();
    },
    stop() {
      checkLater.cancel();
      previewLater.cancel();
    },
  };
}

const DECISION_WORDS = {
  PASS: ['verdict-allow', 'Ready to send', 'No filter found a problem.'],
  WARN: ['verdict-warn', 'Check the warnings', 'It can be sent, but some filters found something to look at. Sending asks you to confirm that you have read them.'],
  BLOCK: ['verdict-block', 'Blocked', 'It cannot be sent like this: fix what the filters found below.'],
};

/** Shows a check answer ({decision, findings}) in `section`; also used by the send panel. */
export function renderVerdict(section, ctx, verdict, error) {
  const { el, replaceChildren } = ctx.ui;
  if (!verdict) {
    section.dataset.decision = '';
    replaceChildren(section, el('h2', {}, 'Content check'),
      el('p', { class: 'form-error-message' }, error ? `The content could not be checked: ${messageOf(error)}` : 'Not checked yet.'));
    return;
  }
  const [cls, title, text] = DECISION_WORDS[verdict.decision] || ['', verdict.decision, ''];
  section.dataset.decision = verdict.decision;
  const findings = Array.isArray(verdict.findings) ? verdict.findings : [];
  replaceChildren(section,
    el('h2', {}, 'Content check'),
    el('p', { class: ['verdict', cls], testid: 'campaign-check-decision' }, title),
    el('p', { class: 'muted' }, text),
    findings.length === 0 ? null : el('ul', { class: 'findings', testid: 'campaign-check-findings' }, findings.map((f) => el('li', {
      class: ['finding', `finding-${String(f.kind || '').toLowerCase()}`], testid: 'campaign-check-finding', dataset: { filter: f.filter || '', kind: f.kind || '' },
    }, el('span', { class: 'finding-filter' }, f.filter || ''), ' ', f.message || f.rule || ''))));
}

/** Whether a campaign in `status` can be edited. */
export function isEditable(status) {
  return EDITABLE.has(status);
}
