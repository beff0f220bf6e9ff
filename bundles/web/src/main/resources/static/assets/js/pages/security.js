// Security: two-factor authentication. Set it up (scan a QR code or type the key into an
// authenticator app, then confirm with a code), keep the recovery codes (shown once: copy or
// download), make new ones, turn it off. Then where the user is signed in (log out one device, or
// every other one) and the latest sign-ins, successful or not.

import { confirmAction } from '../confirm.js';
import { el, pageHeader, replaceChildren, time } from '../dom.js';
import { field, form, handleSubmit } from '../forms.js';

const APPS = 'Google Authenticator, Microsoft Authenticator, 1Password, Authy or any other authenticator app';

export default async function render(container, ctx) {
  const { api } = ctx;
  const section = el('section', { id: 'twofactor', testid: 'twofactor', class: 'card', 'aria-labelledby': 'twofactor-title' });
  const sessionsSection = el('section', { id: 'sessions', testid: 'sessions', class: 'card', 'aria-labelledby': 'sessions-title' });
  const signInsSection = el('section', { id: 'sign-ins', testid: 'sign-ins', class: 'card', 'aria-labelledby': 'sign-ins-title' });
  container.append(pageHeader('Security', 'How you log in, and what keeps others out of your account.'), section,
    sessionsSection, signInsSection);

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

  await Promise.all([refresh(), showSessions(sessionsSection, ctx), showSignIns(signInsSection, ctx)]);
}

// ---- where you are signed in ----

