#!/usr/bin/env bash
# Contact import benchmark: PostgreSQL's own COPY + set-based upsert of a CSV file (the baseline)
# against NeuroMail importing the same file through its API, in one run, on the same server.
#
#   bench/import/run.sh [rows]        (default 1000000; needs a built distribution:
#                                      mvn -B -ntp install -DskipTests)
#
# Prints both times and the ratio (baseline time / NeuroMail time: 1.0 = as fast as the baseline).
set -euo pipefail

ROWS="${1:-1000000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$ROOT/bench/target/import"
PG_URL_HOST=127.0.0.1
PG_PORT=5432
PSQL=(psql -h "$PG_URL_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
HTTP_PORT="${BENCH_HTTP_PORT:-18901}"
BASE="http://127.0.0.1:$HTTP_PORT/api/v1"

archive="$(ls "$ROOT"/karaf-distribution/target/neuromail-distribution-*.tar.gz 2>/dev/null | head -1 || true)"
[ -n "$archive" ] || { echo "build the distribution first: mvn -B -ntp install -DskipTests" >&2; exit 1; }
"${PSQL[@]}" -d postgres -c "select 1" >/dev/null || { echo "PostgreSQL is needed on $PG_URL_HOST:$PG_PORT (user postgres)" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
csv="$WORK/contacts.csv"
echo "generating $ROWS rows ..."
awk -v n="$ROWS" 'BEGIN {
  srand(42); split("Berlin,Paris,Rome,Oslo,Lisbon,Vienna,Prague,Madrid", city, ",");
  print "email,first_name,last_name,city";
  for (i = 1; i <= n; i++) printf "user%d@example%d.com,First%d,Last%d,%s\n", i, i % 97, i, i, city[1 + int(rand() * 8)];
}' > "$csv"
echo "file: $(du -h "$csv" | cut -f1)"

now() { date +%s.%N; }

# --- NeuroMail: the distribution on its own PostgreSQL database (started first, so both runs share the same machine state)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS nm_bench_neuromail WITH (FORCE)" -c "CREATE DATABASE nm_bench_neuromail"
tar xzf "$archive" -C "$WORK"
home="$(ls -d "$WORK"/neuromail-distribution-*/ | head -1)"
cfg="$home/etc/org.ops4j.datasource-neuromail.cfg"
sed -i -e 's/^osgi.jdbc.driver.class.*/osgi.jdbc.driver.class = org.postgresql.Driver/' -e '/^url/d' -e '/^user/d' -e '/^password/d' "$cfg"
printf 'url = jdbc:postgresql://%s:%s/nm_bench_neuromail\nuser = postgres\n' "$PG_URL_HOST" "$PG_PORT" >> "$cfg"
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$home/etc/org.ops4j.pax.web.cfg"
grep -q "^org.osgi.service.http.port" "$home/etc/org.ops4j.pax.web.cfg" || echo "org.osgi.service.http.port = $HTTP_PORT" >> "$home/etc/org.ops4j.pax.web.cfg"
sed -i 's/^sshPort.*/sshPort = 0/' "$home/etc/org.apache.karaf.shell.cfg"
trap '"$home/bin/stop" >/dev/null 2>&1 || true' EXIT
"$home/bin/start"
deadline=$((SECONDS + 300))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ]; do
  [ $SECONDS -lt $deadline ] || { echo "NeuroMail did not become healthy in 300 s; see $home/data/log/karaf.log" >&2; exit 1; }
  sleep 0.5
done

# --- baseline: COPY into a staging table, then one set-based upsert into tables shaped like NeuroMail's
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS nm_bench_baseline WITH (FORCE)" -c "CREATE DATABASE nm_bench_baseline"
"${PSQL[@]}" -d nm_bench_baseline <<'SQL'
CREATE TABLE contact (id varchar(36) PRIMARY KEY, account_id varchar(36) NOT NULL, email varchar(320) NOT NULL,
  first_name varchar(200), last_name varchar(200), status varchar(16) NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, UNIQUE (account_id, email));
