#!/usr/bin/env bash
# Makes sure the services the integration tests talk to are there: PostgreSQL on 127.0.0.1:5432
# and Debian's Chromium with its driver. Installs them with apt when missing (needs root), starts
# PostgreSQL when it is down, and fails loudly when it cannot. With the argument `spamd`, only spamd
# (the filter bench, bench/filters/evaluate.sh, needs nothing else).
set -euo pipefail
only="${1:-all}"

log() { echo "[neuromail-itests] $*"; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "missing $*; install it (as root: apt-get install -y $*)"; exit 1
  fi
  if [ -z "${NEUROMAIL_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    export NEUROMAIL_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

if [ "$only" = all ]; then
# --- Chromium and ChromeDriver (browser tests)
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# --- PostgreSQL (the PostgreSQL run of the integration tests)
pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
pg_login() { psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; }
cluster() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

# The tests connect as postgres over TCP without a password, as on this project's machines.
# Answers 0 when it had to add that rule to the local cluster.
allow_test_login() {
  local hba="/etc/postgresql/$(cluster)/main/pg_hba.conf"
  if [ -w "$hba" ] && ! grep -q "neuromail-itests" "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust # neuromail-itests' "$hba"
    return 0
  fi
  return 1
}

if ! pg_up; then
  if ! command -v pg_isready >/dev/null 2>&1 || [ -z "$(cluster)" ]; then
    log "installing postgresql"
    apt_install postgresql
  fi
  allow_test_login || true
  log "starting PostgreSQL $(cluster)"
  pg_ctlcluster --skip-systemctl-redirect "$(cluster)" main start \
    || log "pg_ctlcluster did not start the cluster (it may be starting already); waiting for it"
  for _ in $(seq 1 60); do
    if pg_up; then break; fi
    sleep 1
  done
fi
pg_up || { log "PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }
if ! pg_login && allow_test_login; then
  log "allowing the test login and reloading PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(cluster)" main reload
  for _ in $(seq 1 30); do
    if pg_login; then break; fi
    sleep 1
  done
fi
pg_login || { log "cannot log in to PostgreSQL as postgres on 127.0.0.1 without a password"; exit 1; }
log "services ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version')"

fi

# --- SpamAssassin spamd (the SpamAssassin content filter test): on 127.0.0.1 only, local tests only
# (--local: no DNS blocklists or other network look-ups)
SPAMD_PORT="${NEUROMAIL_SPAMD_PORT:-17830}"
spamd_up() { command -v spamc >/dev/null 2>&1 && spamc -d 127.0.0.1 -p "$SPAMD_PORT" -K >/dev/null 2>&1; }
if ! spamd_up; then
  if ! command -v spamd >/dev/null 2>&1 || ! command -v spamc >/dev/null 2>&1; then
    log "installing spamassassin and spamc"
    apt_install spamassassin spamc
  fi
  log "starting spamd on 127.0.0.1:$SPAMD_PORT"
  spamd_user=()
  if [ "$(id -u)" = 0 ]; then spamd_user=(--username=nobody --nouser-config); fi
  spamd --daemonize --local --listen=127.0.0.1:"$SPAMD_PORT" --allowed-ips=127.0.0.1 --max-children=2 \
    --pidfile="${TMPDIR:-/tmp}/neuromail-spamd-$SPAMD_PORT.pid" --syslog=stderr "${spamd_user[@]}" \
    2>>"${TMPDIR:-/tmp}/neuromail-spamd-$SPAMD_PORT.log" \
    || { log "spamd did not start; see ${TMPDIR:-/tmp}/neuromail-spamd-$SPAMD_PORT.log"; exit 1; }
  for _ in $(seq 1 120); do
    if spamd_up; then break; fi
    sleep 1
  done
fi
spamd_up || { log "spamd is not answering on 127.0.0.1:$SPAMD_PORT (log: ${TMPDIR:-/tmp}/neuromail-spamd-$SPAMD_PORT.log)"; exit 1; }
log "spamd ready on 127.0.0.1:$SPAMD_PORT"
