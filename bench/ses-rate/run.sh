#!/usr/bin/env bash
# bench/ses-rate/run.sh: how close NeuroMail's sends through Amazon SES come to the account's allowed
# send rate without ever going above it. The SES sender (real AWS SDK v2) talks to the SES v2 test
# endpoint of itests/ses-endpoint on loopback, which reports MaxSendRate = the limit, throttles
# anything beyond it in any one-second window, and counts what arrives.
#
#   bench/ses-rate/run.sh [limit-per-second] [messages]   (defaults 50 and 1500; after `mvn verify`)
#
# Prints the rate the endpoint saw between its first and last accepted message, as a share of the
# limit (goal >= 95 %), and the most requests it saw in any one second (goal: never above the limit).
# The arrival time of every request (epoch µs) is left in bench/target/ses-rate/arrivals.txt.
set -euo pipefail

LIMIT="${1:-50}"
MESSAGES="${2:-1500}"
SES_PORT="${BENCH_SES_PORT:-18445}"
HTTP_PORT="${BENCH_HTTP_PORT:-18391}"
PG_DB="${BENCH_POSTGRESQL_DB:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/ses-rate"
source "$ROOT/bench/lib/neuromail.sh"
for tool in curl jq tar java mvn; do
  command -v "$tool" >/dev/null 2>&1 || nm_fail "$tool is missing"
done
ENDPOINT_JAR="$(ls "$ROOT"/itests/ses-endpoint/target/ses-endpoint-*.jar 2>/dev/null | grep -v sources | head -1)"
[ -n "$ENDPOINT_JAR" ] || nm_fail "no SES test endpoint jar; run mvn -B -ntp verify first"

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() {
  [ -n "${KARAF_PID:-}" ] && nm_killtree "$KARAF_PID"
  [ -n "${SES_PID:-}" ] && kill "$SES_PID" 2>/dev/null || true
}
trap cleanup EXIT

# 1. The SES v2 endpoint, allowing LIMIT sends per second.
(cd "$ROOT/itests/ses-endpoint" && mvn -B -ntp -q dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile="$WORK/endpoint.classpath") || nm_fail "cannot resolve the SES endpoint's class path"
java -Dses.endpoint.arrivals="$WORK/arrivals.txt" -cp "$ENDPOINT_JAR:$(cat "$WORK/endpoint.classpath")" io.neuromail.testing.ses.SesEndpoint "$SES_PORT" "$LIMIT" \
  >"$WORK/ses-endpoint.log" 2>&1 &
SES_PID=$!
for _ in $(seq 1 30); do
  grep -q "SES v2 test endpoint on" "$WORK/ses-endpoint.log" && break
  kill -0 "$SES_PID" 2>/dev/null || nm_fail "the SES endpoint did not start: $(cat "$WORK/ses-endpoint.log")"
  sleep 0.5
done

# 2. NeuroMail with the SES sender pointed at it (its rate: the MaxSendRate the endpoint reports).
nm_unpack "$HTTP_PORT" "$PG_DB"
cat >"$HOME_DIR/etc/io.neuromail.sender.ses.cfg" <<CFG
region = eu-west-1
accessKeyId = AKIABENCHMARK0000000
secretAccessKey = bench-secret-not-a-real-key
endpointOverride = http://127.0.0.1:$SES_PORT
maxPerSecond = 0
CFG
nm_boot_feature neuromail-sender-ses
nm_start
nm_signup
nm_use_sender ses

jq -n --argjson n "$MESSAGES" '{
  kind: "campaign", acknowledgeWarnings: true, from: "bench@example.com", subject: "Offer for {{name}}", text: "Dear {{name}}, a short note.",
  recipients: [range(0; $n) | {email: "r\(.)@example.org", fields: {name: "Reader \(.)"}}]
}' >"$WORK/send.json"
SEND_ID=$(api -d @"$WORK/send.json" "$BASE/sends" | jq -r .id)
nm_wait_finished "$SEND_ID"
SENT=$(echo "$STATE" | jq -r .counts.sent)
[ "$SENT" = "$MESSAGES" ] || nm_fail "only $SENT of $MESSAGES sent: $(echo "$STATE" | jq -c .counts)"

# 3. What the endpoint saw (it prints its counts when stopped).
kill "$SES_PID"
wait "$SES_PID" 2>/dev/null || true
SES_PID=
SUMMARY=$(grep '^accepted ' "$WORK/ses-endpoint.log") || nm_fail "the SES endpoint printed no counts: $(cat "$WORK/ses-endpoint.log")"
echo "SES endpoint (limit $LIMIT/s): $SUMMARY"
RATE=$(echo "$SUMMARY" | sed -E 's/.*, ([0-9.]+) per second.*/\1/')
MOST=$(echo "$SUMMARY" | sed -E 's/.*most requests in any second ([0-9]+).*/\1/')
printf 'rate: %.2f msg/s = %.1f %% of the limit (goal >= 95 %%); most requests in any second: %d of %d allowed (goal: never above)\n' \
  "$RATE" "$(echo "100 * $RATE / $LIMIT" | bc -l)" "$MOST" "$LIMIT"
