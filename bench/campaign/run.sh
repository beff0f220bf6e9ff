#!/usr/bin/env bash
# bench/campaign/run.sh: a campaign to a large segment on PostgreSQL, NeuroMail started with -Xmx256m.
#
#   bench/campaign/run.sh [contacts]   (default 1000000; run from the repository root after `mvn verify`)
#
# Measures, in one run:
#   1. the audience snapshot: the time of `POST /campaigns/{id}/send` (the gate, then delivery copying the
#      segment into its ledger with one INSERT ... SELECT) against a plain INSERT ... SELECT of the same
#      contacts into a table shaped like the ledger (psql, same database) — goal: ratio >= 0.5;
#   2. the delivery rate to Postfix's smtp-sink, each message rendered with merge tags and the unsubscribe
#      footer, against smtp-source sending as many messages of the same size — goal: >= 40 %;
#   3. the peak heap NeuroMail used (sampled with jcmd every 2 s), and that no OutOfMemoryError happened.
# BENCH_JFR=<seconds> also records the first seconds of delivery with Java Flight Recorder, into
# bench/target/campaign/delivery.jfr (read it with `jfr print` or, on a newer JDK, `jfr view hot-methods`).
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, no password), psql, Postfix's smtp-sink and
# smtp-source, curl, jq, jcmd, bc. Everything listens on 127.0.0.1 only.
set -euo pipefail

CONTACTS="${1:-1000000}"
SIZE=4096
SINK_PORT="${BENCH_SINK_PORT:-25926}"
HTTP_PORT="${BENCH_HTTP_PORT:-18391}"
PG_DB="${BENCH_POSTGRESQL_DB:-nm_bench_campaign}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/campaign"
source "$ROOT/bench/lib/neuromail.sh"

for tool in smtp-sink smtp-source curl jq psql jcmd bc; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || nm_fail "$tool is missing"
done
export PATH="$PATH:/usr/sbin"
psql_db() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -qAtX "$@"; }
now() { date +%s.%N; }

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() {
  [ -n "${SAMPLER_PID:-}" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "${KARAF_PID:-}" ] && nm_killtree "$KARAF_PID"
  [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true
}
trap cleanup EXIT

nm_start_sink "$SINK_PORT"

# --- the reference sender: smtp-source, 20 sessions, as many messages of the same size
nm_smtp_source "$CONTACTS" "$SIZE" "$SINK_PORT"
printf 'smtp-source: %d messages of %d bytes at %.0f msg/s\n' "$CONTACTS" "$SIZE" "$SOURCE_RATE"

# --- NeuroMail on PostgreSQL with a 256 MB heap and the SMTP sender pointed at the same sink
nm_unpack "$HTTP_PORT" "$PG_DB"
nm_smtp_bench_sender "$SINK_PORT"
# The ledger's workers, as in bench/send (BENCH_WORKERS, BENCH_BATCH, BENCH_CONCURRENCY override).
printf "\nworkers = ${BENCH_WORKERS:-2}\nbatchSize = ${BENCH_BATCH:-200}\nconcurrency = ${BENCH_CONCURRENCY:-128}\n" >>"$HOME_DIR/etc/io.neuromail.delivery.cfg"
export JAVA_MAX_MEM=256m JAVA_MIN_MEM=256m
nm_start
nm_signup
nm_use_sender smtp-bench
# The JVM's own process id, as Karaf writes it (the karaf script is its parent).
JVM_PID=$(cat "$HOME_DIR/karaf.pid")
jcmd "$JVM_PID" VM.flags | grep -q 'MaxHeapSize=268435456' || nm_fail "NeuroMail did not start with a 256 MB heap"
( while kill -0 "$JVM_PID" 2>/dev/null; do
    jcmd "$JVM_PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {gsub(/[^0-9]/, "", $(i+1)); print $(i+1); exit}}'
    sleep 2
  done ) >"$WORK/heap.samples" &
SAMPLER_PID=$!

# --- the audience: CONTACTS contacts with a first name and a city, all in one segment
CSV="$WORK/contacts.csv"
awk -v n="$CONTACTS" 'BEGIN { print "email,first_name,city"; for (i = 0; i < n; i++) printf "r%07d@example.org,Reader%d,City%d\n", i, i, i % 100 }' >"$CSV"
IMPORT=$(curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: text/csv' --data-binary "@$CSV" \
  "$BASE/contacts/imports?fileName=contacts.csv&start=true&mode=add" | jq -r .id)
while :; do
  state=$(api "$BASE/contacts/imports/$IMPORT" | jq -r .state)
  case "$state" in uploaded|queued|running) sleep 2 ;; finished) break ;; *) nm_fail "the import ended $state" ;; esac
