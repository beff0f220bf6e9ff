// The "Sender identities" page (#/sender-identities): the addresses and domains this account may
// send from. An address is confirmed through a link mailed to it; a domain through a DNS TXT record
// the page shows (with SPF, DMARC and DKIM as DNS has them). Everything from the server is text.

const STATUS_LABELS = { pending: 'Pending', verified: 'Verified', failed: 'Failed' };
const DNS_LABELS = { found: 'Found', missing: 'Missing', invalid: 'Wrong', error: 'Not answered' };
const PROVIDER_LABELS = {
  verified: 'Verified', pending: 'Pending', failed: 'Failed', 'not-found': 'Not added', 'not-started': 'Not started',
  error: 'Not answered',
};
const PURPOSE_LABELS = { verification: 'Verification', spf: 'SPF', dmarc: 'DMARC', dkim: 'DKIM' };

export default async function render(container, ctx) {
  const { el, pageHeader, replaceChildren } = ctx.ui;
  if (!document.getElementById('sender-identities-stylesheet')) {
    document.head.append(el('link', {
      id: 'sender-identities-stylesheet', rel: 'stylesheet', href: '/ui/sender-identities/page.css',
    }));
  }

  const status = el('p', { id: 'identities-status', testid: 'identities-status', class: 'inline-status', role: 'status' });
  const preVerified = el('p', { id: 'identities-preverified', testid: 'identities-preverified', class: 'notice', hidden: true });
  const list = el('div', { id: 'identities-list', testid: 'identities-list' });

  const typeSelect = el('select', {
    id: 'identity-add-type', name: 'type', testid: 'identity-add-type', dataset: { field: 'type' },
    'aria-describedby': 'identity-add-type-error',
  },
  el('option', { value: 'address' }, 'Email address'),
  el('option', { value: 'domain' }, 'Domain'));
  const selectorsField = ctx.ui.field({
    id: 'identity-add-selectors', name: 'dkimSelectors', label: 'DKIM selectors (optional)',
    hint: 'The selectors your sending service signs with, separated by commas, e.g. s1, s2.', maxlength: '400',
  });
  selectorsField.hidden = true;
  const valueField = ctx.ui.field({
    id: 'identity-add-value', name: 'value', label: 'Address', required: true, maxlength: '320',
    autocomplete: 'off', hint: 'We mail this address a link to confirm it.',
  });
  const valueLabel = valueField.querySelector('label');
  const valueHint = valueField.querySelector('.hint');
  typeSelect.addEventListener('change', () => {
    const domain = typeSelect.value === 'domain';
    selectorsField.hidden = !domain;
    valueLabel.textContent = domain ? 'Domain' : 'Address';
    valueHint.textContent = domain
      ? 'You publish a DNS record we show you; every address of the domain can then send.'
      : 'We mail this address a link to confirm it.';
  });
  const addForm = ctx.ui.form('identity-add-form',
    el('div', { class: 'field' },
      el('label', { for: 'identity-add-type' }, 'Type'), typeSelect,
      el('p', { id: 'identity-add-type-error', class: 'field-error', testid: 'field-error', hidden: true })),
    valueField, selectorsField,
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'identity-add-submit', testid: 'identity-add-submit' },
        'Add sender')));
  ctx.ui.handleSubmit(addForm, async (values) => {
    const body = { type: values.type, value: values.value };
    if (values.type === 'domain' && values.dkimSelectors.trim() !== '') {
      body.dkimSelectors = values.dkimSelectors.split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
    const created = await ctx.api.post('/sender-identities', body);
    addForm.reset();
    typeSelect.dispatchEvent(new Event('change'));
    status.textContent = created.type === 'address'
      ? `A confirmation link was mailed to ${created.value}.`
      : `${created.displayValue} was added: publish its DNS records, then re-check.`;
    await load();
  });

  container.append(
    pageHeader('Sender identities',
      'The addresses and domains this account may send from. Mail with any other From address is refused.'),
    el('section', { class: 'card' }, el('h2', {}, 'Add a sender'), addForm),
    el('section', { class: 'card' }, el('h2', {}, 'Your senders'), preVerified, status, list));

  async function load() {
    const page = await ctx.api.get('/sender-identities');
    if (ctx.signal.aborted) return;
    if (page.preVerifiedDomains.length > 0) {
      preVerified.hidden = false;
      replaceChildren(preVerified, 'Your operator lets this account send from any address at: ',
        page.preVerifiedDomains.join(', '), '.');
    } else {
      preVerified.hidden = true;
    }
    if (page.items.length === 0) {
      replaceChildren(list, el('div', { class: 'empty-state', id: 'identities-empty', testid: 'identities-empty' },
        el('p', {}, 'No sender identities yet.'),
        el('p', {}, 'Add the address you send from (we mail it a link to confirm), or your domain '
          + '(you publish a DNS record we show you). Until one is verified, sending from it is refused.')));
      return;
    }
    replaceChildren(list, ...page.items.map(row));
  }

  function row(identity) {
    const reason = identity.statusReason
      ? el('p', { class: 'muted', testid: 'identity-row-reason' }, identity.statusReason) : null;
    const actionStatus = el('span', { class: 'inline-status', testid: 'identity-row-action-status', role: 'status' });
    const actions = el('div', { class: 'cell-actions' });
    if (identity.type === 'address' && identity.status !== 'verified') {
      actions.append(action('Resend verification', 'identity-row-resend', 'btn btn-secondary btn-small', async () => {
        await ctx.api.post(`/sender-identities/${encodeURIComponent(identity.id)}/resend`);
        status.textContent = `A new link was mailed to ${identity.value}.`;
      }, actionStatus));
    }
    if (identity.type === 'domain') {
      actions.append(action('Re-check DNS', 'identity-row-check', 'btn btn-secondary btn-small', async () => {
        const checked = await ctx.api.post(`/sender-identities/${encodeURIComponent(identity.id)}/check`);
        status.textContent = checked.status === 'verified'
          ? `${checked.displayValue} is verified.` : `${checked.displayValue}: ${checked.statusReason || checked.status}`;
      }, actionStatus));
    }
    actions.append(action('Remove', 'identity-row-remove', 'btn btn-danger-outline btn-small', async () => {
      const ok = await ctx.ui.confirm({
        title: 'Remove this sender?',
        message: `Mail from ${identity.displayValue} will be refused until it is added and verified again.`,
        confirmLabel: 'Remove', danger: true,
      });
      if (!ok) return false;
      await ctx.api.del(`/sender-identities/${encodeURIComponent(identity.id)}`);
      status.textContent = `${identity.displayValue} was removed.`;
      return true;
    }, actionStatus));
    return el('article', {
      class: 'identity', testid: 'identity-row',
      dataset: { identityId: identity.id, type: identity.type, status: identity.status, value: identity.value },
    },
    el('div', { class: 'identity-head' },
      el('div', {},
        el('strong', { class: 'identity-value', testid: 'identity-row-value' }, identity.displayValue),
        ' ',
        el('span', { class: 'muted' }, identity.type === 'address' ? 'address' : 'domain'),
        ' ',
        el('span', { class: `badge badge-${identity.status}`, testid: 'identity-row-status' },
          STATUS_LABELS[identity.status] || identity.status)),
      actions),
    reason, actionStatus,
    identity.type === 'domain' ? providers(identity) : null,
    identity.type === 'domain' ? records(identity) : null);
  }

  /** How the email provider (Amazon SES) saw the domain at the last check, when one keeps identities. */
  function providers(identity) {
    if (!identity.providers || identity.providers.length === 0) return null;
    return el('ul', { class: 'identity-providers', testid: 'identity-providers' },
      ...identity.providers.map((p) => el('li', {
        testid: 'identity-provider', dataset: { verification: p.verification },
      },
      el('strong', {}, p.provider), ': ',
      el('span', { class: `badge badge-provider-${p.verification}`, testid: 'identity-provider-status' },
        PROVIDER_LABELS[p.verification] || p.verification),
      p.dkim ? [' DKIM signing: ', el('span', { class: `badge badge-provider-${p.dkim}`, testid: 'identity-provider-dkim' },
        PROVIDER_LABELS[p.dkim] || p.dkim)] : null,
      el('p', { class: 'hint' }, p.message))));
  }

  /** A button that runs `work`, then reloads the list (unless `work` answers false). */
  function action(label, testid, className, work, actionStatus) {
    return el('button', {
      type: 'button', class: className, testid,
      on: {
        click: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            if (await work() !== false) {
              await load();
            }
          } catch (error) {
            actionStatus.textContent = error.detail || error.message || 'That did not work.';
          } finally {
            button.disabled = false;
          }
        },
      },
    }, label);
  }

  function records(identity) {
    const found = {};
    if (identity.dns) {
      for (const item of [identity.dns.verification, identity.dns.spf, identity.dns.dmarc, ...identity.dns.dkim]) {
        if (item) found[`${item.purpose} ${item.name}`] = item;
      }
    }
    return el('div', { class: 'identity-records' },
      el('p', { class: 'small' }, 'Publish these DNS records at your DNS provider',
        identity.dns ? ['; last checked ', ctx.ui.time(identity.dns.checkedAt)] : '; not checked yet', '.'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'table', testid: 'identity-records' },
        el('thead', {}, el('tr', {}, ...['Purpose', 'Type', 'Name', 'Value', 'In DNS'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...identity.records.map((r) => recordRow(r, found[`${r.purpose} ${r.name}`]))))));
  }

  function recordRow(record, item) {
    const copyStatus = el('span', { class: 'inline-status', role: 'status' });
    const value = el('code', { class: 'secret', testid: 'identity-record-value' }, record.value);
    return el('tr', { testid: 'identity-record', dataset: { purpose: record.purpose, dnsStatus: item ? item.status : 'unchecked' } },
      el('td', {}, PURPOSE_LABELS[record.purpose] || record.purpose),
      el('td', {}, record.type),
      el('td', {}, el('code', { testid: 'identity-record-name' }, record.name)),
      el('td', {}, value, ' ',
        el('button', {
          type: 'button', class: 'btn btn-secondary btn-small', testid: 'identity-record-copy',
          on: {
            click: async () => {
              try {
                await navigator.clipboard.writeText(record.value);
                copyStatus.textContent = 'Copied.';
              } catch {
                // No clipboard access (plain HTTP on another host, or permission refused): select it instead.
                const range = document.createRange();
                range.selectNodeContents(value);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);
                copyStatus.textContent = 'Selected: press Ctrl+C to copy.';
              }
            },
          },
        }, 'Copy'), copyStatus,
        el('p', { class: 'hint' }, record.note)),
      el('td', {},
        item ? el('span', { class: `badge badge-dns-${item.status}`, testid: 'identity-record-status', title: item.message },
          DNS_LABELS[item.status] || item.status) : el('span', { class: 'muted' }, '—'),
        item && item.status !== 'found' ? el('p', { class: 'hint' }, item.message) : null,
        item && item.found.length > 0 && item.status !== 'found'
          ? el('p', { class: 'hint' }, 'Seen: ', item.found.join(' | ')) : null));
  }

  await load();
}
