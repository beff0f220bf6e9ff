#!/usr/bin/env bash
# bench/send/run.sh: how fast NeuroMail's ledger gets personalised 10 KB messages out through the SMTP
# sender, against Postfix's smtp-source blasting the same size to the same smtp-sink, in one run.
#
#   bench/send/run.sh [messages]   (default 100000; run from the repository root after `mvn verify`)
#
# Needs: Postfix's smtp-sink and smtp-source (Debian package postfix), curl, jq, tar, and the
# distribution archive karaf-distribution/target/neuromail-*.tar.gz. The SMTP sender comes as the
# feature neuromail-sender-smtp, configured by etc/io.neuromail.sender.smtp-bench.cfg (written below).
# Everything listens on 127.0.0.1 only. Prints both rates and their ratio (goal: >= 40 %).
set -euo pipefail

MESSAGES="${1:-100000}"
# BENCH_SENDER=outbox measures the ledger alone (outbox sender, rate limit lifted), without the SMTP
# sender bundle; the default measures the ledger with the SMTP sender against smtp-source.
SENDER="${BENCH_SENDER:-smtp-bench}"
# BENCH_POSTGRESQL_DB=<name> runs NeuroMail on a fresh PostgreSQL database of that name on
# 127.0.0.1:5432 (user postgres, no password) instead of the embedded H2.
PG_DB="${BENCH_POSTGRESQL_DB:-}"
SIZE=10240
SINK_PORT="${BENCH_SINK_PORT:-25925}"
HTTP_PORT="${BENCH_HTTP_PORT:-18390}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/send"
fail() { echo "bench/send/run.sh: $*" >&2; exit 1; }

for tool in smtp-sink smtp-source curl jq tar; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || fail "$tool is missing (apt-get install postfix curl jq)"
done
export PATH="$PATH:/usr/sbin"
ARCHIVE="$(ls "$ROOT"/karaf-distribution/target/neuromail-*.tar.gz 2>/dev/null | head -1)"
[ -n "$ARCHIVE" ] || fail "no distribution archive; run mvn -B -ntp verify first"

rm -rf "$WORK" && mkdir -p "$WORK"
# Stops a process and everything it started (bin/karaf runs the JVM as its child).
killtree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do killtree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  [ -n "${KARAF_PID:-}" ] && killtree "$KARAF_PID"
  [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true
}
trap cleanup EXIT

# 1. The sink: accepts everything, counts nothing we rely on (we count on the sender side).
smtp-sink -u "$(id -un)" 127.0.0.1:"$SINK_PORT" 2000 >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
sleep 1
kill -0 "$SINK_PID" 2>/dev/null || fail "smtp-sink did not start: $(cat "$WORK/sink.log")"

# 2. smtp-source: the reference, 20 parallel sessions, same size and count.
start=$(date +%s.%N)
smtp-source -c -s 20 -l "$SIZE" -m "$MESSAGES" -f bench@example.com -t sink@example.org 127.0.0.1:"$SINK_PORT" >/dev/null
end=$(date +%s.%N)
SOURCE_RATE=$(echo "$MESSAGES / ($end - $start)" | bc -l)
printf 'smtp-source: %d messages of %d bytes in %.1f s = %.0f msg/s\n' "$MESSAGES" "$SIZE" "$(echo "$end - $start" | bc -l)" "$SOURCE_RATE"

