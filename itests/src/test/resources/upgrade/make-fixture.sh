#!/usr/bin/env bash
# Makes the upgrade fixture of a release: run against a distribution of that release, started on an
# empty PostgreSQL database, with signup.mode = open and preVerifiedDomains = example.com. It fills the
# database through the API with a few rows of every kind and dumps it (schema, Liquibase's records and
# the rows, as plain INSERTs) to postgresql-<release>.sql next to this script. UpgradeIT starts the
# current distribution on that dump and checks that it migrates and that the rows still work.
#
#   make-fixture.sh <release> <base url, e.g. http://127.0.0.1:8181> <database>
set -euo pipefail
RELEASE="$1"; BASE="$2/api/v1"; DB="$3"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$(mktemp)"; trap 'rm -f "$JAR"' EXIT
ACCOUNT='{"email":"upgrade-owner@example.com","password":"violet-Harbor-compass-81"}'

curl -fsS -H 'Content-Type: application/json' -d "$ACCOUNT" "$BASE/auth/signup" >/dev/null
CSRF=$(curl -fsS -c "$JAR" -H 'Content-Type: application/json' -d "$ACCOUNT" "$BASE/auth/login" | jq -r .csrfToken)
api() { curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' "$@"; }

api -d '{"name":"upgrade key","scopes":["read"]}' "$BASE/api-keys" >/dev/null
ada=$(api -d '{"email":"ada@example.org","firstName":"Ada","lastName":"Lovelace"}' "$BASE/contacts" | jq -r .id)
api -d '{"email":"alan@example.org","firstName":"Alan"}' "$BASE/contacts" >/dev/null
list=$(api -d '{"name":"Upgrade readers"}' "$BASE/lists" | jq -r .id)
api -d "{\"contactIds\":[\"$ada\"]}" "$BASE/lists/$list/members" >/dev/null
api -d '{"name":"Subscribed","filter":{"field":"status","op":"is","value":"subscribed"}}' "$BASE/segments" >/dev/null
api -d '{"email":"gone@example.org"}' "$BASE/suppressions" >/dev/null
api -d '{"type":"domain","value":"upgrade.example.net"}' "$BASE/sender-identities" >/dev/null
send=$(api -d '{"from":"news@example.com","subject":"Upgrade news","text":"Hello {{firstName}}","recipients":[{"email":"ada@example.org"},{"email":"alan@example.org"}]}' "$BASE/sends" | jq -r .id)
for _ in $(seq 1 120); do
  [ "$(api "$BASE/sends/$send" | jq -r .state)" = finished ] && break
  sleep 1
done
[ "$(api "$BASE/sends/$send" | jq -r .state)" = finished ] || { echo "the send did not finish" >&2; exit 1; }

out="$HERE/postgresql-$RELEASE.sql"
{
  echo "-- NeuroMail $RELEASE database for UpgradeIT, made by make-fixture.sh ($(date -u +%F))."
  pg_dump -h 127.0.0.1 -U postgres --no-owner --no-privileges --inserts --rows-per-insert=100 "$DB" \
    | grep -v -e '^SET transaction_timeout' -e '^\\'   # psql-only meta-commands (\restrict)
} >"$out"
echo "wrote $out"
