// Campaign settings (#/campaigns/settings): the organisation name and postal address every
// campaign carries in its footer (the law asks for them, so sending waits until they are set), the
// public archive of sent campaigns, and whether campaigns track opens and clicks.

import { helpers } from './common.js';

export async function renderSettings(container, ctx) {
  const { el, pageHeader, form, field, handleSubmit } = ctx.ui;
  const { textareaField, checkboxField } = helpers(ctx);
  const settings = await ctx.api.get('/campaigns/settings', { signal: ctx.signal });
  if (ctx.signal.aborted) {
    return;
  }
  const saved = el('p', { id: 'campaign-settings-saved', testid: 'campaign-settings-saved', class: 'success-message', role: 'status', hidden: true });
  const archiveUrl = el('p', { id: 'campaign-settings-archive-url', testid: 'campaign-settings-archive-url', class: 'muted' });
  function showArchiveUrl(s) {
    archiveUrl.replaceChildren();
    if (s.archiveEnabled && s.archiveUrl) {
      archiveUrl.append('Your archive is public at ', el('a', { href: s.archiveUrl, target: '_blank', rel: 'noopener' }, s.archiveUrl), '.');
    } else {
      archiveUrl.append('The archive is off: sent campaigns are not published.');
    }
  }
  showArchiveUrl(settings);

  const settingsForm = form('campaign-settings-form',
    field({ id: 'campaign-settings-organisation', name: 'organisationName', label: 'Organisation name', value: settings.organisationName || '',
      maxlength: '200', required: true, hint: 'Shown in the footer of every campaign.' }),
    textareaField({ id: 'campaign-settings-address', name: 'postalAddress', label: 'Postal address', value: settings.postalAddress || '',
      rows: '3', maxlength: '500', required: true, hint: 'Marketing mail must say where it comes from. Campaigns cannot be sent until the name and address are set.' }),
    checkboxField({ id: 'campaign-settings-archive', name: 'archiveEnabled', label: 'Publish sent campaigns in a public archive', checked: settings.archiveEnabled,
      hint: 'Each campaign can still be left out of it.' }),
    archiveUrl,
    checkboxField({ id: 'campaign-settings-tracking', name: 'trackingEnabled', label: 'Track opens and clicks', checked: settings.trackingEnabled !== false,
      hint: 'Campaigns carry a tiny invisible image and send their links through this NeuroMail to count opens and clicks; '
        + 'turn this off for privacy-sensitive audiences.' }),
    el('div', { class: 'form-actions' },
      el('button', { id: 'campaign-settings-submit', testid: 'campaign-settings-submit', type: 'submit', class: 'btn btn-primary' }, 'Save settings')),
    saved);
  handleSubmit(settingsForm, async (values, f) => {
    saved.hidden = true;
    const answer = await ctx.api.put('/campaigns/settings', {
      organisationName: values.organisationName.trim(),
      postalAddress: values.postalAddress.trim(),
      archiveEnabled: f.elements.archiveEnabled.checked,
      trackingEnabled: f.elements.trackingEnabled.checked,
    });
    showArchiveUrl(answer);
    saved.textContent = 'Settings saved.';
    saved.hidden = false;
  });

  container.append(
    pageHeader('Campaign settings', 'What every campaign says about who sends it.'),
    el('p', {}, el('a', { href: '#/campaigns' }, '← All campaigns')),
    el('section', { class: 'card' }, settingsForm));
}