# 3. NeuroMail with the SMTP sender pointed at the same sink.
tar xzf "$ARCHIVE" -C "$WORK"
HOME_DIR="$(ls -d "$WORK"/neuromail-*/ | head -1)"
printf '\norg.osgi.service.http.port = %s\n' "$HTTP_PORT" >>"$HOME_DIR/etc/org.ops4j.pax.web.cfg"
printf '\nsshPort = 0\n' >>"$HOME_DIR/etc/org.apache.karaf.shell.cfg"
printf '\nrateLimit.apiRequestsPerMinute = 100000\n' >>"$HOME_DIR/etc/io.neuromail.identity.cfg"
if [ -n "$PG_DB" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" \
    || fail "PostgreSQL on 127.0.0.1:5432 is needed for BENCH_POSTGRESQL_DB"
  printf '\nosgi.jdbc.driver.class = org.postgresql.Driver\nurl = jdbc:postgresql://127.0.0.1:5432/%s\nuser = postgres\n' \
    "$PG_DB" >>"$HOME_DIR/etc/org.ops4j.datasource-neuromail.cfg"
fi
printf "\nworkers = ${BENCH_WORKERS:-4}\nbatchSize = ${BENCH_BATCH:-200}\nconcurrency = ${BENCH_CONCURRENCY:-32}\n" >>"$HOME_DIR/etc/io.neuromail.delivery.cfg"
cat >"$HOME_DIR/etc/io.neuromail.sender.smtp-bench.cfg" <<CFG
name = smtp-bench
title = smtp-sink on loopback (bench)
host = 127.0.0.1
port = $SINK_PORT
security = none
maxPerSecond = 100000
connections = 20
CFG
if [ "$SENDER" = outbox ]; then
  printf '\nmaxPerSecond = 100000\n' >>"$HOME_DIR/etc/io.neuromail.sender.outbox.cfg"
else
  sed -i 's/^featuresBoot = \\/featuresBoot = neuromail-sender-smtp, \\/' "$HOME_DIR/etc/org.apache.karaf.features.cfg"
fi
(cd "$HOME_DIR" && exec bin/karaf server >"$WORK/karaf.log" 2>&1) &
KARAF_PID=$!
BASE="http://127.0.0.1:$HTTP_PORT/api/v1"
for _ in $(seq 1 180); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$BASE/health" >/dev/null || fail "NeuroMail did not start; see $WORK/karaf.log"

JAR="$WORK/cookies"
SESSION=$(curl -fsS -c "$JAR" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"violet-Harbor-compass-81\"}" "$BASE/auth/signup")
CSRF=$(echo "$SESSION" | jq -r .csrfToken)
api() { curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' "$@"; }
for _ in $(seq 1 60); do
  api "$BASE/delivery/senders" | jq -e --arg s "$SENDER" '.[] | select(.name == $s)' >/dev/null && break
  sleep 1
done
api "$BASE/delivery/senders" | jq -e --arg s "$SENDER" '.[] | select(.name == $s)' >/dev/null \
  || fail "the sender $SENDER is not registered (feature neuromail-sender-smtp installed?)"
api -X PUT -d "{\"sender\":\"$SENDER\",\"fallback\":false}" "$BASE/delivery/settings" >/dev/null

# A personalised campaign: {{name}} in subject and body, a ~10 KB text body.
BODY=$(head -c $((SIZE - 600)) /dev/zero | tr '\0' 'x' | fold -w 76 | tr '\n' ' ')
jq -n --arg body "Dear {{name}}, $BODY" --argjson n "$MESSAGES" '{
  kind: "campaign", from: "bench@example.com", subject: "Offer for {{name}}", text: $body,
  recipients: [range(0; $n) | {email: "r\(.)@example.org", fields: {name: "Reader \(.)"}}]
}' >"$WORK/send.json"
# The clock starts when the request to create the send is made: creating the ledger (one row per
# recipient) is timed on its own, then the delivery from the ledger until the send is finished.
start=$(date +%s.%N)
SEND_ID=$(api -d @"$WORK/send.json" "$BASE/sends" | jq -r .id)
created=$(date +%s.%N)
while true; do
  STATE=$(api "$BASE/sends/$SEND_ID")
  [ "$(echo "$STATE" | jq -r .state)" = finished ] && break
  sleep 0.5
done
# The send's own finishing time (same clock, this machine) rather than when the poll saw it.
end=$(date -d "$(echo "$STATE" | jq -r .finishedAt)" +%s.%N)
SENT=$(echo "$STATE" | jq -r .counts.sent)
[ "$SENT" = "$MESSAGES" ] || fail "only $SENT of $MESSAGES sent: $(echo "$STATE" | jq -c .counts)"
LEDGER_RATE=$(echo "$MESSAGES / ($end - $created)" | bc -l)
ALL_RATE=$(echo "$MESSAGES / ($end - $start)" | bc -l)
printf 'NeuroMail: send of %d recipients created in %.1f s; delivered from the ledger through sender %s in %.1f s = %.0f msg/s (%.0f msg/s counting the creation)\n' \
  "$MESSAGES" "$(echo "$created - $start" | bc -l)" "$SENDER" "$(echo "$end - $created" | bc -l)" "$LEDGER_RATE" "$ALL_RATE"
printf 'ratio: %.1f %% of smtp-source (goal >= 40 %%); counting the creation: %.1f %%\n' \
  "$(echo "100 * $LEDGER_RATE / $SOURCE_RATE" | bc -l)" "$(echo "100 * $ALL_RATE / $SOURCE_RATE" | bc -l)"