async function showSessions(section, ctx) {
  const { api } = ctx;
  const status = el('p', { id: 'sessions-status', testid: 'sessions-status', class: 'inline-status', role: 'status' });
  const error = el('div', { id: 'sessions-error', testid: 'sessions-error', class: 'form-error', role: 'alert', hidden: true });
  const rows = el('tbody', { id: 'sessions-rows', testid: 'sessions-rows' });
  const table = el('table', { id: 'sessions-table', testid: 'sessions-table', class: 'table', hidden: true },
    el('caption', { class: 'visually-hidden' }, 'Where you are signed in, most recently used first'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Device'),
      el('th', { scope: 'col' }, 'From'),
      el('th', { scope: 'col' }, 'Signed in'),
      el('th', { scope: 'col' }, 'Last active'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    rows);
  const empty = el('p', { id: 'sessions-empty', testid: 'sessions-empty', class: 'empty-state', hidden: true },
    'You are not signed in anywhere else.');
  const endOthers = el('button', {
    id: 'sessions-end-others', testid: 'sessions-end-others', type: 'button', class: 'btn btn-danger-outline', hidden: true,
    on: { click: () => logOutOthers() },
  }, 'Log out everywhere else');

  function failed(failure, what) {
    replaceChildren(error, el('p', {}, `${what}: ${failure.message}`));
    error.hidden = false;
  }

  async function logOut(item) {
    const sure = await confirmAction({
      title: item.current ? 'Log out here?' : 'Log out this device?',
      message: item.current ? 'You are using this one now: you will have to log in again.'
        : `${item.device} (${item.ip || 'unknown address'}) is logged out at once and has to log in again with the password.`,
      confirmLabel: 'Log out', danger: !item.current,
    });
    if (!sure) {
      return;
    }
    error.hidden = true;
    try {
      await api.del(`/auth/sessions/${encodeURIComponent(item.id)}`);
      if (item.current) {
        // This very session has ended: the next request is answered 401, on which the app shows the login page.
        await api.get('/auth/session').catch((failure) => {
          if (!(failure instanceof ctx.ApiError) || failure.status !== 401) {
            throw failure;
          }
        });
        return;
      }
      status.textContent = `${item.device} has been logged out.`;
      await load();
    } catch (failure) {
      failed(failure, 'It could not be logged out');
    }
  }

  async function logOutOthers() {
    const sure = await confirmAction({
      title: 'Log out everywhere else?',
      message: 'Every other browser and device signed in as you is logged out at once. You stay signed in here.',
      confirmLabel: 'Log out the others', danger: true,
    });
    if (!sure) {
      return;
    }
    error.hidden = true;
    try {
      const answer = await api.post('/auth/sessions/end-others');
      status.textContent = answer.ended === 1 ? 'One other session has been logged out.'
        : `${answer.ended} other sessions have been logged out.`;
      await load();
    } catch (failure) {
      failed(failure, 'The other sessions could not be logged out');
    }
  }

  function row(item) {
    return el('tr', { testid: 'session-row', dataset: { sessionId: item.id, current: String(Boolean(item.current)) } },
      el('td', {},
        el('span', { testid: 'session-row-device', class: 'strong' }, item.device), ' ',
        item.current ? el('span', { class: 'badge badge-active', testid: 'session-row-current' }, 'This device') : null,
        item.userAgent ? el('div', { class: 'muted small truncate', title: item.userAgent }, item.userAgent) : null),
      el('td', { testid: 'session-row-ip' }, item.ip || el('span', { class: 'muted' }, '—')),
      el('td', { class: 'cell-nowrap' }, time(item.createdAt, '—', { testid: 'session-row-created' })),
      el('td', { class: 'cell-nowrap' }, time(item.lastSeenAt, '—', { testid: 'session-row-last-seen' })),
      el('td', { class: 'cell-actions' }, el('button', {
        type: 'button', class: 'btn btn-secondary btn-small', testid: 'session-row-end',
        'aria-label': item.current ? 'Log out here' : `Log out ${item.device}`, on: { click: () => logOut(item) },
      }, item.current ? 'Log out here' : 'Log out')));
  }

  async function load() {
    const sessions = await api.get('/auth/sessions', { signal: ctx.signal });
    if (ctx.signal.aborted) {
      return;
    }
    const list = Array.isArray(sessions) ? sessions : [];
    replaceChildren(rows, list.map(row));
    table.hidden = list.length === 0;
    const others = list.filter((s) => !s.current).length;
    empty.hidden = others > 0;
    endOthers.hidden = others === 0;
    table.dataset.loaded = 'true';
  }

  replaceChildren(section,
    el('h2', { id: 'sessions-title' }, 'Where you’re signed in'),
    el('p', {}, 'Browsers and devices where you are logged in now. Do not recognise one? Log it out and change your password.'),
    error, el('div', { class: 'table-wrap' }, table), empty,
    el('div', { class: 'form-actions' }, endOthers), status);
  try {
    await load();
  } catch (failure) {
    failed(failure, 'Your sessions could not be loaded');
  }
}

// ---- recent sign-ins ----

const RESULTS = {
  succeeded: ['Signed in', 'badge-active'],
  failed: ['Wrong password', 'badge-revoked'],
  'wrong-code': ['Wrong code', 'badge-revoked'],
  throttled: ['Blocked: too many attempts', 'badge-paused'],
};
const FACTORS = { totp: 'code from the app', 'recovery-code': 'recovery code' };

async function showSignIns(section, ctx) {
  const { api } = ctx;
  const rows = el('tbody', { id: 'sign-ins-rows', testid: 'sign-ins-rows' });
  const table = el('table', { id: 'sign-ins-table', testid: 'sign-ins-table', class: 'table', hidden: true },
    el('caption', { class: 'visually-hidden' }, 'Your latest sign-ins, newest first'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'When'),
      el('th', { scope: 'col' }, 'Result'),
      el('th', { scope: 'col' }, 'Device'),
      el('th', { scope: 'col' }, 'From'))),
    rows);
  const empty = el('p', { id: 'sign-ins-empty', testid: 'sign-ins-empty', class: 'empty-state', hidden: true },
    'No sign-ins recorded yet.');
  const error = el('div', { id: 'sign-ins-error', testid: 'sign-ins-error', class: 'form-error', role: 'alert', hidden: true });

  function row(item) {
    const [label, badge] = RESULTS[item.result] || [item.result, 'badge-draft'];
    return el('tr', { testid: 'sign-in-row', dataset: { result: item.result } },
      el('td', { class: 'cell-nowrap' }, time(item.occurredAt, '—', { testid: 'sign-in-row-time' })),
      el('td', {},
        el('span', { class: ['badge', badge], testid: 'sign-in-row-result' }, label),
        item.secondFactor ? el('div', { class: 'muted small' }, `with a ${FACTORS[item.secondFactor] || item.secondFactor}`) : null),
      el('td', {}, item.device,
        item.userAgent ? el('div', { class: 'muted small truncate', title: item.userAgent }, item.userAgent) : null),
      el('td', { testid: 'sign-in-row-ip' }, item.ip || el('span', { class: 'muted' }, '—')));
  }

  replaceChildren(section,
    el('h2', { id: 'sign-ins-title' }, 'Recent sign-ins'),
    el('p', {}, 'The latest times someone logged in as you, or tried to. A wrong password you did not type means someone '
      + 'is guessing: a strong password and two-factor authentication keep them out.'),
    error, el('div', { class: 'table-wrap' }, table), empty);
  try {
    const list = await api.get('/auth/sign-ins?limit=20', { signal: ctx.signal });
    if (ctx.signal.aborted) {
      return;
    }
    const items = Array.isArray(list) ? list : [];
    replaceChildren(rows, items.map(row));
    table.hidden = items.length === 0;
    empty.hidden = items.length > 0;
    table.dataset.loaded = 'true';
  } catch (failure) {
    replaceChildren(error, el('p', {}, `Your sign-ins could not be loaded: ${failure.message}`));
    error.hidden = false;
  }
}
