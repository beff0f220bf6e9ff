#!/usr/bin/env bash
# bench/send/run.sh: how fast NeuroMail's ledger gets personalised 10 KB messages out through the SMTP
# sender, against Postfix's smtp-source blasting the same size to the same smtp-sink, in one run.
#
#   bench/send/run.sh [messages]   (default 100000; run from the repository root after `mvn verify`)
#
# Needs: Postfix's smtp-sink and smtp-source (Debian package postfix), curl, jq, tar, and the
# distribution archive karaf-distribution/target/neuromail-*.tar.gz. The SMTP sender comes as the
# feature neuromail-sender-smtp, configured by etc/io.neuromail.sender.smtp-bench.cfg (written by bench/lib/neuromail.sh).
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
source "$ROOT/bench/lib/neuromail.sh"

for tool in smtp-sink smtp-source curl jq tar; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || nm_fail "$tool is missing (apt-get install postfix curl jq)"
done
export PATH="$PATH:/usr/sbin"

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() {
  [ -n "${KARAF_PID:-}" ] && nm_killtree "$KARAF_PID"
  [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true
}
trap cleanup EXIT

# 1. The sink: accepts everything, counts nothing we rely on (we count on the sender side).
nm_start_sink "$SINK_PORT"

# 2. smtp-source: the reference, 20 parallel sessions, same size and count.
SOURCE_SINK_CPU=$(nm_cpu_seconds "$SINK_PID")
start=$(date +%s.%N)
smtp-source -c -s 20 -l "$SIZE" -m "$MESSAGES" -f bench@example.com -t sink@example.org 127.0.0.1:"$SINK_PORT" >/dev/null
end=$(date +%s.%N)
SOURCE_RATE=$(echo "$MESSAGES / ($end - $start)" | bc -l)
SOURCE_SINK_CPU=$(echo "$(nm_cpu_seconds "$SINK_PID") - $SOURCE_SINK_CPU" | bc -l)
printf 'smtp-source: %d messages of %d bytes in %.1f s = %.0f msg/s (smtp-sink used %.1f s CPU)\n' "$MESSAGES" "$SIZE" \
  "$(echo "$end - $start" | bc -l)" "$SOURCE_RATE" "$SOURCE_SINK_CPU"

# 3. NeuroMail with the SMTP sender pointed at the same sink.
nm_unpack "$HTTP_PORT" "$PG_DB"
# The ledger's workers (BENCH_WORKERS, BENCH_BATCH, BENCH_CONCURRENCY override): two workers taking 200
# rows at a time, at most 128 messages handed to the sender without a recorded answer (a fast relay
# needs its rate times its answer time in flight, plus the commits before and after each message).
printf "\nworkers = ${BENCH_WORKERS:-2}\nbatchSize = ${BENCH_BATCH:-200}\nconcurrency = ${BENCH_CONCURRENCY:-128}\n" >>"$HOME_DIR/etc/io.neuromail.delivery.cfg"
if [ "$SENDER" = outbox ]; then
  printf '\nmaxPerSecond = 100000\n' >>"$HOME_DIR/etc/io.neuromail.sender.outbox.cfg"
else
  nm_smtp_bench_sender "$SINK_PORT"
fi
nm_start
nm_signup
nm_use_sender "$SENDER"

# A personalised campaign: {{name}} in subject and body, a ~10 KB text body.
BODY=$(head -c $((SIZE - 600)) /dev/zero | tr '\0' 'x' | fold -w 76 | tr '\n' ' ')
jq -n --arg body "Dear {{name}}, $BODY" --argjson n "$MESSAGES" '{
  kind: "campaign", acknowledgeWarnings: true, from: "bench@example.com", subject: "Offer for {{name}}", text: $body,
  recipients: [range(0; $n) | {email: "r\(.)@example.org", fields: {name: "Reader \(.)"}}]
}' >"$WORK/send.json"
# The clock starts when the request to create the send is made: creating the ledger (one row per
# recipient) is timed on its own, then the delivery from the ledger until the send is finished.
start=$(date +%s.%N)
SEND_ID=$(api -d @"$WORK/send.json" "$BASE/sends" | jq -r .id)
created=$(date +%s.%N)
NM_CPU=$(nm_cpu_seconds "$KARAF_PID")
SINK_CPU=$(nm_cpu_seconds "$SINK_PID")
# BENCH_JFR=<file> records a Java Flight Recording (profile settings) of the delivery alone.
[ -n "${BENCH_JFR:-}" ] && JVM_PID=$(pgrep -f karaf.main.Main | head -1) \
  && jcmd "$JVM_PID" JFR.start name=bench settings=profile >/dev/null
nm_wait_finished "$SEND_ID"
[ -n "${BENCH_JFR:-}" ] && jcmd "$JVM_PID" JFR.dump name=bench filename="$(realpath -m "$BENCH_JFR")" >/dev/null
NM_CPU=$(echo "$(nm_cpu_seconds "$KARAF_PID") - $NM_CPU" | bc -l)
SINK_CPU=$(echo "$(nm_cpu_seconds "$SINK_PID") - $SINK_CPU" | bc -l)
# The send's own finishing time (same clock, this machine) rather than when the poll saw it.
end=$(date -d "$(echo "$STATE" | jq -r .finishedAt)" +%s.%N)
SENT=$(echo "$STATE" | jq -r .counts.sent)
[ "$SENT" = "$MESSAGES" ] || nm_fail "only $SENT of $MESSAGES sent: $(echo "$STATE" | jq -c .counts)"
LEDGER_RATE=$(echo "$MESSAGES / ($end - $created)" | bc -l)
ALL_RATE=$(echo "$MESSAGES / ($end - $start)" | bc -l)
printf 'NeuroMail: send of %d recipients created in %.1f s; delivered from the ledger through sender %s in %.1f s = %.0f msg/s (%.0f msg/s counting the creation)\n' \
  "$MESSAGES" "$(echo "$created - $start" | bc -l)" "$SENDER" "$(echo "$end - $created" | bc -l)" "$LEDGER_RATE" "$ALL_RATE"
printf 'CPU while delivering: NeuroMail %.1f s (%.0f µs per message), smtp-sink %.1f s, on %d cores\n' \
  "$NM_CPU" "$(echo "1000000 * $NM_CPU / $MESSAGES" | bc -l)" "$SINK_CPU" "$(nproc)"
printf 'ratio: %.1f %% of smtp-source (goal >= 40 %%); counting the creation: %.1f %%\n' \
  "$(echo "100 * $LEDGER_RATE / $SOURCE_RATE" | bc -l)" "$(echo "100 * $ALL_RATE / $SOURCE_RATE" | bc -l)"
