#!/bin/sh
# Entry point of the NeuroMail image: writes the settings given as environment variables into etc/
# (so a container is configured the same way as any installation, see docs/operations.md), then
# runs the command (bin/karaf server). Unset variables leave etc/ as it is.
#   NEUROMAIL_DB_URL        e.g. jdbc:postgresql://db:5432/neuromail (selects the PostgreSQL driver)
#   NEUROMAIL_DB_USER       database user
#   NEUROMAIL_DB_PASSWORD   database password, or NEUROMAIL_DB_PASSWORD_FILE: a file holding it (Docker secret)
#   NEUROMAIL_BASE_URL      etc/io.neuromail.public.cfg baseUrl, e.g. https://mail.example.com
set -eu
ETC=/opt/neuromail/etc

# set_key FILE KEY VALUE: replaces KEY's line in FILE, or appends it.
set_key() {
  touch "$1"
  tmp="$1.tmp.$$"
  grep -v "^[[:space:]]*$2[[:space:]]*[=:]" "$1" >"$tmp" || true
  printf '%s = %s\n' "$2" "$3" >>"$tmp"
  cat "$tmp" >"$1" && rm -f "$tmp"
}

DS="$ETC/org.ops4j.datasource-neuromail.cfg"
if [ -n "${NEUROMAIL_DB_URL:-}" ]; then
  case "$NEUROMAIL_DB_URL" in
    jdbc:postgresql:*) set_key "$DS" osgi.jdbc.driver.class org.postgresql.Driver ;;
  esac
  set_key "$DS" url "$NEUROMAIL_DB_URL"
fi
[ -z "${NEUROMAIL_DB_USER:-}" ] || set_key "$DS" user "$NEUROMAIL_DB_USER"
if [ -n "${NEUROMAIL_DB_PASSWORD_FILE:-}" ]; then
  set_key "$DS" password "$(cat "$NEUROMAIL_DB_PASSWORD_FILE")"
elif [ -n "${NEUROMAIL_DB_PASSWORD:-}" ]; then
  set_key "$DS" password "$NEUROMAIL_DB_PASSWORD"
fi
[ -z "${NEUROMAIL_BASE_URL:-}" ] || set_key "$ETC/io.neuromail.public.cfg" baseUrl "$NEUROMAIL_BASE_URL"
chmod 600 "$DS"
exec "$@"
