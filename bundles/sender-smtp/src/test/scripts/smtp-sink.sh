#!/usr/bin/env bash
# The SMTP sender's tests talk to Postfix's smtp-sink, a real SMTP server that answers chosen
# commands with chosen replies. Installs Postfix's tools when they are missing (nothing is
# configured or started), and fails with the reason when it cannot.
set -euo pipefail
[ -x /usr/sbin/smtp-sink ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "[neuromail-tests] /usr/sbin/smtp-sink is missing; install Postfix (as root: apt-get install -y postfix)" >&2
  exit 1
fi
echo "[neuromail-tests] installing postfix (for smtp-sink)"
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postfix >/dev/null
[ -x /usr/sbin/smtp-sink ] || { echo "[neuromail-tests] postfix installed but /usr/sbin/smtp-sink is still missing" >&2; exit 1; }
