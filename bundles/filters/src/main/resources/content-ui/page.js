// "Check content": paste or upload an email, see the verdict of the content filters and their
// findings highlighted in the text; below, the account's filter settings.
// Everything from the server or the user reaches the page as text (ctx.ui.el), never as markup, and
// the page reaches the server only through ctx.api.

const SEVERITY_ORDER = { BLOCK: 0, WARN: 1, INFO: 2 };

export default async function render(container, ctx) {
  const { el, pageHeader, form, field, handleSubmit, replaceChildren, setFieldError } = ctx.ui;

  // ---- the message ----
  const html = el('textarea', { id: 'content-html', name: 'html', testid: 'content-html', rows: 12, 'data-field': 'html', 'aria-describedby': 'content-html-error' });
  const text = el('textarea', { id: 'content-text', name: 'text', testid: 'content-text', rows: 5, 'data-field': 'text', 'aria-describedby': 'content-text-error' });
  const upload = el('input', { id: 'content-file', type: 'file', testid: 'content-file', accept: '.html,.htm,.txt,text/html,text/plain' });
  const checkForm = form('content-form',
    field({ id: 'content-subject', name: 'subject', label: 'Subject' }),
    field({ id: 'content-from', name: 'from', label: 'From', type: 'email', hint: 'Optional: the sender address' }),
    el('div', { class: 'field', dataset: { fieldFor: 'html' } },
      el('label', { for: 'content-html' }, 'HTML part'), html,
      el('p', { id: 'content-html-error', class: 'field-error', testid: 'field-error', hidden: true })),
    el('div', { class: 'field', dataset: { fieldFor: 'text' } },
      el('label', { for: 'content-text' }, 'Plain-text part'), text,
      el('p', { id: 'content-text-error', class: 'field-error', testid: 'field-error', hidden: true })),
    el('div', { class: 'field' },
      el('label', { for: 'content-file' }, 'Or load an HTML or text file'), upload),
    el('div', { class: 'form-actions' },
      el('button', { id: 'content-submit', testid: 'content-submit', type: 'submit', class: 'btn btn-primary' }, 'Check')));

  upload.addEventListener('change', async () => {
    const file = upload.files && upload.files[0];
    if (!file) return;
    const content = await file.text();
    if (/\.txt$/i.test(file.name) || file.type === 'text/plain') {
      text.value = content;
    } else {
      html.value = content;
    }
  });

  // ---- a raw message (.eml), sent as it is: the server decodes its MIME ----
  const eml = el('input', { id: 'content-eml', name: 'message', type: 'file', testid: 'content-eml', 'data-field': 'message',
    accept: '.eml,message/rfc822', 'aria-describedby': 'content-eml-error' });
  const emlForm = form('content-eml-form',
    el('div', { class: 'field', dataset: { fieldFor: 'message' } },
      el('label', { for: 'content-eml' }, 'Upload .eml'), eml,
      el('p', { class: 'hint' }, 'A message as a mail program saves it (at most 5 MB): its subject, parts and encodings are read as a reader\'s mail program would.'),
      el('p', { id: 'content-eml-error', class: 'field-error', testid: 'field-error', hidden: true })),
    el('div', { class: 'form-actions' },
      el('button', { id: 'content-eml-submit', testid: 'content-eml-submit', type: 'submit', class: 'btn btn-primary' }, 'Check .eml')));

  // ---- the verdict ----
  const result = el('section', { id: 'content-result', testid: 'content-result', class: 'card', hidden: true, 'aria-live': 'polite' });

  function highlighted(visibleText, findings) {
    // Each finding's matched text, marked where it first appears; the rest stays plain text.
    const marks = [];
    const lower = visibleText.toLowerCase();
    for (const f of findings) {
      if (!f.match || f.part !== 'BODY') continue;
      const at = lower.indexOf(f.match.toLowerCase());
      if (at >= 0 && !marks.some((m) => at < m.end && at + f.match.length > m.start)) {
        marks.push({ start: at, end: at + f.match.length, finding: f });
      }
    }
    marks.sort((a, b) => a.start - b.start);
    const nodes = [];
    let pos = 0;
    for (const m of marks) {
      nodes.push(visibleText.slice(pos, m.start));
      nodes.push(el('mark', { testid: 'content-mark', title: m.finding.message, dataset: { rule: m.finding.ruleId, severity: m.finding.severity } },
        visibleText.slice(m.start, m.end)));
      pos = m.end;
    }
    nodes.push(visibleText.slice(pos));
    return nodes;
  }

  function showVerdict(verdict) {
    const findings = [...verdict.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.score - a.score);
    const rows = findings.map((f) => el('tr', { testid: 'content-finding', dataset: { filter: f.filter, rule: f.ruleId, severity: f.severity } },
      el('td', {}, el('span', { class: 'badge' }, f.severity)),
      el('td', {}, f.filter),
      el('td', {}, f.message, f.excerpt && f.part !== 'BODY' ? el('div', { class: 'muted' }, f.excerpt) : null),
      el('td', {}, String(f.score))));
    const decisionText = { PASS: 'Looks fine', WARN: 'Warning: may hurt your sender reputation', BLOCK: 'Blocked: must not be sent as it is' }[verdict.decision];
    replaceChildren(result,
      el('h2', {}, 'Verdict'),
      el('p', {},
        el('strong', { id: 'content-decision', testid: 'content-decision', class: 'badge', dataset: { decision: verdict.decision } }, verdict.decision),
        ' ', decisionText, ' — score ',
        el('span', { id: 'content-score', testid: 'content-score' }, String(verdict.score)),
        ` (warns from ${verdict.warnThreshold}, blocks from ${verdict.blockThreshold})`),
      el('p', { class: 'muted' }, `Filters run: ${verdict.filters.join(', ') || 'none'}`),
      findings.length === 0
        ? el('p', { id: 'content-no-findings', testid: 'content-no-findings', class: 'empty-state' }, 'No findings.')
        : el('div', { class: 'table-wrap' }, el('table', { id: 'content-findings', testid: 'content-findings', class: 'table' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Severity'), el('th', { scope: 'col' }, 'Filter'),
            el('th', { scope: 'col' }, 'Finding'), el('th', { scope: 'col' }, 'Score'))),
          el('tbody', {}, ...rows))),
      el('h3', {}, 'The message as readers see it'),
      el('p', { id: 'content-subject-view', testid: 'content-subject-view' }, el('strong', {}, 'Subject: '), verdict.message.subject || '—'),
      el('div', { id: 'content-text-view', testid: 'content-text-view', class: 'card' }, ...highlighted(verdict.message.visibleText, findings)));
    result.hidden = false;
  }

  handleSubmit(checkForm, async (values) => {
    const body = {
      subject: values.subject || '',
      from: values.from || null,
      html: html.value || null,
      text: text.value || null,
    };
    if (!body.html && !body.text) {
      setFieldError(checkForm, 'html', 'Paste the HTML part, the text part, or both');
      return;
    }
    showVerdict(await ctx.api.post('/content/check', body));
  });

  handleSubmit(emlForm, async () => {
    const file = eml.files && eml.files[0];
    if (!file) {
      setFieldError(emlForm, 'message', 'Choose an .eml file first');
      return;
    }
    // Sent as it is, whatever type the browser guessed for the file: the server decodes its MIME.
    const verdict = await ctx.api.upload('/content/check', file, { contentType: 'message/rfc822' });
    if (!ctx.signal.aborted) showVerdict(verdict);
  });

  // ---- settings ----
  const settingsCard = el('section', { id: 'content-settings', testid: 'content-settings', class: 'card' });

  async function loadSettings() {
    const settings = await ctx.api.get('/content/settings');
    if (ctx.signal.aborted) return;
    const warn = field({ id: 'content-warn', name: 'warnThreshold', label: 'Warn from score', type: 'number', step: '0.5', min: '0',
      value: settings.warnThreshold ?? '', placeholder: String(settings.defaults.warnThreshold), hint: `Default ${settings.defaults.warnThreshold}` });
    const block = field({ id: 'content-block', name: 'blockThreshold', label: 'Block from score', type: 'number', step: '0.5', min: '0',
      value: settings.blockThreshold ?? '', placeholder: String(settings.defaults.blockThreshold), max: String(settings.defaults.maxBlockThreshold),
      hint: `Default ${settings.defaults.blockThreshold}, at most ${settings.defaults.maxBlockThreshold}` });
    const locked = settings.defaults.lockedFilters || [];
    const boxes = settings.available.map((f) => el('label', { class: 'checkbox' },
      el('input', { type: 'checkbox', testid: 'content-filter-enabled', dataset: { filter: f.name }, checked: f.enabled,
        disabled: locked.includes(f.name) }),
      ' ', el('strong', {}, f.name), ' ', el('span', { class: 'muted' }, f.description || ''),
      locked.includes(f.name) ? el('span', { class: 'muted', testid: 'content-filter-locked' }, ' (always on: set by your administrator)') : ''));
    const settingsForm = form('content-settings-form', warn, block,
      el('fieldset', { 'data-field': 'filters' }, el('legend', {}, 'Filters'), ...boxes,
        el('p', { id: 'content-filters-error', class: 'field-error', testid: 'field-error', hidden: true })),
      el('div', { class: 'form-actions' },
        el('button', { id: 'content-settings-submit', testid: 'content-settings-submit', type: 'submit', class: 'btn btn-primary' }, 'Save settings'),
        el('span', { id: 'content-settings-status', testid: 'content-settings-status', role: 'status', class: 'inline-status' })));
    handleSubmit(settingsForm, async (values) => {
      const filters = {};
      for (const box of settingsForm.querySelectorAll('input[type=checkbox][data-filter]')) {
        if (box.disabled) continue;
        const f = settings.available.find((a) => a.name === box.dataset.filter);
        if (box.checked !== f.enabledByDefault || settings.filters[f.name] !== undefined) filters[f.name] = box.checked;
      }
      await ctx.api.put('/content/settings', {
        warnThreshold: values.warnThreshold === '' ? null : Number(values.warnThreshold),
        blockThreshold: values.blockThreshold === '' ? null : Number(values.blockThreshold),
        filters,
      });
      settingsForm.querySelector('#content-settings-status').textContent = 'Saved.';
    });
    replaceChildren(settingsCard, el('h2', {}, 'Filter settings of this account'), settingsForm);
  }

  container.append(
    pageHeader('Check content', 'Paste, load or upload a message (.eml) to see what the content filters say before you send it.'),
    el('section', { class: 'card' }, checkForm),
    el('section', { id: 'content-eml-card', class: 'card' }, el('h2', {}, 'Or check a saved message'), emlForm),
    result,
    settingsCard);
  await loadSettings();
}
