// Security: two-factor authentication. Set it up (scan a QR code or type the key into an
// authenticator app, then confirm with a code), keep the recovery codes (shown once: copy or
// download), make new ones, turn it off.

import { confirmAction } from '../confirm.js';
import { el, pageHeader, replaceChildren, time } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

const APPS = 'Google Authenticator, Microsoft Authenticator, 1Password, Authy or any other authenticator app';

export default async function render(container, ctx) {
  const { api } = ctx;
  const section = el('section', { id: 'twofactor', testid: 'twofactor', class: 'card', 'aria-labelledby': 'twofactor-title' });
  container.append(pageHeader('Security', 'How you log in, and what keeps others out of your account.'), section);

  /** While recovery codes are on show, leaving the page asks first: they are not shown again. */
  let codesOnShow = false;
  ctx.guardLeave?.(() => (codesOnShow ? 'Your recovery codes are not shown again. Have you saved them?' : null));

  async function refresh() {
    codesOnShow = false;
    show(await api.get('/auth/2fa', { signal: ctx.signal }));
  }

  function title(state) {
    return el('h2', { id: 'twofactor-title' }, 'Two-factor authentication ',
      el('span', { id: 'twofactor-state', testid: 'twofactor-state', class: ['badge', state === 'on' ? 'badge-active' : 'badge-draft'] },
        state === 'on' ? 'On' : 'Off'));
  }

  function show(status) {
    if (status.enabled) {
      showOn(status);
    } else {
      showOff();
    }
  }

  // ---- off: what it is, and the button to set it up ----

  function showOff() {
    const start = form('twofactor-start-form',
      el('p', {}, 'With two-factor authentication, logging in takes your password and a 6-digit code from an app on your phone. '
        + 'Someone who finds out your password still cannot get in.'),
      el('p', { class: 'hint' }, `You need ${APPS}.`),
      el('div', { class: 'form-actions' },
        el('button', { id: 'twofactor-start', testid: 'twofactor-start', type: 'submit', class: 'btn btn-primary' },
          'Set up two-factor authentication')));
    handleSubmit(start, async () => {
      showSetup(await api.post('/auth/2fa/enrolment'));
    });
    replaceChildren(section, title('off'), start);
  }

  // ---- setting up: QR code or key, then the first code ----

  function showSetup(enrolment) {
    const grouped = enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ');
    const confirmForm = form('twofactor-confirm-form',
      field({
        id: 'twofactor-confirm-code', name: 'code', label: '3. Type the 6-digit code the app shows', inputmode: 'numeric',
        autocomplete: 'one-time-code', maxlength: '9', required: true,
        hint: 'The code changes every 30 seconds; any current one will do.',
      }),
      el('div', { class: 'form-actions' },
        el('button', { id: 'twofactor-confirm', testid: 'twofactor-confirm', type: 'submit', class: 'btn btn-primary' }, 'Turn on'),
        el('button', {
          id: 'twofactor-cancel', testid: 'twofactor-cancel', type: 'button', class: 'btn btn-secondary',
          on: { click: () => showOff() },
        }, 'Cancel')));
    handleSubmit(confirmForm, async ({ code }) => {
      const answer = await api.post('/auth/2fa/enrolment/confirm', { code: code.trim() });
      showCodes(answer.recoveryCodes, 'Two-factor authentication is on. From now on, logging in asks for a code from your app.');
    });
    replaceChildren(section, title('off'),
      el('div', { class: 'twofactor-steps' },
        el('div', { class: 'twofactor-step' },
          el('p', {}, `1. Open your authenticator app (${APPS}) and add an account by scanning this QR code:`),
          el('img', {
            id: 'twofactor-qr', testid: 'twofactor-qr', class: 'qr-code', width: '216', height: '216',
            src: api.url('/auth/2fa/enrolment/qr.svg', { t: Date.now() }),
            alt: 'QR code to scan with your authenticator app',
          })),
        el('div', { class: 'twofactor-step' },
          el('p', {}, '2. Cannot scan it? Choose to enter a key by hand, and type this key (time-based):'),
          el('code', { id: 'twofactor-secret', testid: 'twofactor-secret', class: 'secret', dataset: { secret: enrolment.secret } }, grouped))),
      confirmForm);
    confirmForm.querySelector('#twofactor-confirm-code').focus();
  }

  // ---- recovery codes, shown once ----

  function showCodes(codes, heading) {
    codesOnShow = true;
    const text = `NeuroMail recovery codes for ${ctx.session.user.email}\n`
      + 'Each code works once, instead of a code from your authenticator app.\n\n'
      + `${codes.join('\n')}\n`;
    const list = el('ol', { id: 'twofactor-recovery-codes', testid: 'twofactor-recovery-codes', class: 'recovery-codes' },
      codes.map((code) => el('li', {}, el('code', {}, code))));
    const status = el('span', { id: 'twofactor-codes-status', testid: 'twofactor-codes-status', class: 'inline-status', role: 'status' });
    const copy = el('button', {
      id: 'twofactor-codes-copy', testid: 'twofactor-codes-copy', type: 'button', class: 'btn btn-secondary',
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(text);
            status.textContent = 'Copied to the clipboard.';
          } catch {
            const range = document.createRange();
            range.selectNodeContents(list);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            status.textContent = 'The browser did not allow copying. The codes are selected: press Ctrl+C (⌘C on a Mac).';
          }
        },
      },
    }, 'Copy');
    const download = el('button', {
      id: 'twofactor-codes-download', testid: 'twofactor-codes-download', type: 'button', class: 'btn btn-secondary',
      on: {
        click: () => {
          // The file is made here from the codes on show: the server keeps only their hashes.
          const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
          const link = el('a', { download: 'neuromail-recovery-codes.txt', hidden: true });
          link.href = url;
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 0);
          status.textContent = 'Downloaded as neuromail-recovery-codes.txt.';
        },
      },
    }, 'Download');
    replaceChildren(section, title('on'),
      el('p', { id: 'twofactor-codes-heading', testid: 'twofactor-codes-heading', class: 'success-message', role: 'status' }, heading),
      el('h3', {}, 'Save your recovery codes'),
      el('p', {}, 'If you lose your phone, each of these codes lets you log in once instead of a code from the app. '
        + 'Keep them somewhere safe, such as your password manager. ', el('strong', {}, 'They are shown only now.')),
      list,
      el('div', { class: 'form-actions' }, copy, download,
        el('button', {
          id: 'twofactor-codes-done', testid: 'twofactor-codes-done', type: 'button', class: 'btn btn-primary',
          on: { click: () => refresh() },
        }, 'I have saved them')),
      status);
  }

  // ---- on: status, new recovery codes, turning it off ----

  function showOn(status) {
    const left = status.recoveryCodesLeft;
    const renew = form('twofactor-renew-form',
      el('p', {}, 'Used some, or lost them? New codes replace all the old ones.'),
      field({
        id: 'twofactor-renew-code', name: 'code', label: 'Code from your app', inputmode: 'numeric',
        autocomplete: 'one-time-code', maxlength: '9', required: true,
      }),
      el('div', { class: 'form-actions' },
        el('button', { id: 'twofactor-renew', testid: 'twofactor-renew', type: 'submit', class: 'btn btn-secondary' },
          'Make new recovery codes')));
    handleSubmit(renew, async ({ code }) => {
      const answer = await api.post('/auth/2fa/recovery-codes', { code: code.trim() });
      showCodes(answer.recoveryCodes, 'Your new recovery codes are ready. The old ones no longer work.');
    });

    const turnOff = form('twofactor-disable-form',
      el('p', {}, 'Logging in then takes only your password. To turn it off, confirm with your password and a code from '
        + 'your app (or a recovery code).'),
      el('input', { type: 'email', name: 'username', autocomplete: 'username', value: ctx.session.user.email || '', hidden: true, readonly: true, tabindex: '-1' }),
      field({ id: 'twofactor-disable-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true }),
      field({ id: 'twofactor-disable-code', name: 'code', label: 'Code from your app, or a recovery code', autocomplete: 'one-time-code', maxlength: '40', required: true }),
      el('div', { class: 'form-actions' },
        el('button', { id: 'twofactor-disable', testid: 'twofactor-disable', type: 'submit', class: 'btn btn-danger-outline' },
          'Turn off two-factor authentication')));
    handleSubmit(turnOff, async ({ password, code }) => {
      const sure = await confirmAction({
        title: 'Turn off two-factor authentication?',
        message: 'Anyone who knows your password could then log in.',
        confirmLabel: 'Turn off', danger: true,
      });
      if (!sure) {
        return;
      }
      await api.post('/auth/2fa/disable', { password, code: code.trim() });
      ctx.notify('Two-factor authentication is off. Logging in takes only your password now.', 'warning');
      await refresh();
    });

    replaceChildren(section, title('on'),
      el('dl', { class: 'details-list' },
        el('dt', {}, 'On since'),
        el('dd', { id: 'twofactor-since', testid: 'twofactor-since' }, time(status.enabledAt)),
        el('dt', {}, 'Recovery codes left'),
        el('dd', { id: 'twofactor-codes-left', testid: 'twofactor-codes-left' }, String(left))),
      left <= 3 ? el('p', { class: 'form-error-message', role: 'status' },
        left === 0 ? 'You have no recovery codes left: make new ones, in case you lose your phone.'
          : 'You are running out of recovery codes: make new ones.') : null,
      el('h3', {}, 'Recovery codes'),
      renew,
      el('h3', {}, 'Turn off'),
      turnOff);
  }

  await refresh();
}