CREATE INDEX ON contact (account_id, status);
CREATE INDEX ON contact (account_id, created_at);
CREATE TABLE contact_attribute (account_id varchar(36) NOT NULL, contact_id varchar(36) NOT NULL, name varchar(100) NOT NULL,
  text_value varchar(2000), PRIMARY KEY (contact_id, name));
CREATE INDEX ON contact_attribute (account_id, name, text_value);
CREATE UNLOGGED TABLE staging (email text, first_name text, last_name text, city text);
SQL
t0=$(now)
"${PSQL[@]}" -d nm_bench_baseline <<SQL
\copy staging FROM '$csv' WITH (FORMAT csv, HEADER true)
BEGIN;
INSERT INTO contact SELECT gen_random_uuid()::text, 'acct', lower(email), first_name, last_name, 'subscribed', now(), now()
  FROM staging ON CONFLICT (account_id, email) DO UPDATE SET first_name = EXCLUDED.first_name,
  last_name = EXCLUDED.last_name, updated_at = now();
INSERT INTO contact_attribute SELECT 'acct', c.id, 'city', s.city FROM staging s JOIN contact c
  ON c.account_id = 'acct' AND c.email = lower(s.email)
  ON CONFLICT (contact_id, name) DO UPDATE SET text_value = EXCLUDED.text_value;
COMMIT;
SQL
t1=$(now)
baseline=$(echo "$t1 - $t0" | bc)
base_rows=$("${PSQL[@]}" -d nm_bench_baseline -c "select count(*) from contact")
printf 'baseline done: %.2f s\n' "$baseline"

# --- NeuroMail: the same file through the API

jar="$WORK/cookies"
curl -sf -H 'Content-Type: application/json' -H "Origin: http://127.0.0.1:$HTTP_PORT" \
  -d '{"email":"bench@example.com","password":"violet-Harbor-compass-81","accountName":"Bench"}' "$BASE/auth/signup" >/dev/null
curl -sf -c "$jar" -H 'Content-Type: application/json' -H "Origin: http://127.0.0.1:$HTTP_PORT" \
  -d '{"email":"bench@example.com","password":"violet-Harbor-compass-81"}' "$BASE/auth/login" > "$WORK/session.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrfToken"])' "$WORK/session.json")
key=$(curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["read","contacts"]}' "$BASE/api-keys" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

t2=$(now)
id=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: text/csv' --data-binary "@$csv" \
  "$BASE/contacts/imports?fileName=contacts.csv&start=true&mode=upsert" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  state=$(curl -sf -H "Authorization: Bearer $key" "$BASE/contacts/imports/$id" | tee "$WORK/import.json" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  case "$state" in queued|running) sleep 0.2 ;; *) break ;; esac
done
t3=$(now)
[ "$state" = finished ] || { echo "import ended $state: $(cat "$WORK/import.json")" >&2; exit 1; }
neuromail=$(echo "$t3 - $t2" | bc)
created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["created"])' "$WORK/import.json")

# --- a segment count over the imported contacts (goal: under a second)
t4=$(now)
count=$(curl -sf --max-time 120 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"filter":{"match":"all","conditions":[{"field":"status","op":"is","value":"subscribed"},{"field":"attribute","attribute":"city","op":"is","value":"Berlin"}]}}' \
  "$BASE/segments/count" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["count"], d["millis"])')
t5=$(now)

printf '\nrows: %s\n' "$ROWS"
printf 'baseline  (psql COPY + set-based upsert): %8.2f s  (%s contacts)\n' "$baseline" "$base_rows"
printf 'NeuroMail (API upload + import, upsert):   %8.2f s  (%s contacts created)\n' "$neuromail" "$created"
printf 'ratio (baseline time / NeuroMail time):    %8.2f  (goal >= 0.50)\n' "$(echo "$baseline / $neuromail" | bc -l)"
printf 'segment count (subscribed AND city = Berlin): %s matches, %s ms in the server, %.0f ms over HTTP\n' \
  ${count% *} ${count#* } "$(echo "($t5 - $t4) * 1000" | bc -l)"