done
SEGMENT=$(api -d '{"name":"Everyone subscribed","filter":{"field":"status","op":"is","value":"subscribed"}}' \
  "$BASE/segments" | jq -r .id)
api -X PUT -d '{"organisationName":"Bench Ltd","postalAddress":"1 Loopback Road, 127001 Localhost"}' \
  "$BASE/campaigns/settings" >/dev/null
BODY=$(head -c $((SIZE - 900)) /dev/zero | tr '\0' 'x' | fold -w 70 | sed 's/.*/<p>&<\/p>/' | tr -d '\n')
CAMPAIGN=$(api -d '{"name":"Bench"}' "$BASE/campaigns")
ID=$(echo "$CAMPAIGN" | jq -r .id)
jq -n --arg body "$BODY" --arg seg "$SEGMENT" --argjson v "$(echo "$CAMPAIGN" | jq .version)" '{
  name: "Bench", subject: "News for {{ first_name | default: \"you\" }}", from: "bench@example.com",
  html: ("<p>Hello {{ first_name | default: \"there\" }} in {{ city | default: \"town\" }}</p>" + $body
         + "<p>{{ account_name }}, {{ postal_address }}</p>"),
  textFromHtml: true, audience: {segments: [$seg]}, version: $v}' >"$WORK/campaign.json"
api -X PUT -d @"$WORK/campaign.json" "$BASE/campaigns/$ID" >/dev/null
ACCOUNT=$(psql_db -c "SELECT account_id FROM nm_campaign WHERE id = '$ID'")

# --- 1. the snapshot, against a plain INSERT ... SELECT of the same rows
psql_db -c "CREATE TABLE bench_ledger (LIKE nm_delivery INCLUDING DEFAULTS INCLUDING INDEXES)"
start=$(now)
psql_db -c "INSERT INTO bench_ledger (id, account_id, send_id, recipient, contact_id, state, attempts, next_attempt_at,
  created_at, updated_at) SELECT gen_random_uuid()::text, c.account_id, 'bench', c.email, c.id, 'queued', 0, 0, 0, 0
  FROM nm_contact c WHERE c.account_id = '$ACCOUNT' AND c.status = 'subscribed'"
PLAIN=$(echo "$(now) - $start" | bc -l)
psql_db -c "DROP TABLE bench_ledger"
start=$(now)
api -d '{"acknowledgeWarnings":true}' "$BASE/campaigns/$ID/send" >"$WORK/started.json"
SNAPSHOT=$(echo "$(now) - $start" | bc -l)
SEND_ID=$(jq -r .sendId "$WORK/started.json")
ROWS=$(psql_db -c "SELECT COUNT(*) FROM nm_delivery WHERE send_id = '$SEND_ID'")
[ "$ROWS" = "$CONTACTS" ] || nm_fail "the ledger has $ROWS rows, not $CONTACTS"
printf 'snapshot of %d recipients: NeuroMail %.1f s (the whole send request), plain INSERT ... SELECT %.1f s; ratio %.2f (goal >= 0.5)\n' \
  "$CONTACTS" "$SNAPSHOT" "$PLAIN" "$(echo "$PLAIN / $SNAPSHOT" | bc -l)"

# --- 2. delivery to the sink
created=$(now)
if [ -n "${BENCH_JFR:-}" ]; then   # BENCH_JFR=seconds: a flight recording of the first seconds of delivery
  jcmd "$JVM_PID" JFR.start name=delivery settings=profile duration="${BENCH_JFR}s" filename="$WORK/delivery.jfr" >/dev/null
fi
nm_wait_finished "$SEND_ID"
end=$(date -d "$(echo "$STATE" | jq -r .finishedAt)" +%s.%N)
SENT=$(echo "$STATE" | jq -r .counts.sent)
[ "$SENT" = "$CONTACTS" ] || nm_fail "only $SENT of $CONTACTS sent: $(echo "$STATE" | jq -c .counts)"
RATE=$(echo "$CONTACTS / ($end - $created)" | bc -l)
printf 'delivery with merge tags and the unsubscribe footer: %.0f msg/s; %.1f %% of smtp-source (goal >= 40 %%)\n' \
  "$RATE" "$(echo "100 * $RATE / $SOURCE_RATE" | bc -l)"

# --- 3. memory
kill "$SAMPLER_PID" 2>/dev/null || true
PEAK=$(sort -n "$WORK/heap.samples" | tail -1)
printf 'peak heap used: %s KB of a 256 MB heap (%d samples)\n' "${PEAK:-?}" "$(wc -l <"$WORK/heap.samples")"
if grep -q OutOfMemoryError "$HOME_DIR"/data/log/*.log "$WORK/karaf.log" 2>/dev/null; then
  nm_fail "an OutOfMemoryError was logged"
fi
echo "no OutOfMemoryError"
