#!/usr/bin/env bash
# bench/tracking/run.sh: the open pixel and the click redirect under load, against the same GIF served
# with no work, in one run on one NeuroMail (PostgreSQL).
#
#   bench/tracking/run.sh [seconds]   (default 20 per target; run from the repository root after `mvn verify`)
#
# wrk (Debian package) with 64 connections, for the given seconds each, against:
#   1. the baseline: /t/baseline.gif, a servlet of the tracking bundle that answers the same GIF with the
#      same headers and nothing else (it exists only while etc/io.neuromail.tracking.baseline.cfg does);
#   2. a tracked message's open pixel (/t/o/<token>): signature check, queue, GIF;
#   3. one of its click links (/t/c/<token>): signature check, link look-up, queue, 302.
# It prints each one's request rate, its share of the baseline's (goal >= 50 %) and its 99th percentile
# latency (goal <= 20 ms); then, once the writer has stored what is queued, the events stored against
# the hits answered (goal: equal, or the difference shown as counted loss, which must be 0 at this load).
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, no password), psql, wrk, curl, jq.
set -euo pipefail

SECONDS_EACH="${1:-20}"
HTTP_PORT="${BENCH_HTTP_PORT:-18392}"
PG_DB="${BENCH_POSTGRESQL_DB:-nm_bench_tracking}"
CONNECTIONS=64
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/tracking"
source "$ROOT/bench/lib/neuromail.sh"

for tool in wrk curl jq psql; do
  command -v "$tool" >/dev/null 2>&1 || nm_fail "$tool is missing (Debian: apt-get install wrk postgresql-client curl jq)"
done
psql_db() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -qAtX "$@"; }

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() { [ -n "${KARAF_PID:-}" ] && nm_killtree "$KARAF_PID"; }
trap cleanup EXIT

nm_unpack "$HTTP_PORT" "$PG_DB"
printf '# bench/tracking: the baseline servlet /t/baseline.gif\n' >"$HOME_DIR/etc/io.neuromail.tracking.baseline.cfg"
nm_start
nm_signup

# --- a tracked campaign with one link to one contact, sent to the outbox
nm_reader_list
nm_send_campaign Bench '<p>Hello {{ first_name }}</p><p><a href="https://shop.example/spring">Shop</a></p>'
MESSAGE=$(api "$BASE/outbox?size=50" | jq -r '.items[] | select(.to == "reader@example.org") | .id' | head -1)
HTML=$(api "$BASE/outbox/$MESSAGE" | jq -r .html)
OPEN_PATH=$(echo "$HTML" | grep -o '/t/o/[A-Za-z0-9_-]\{68\}' | head -1)
CLICK_PATH=$(echo "$HTML" | grep -o '/t/c/[A-Za-z0-9_-]\{68\}' | head -1)
[ -n "$OPEN_PATH" ] && [ -n "$CLICK_PATH" ] || nm_fail "the message has no open pixel or click link"
SEND_ID=$(psql_db -c "SELECT send_id FROM nm_campaign WHERE id = '$ID'")
TARGET="http://127.0.0.1:$HTTP_PORT"
curl -fsS -o /dev/null "$TARGET/t/baseline.gif" || nm_fail "the baseline servlet does not answer"

# --- wrk against each; a short warm-up first (JIT, connection pools), not counted
run_wrk() {  # run_wrk NAME PATH -> sets RATE, P99_MS, REQUESTS
  wrk -t2 -c"$CONNECTIONS" -d3s "$TARGET$2" >"$WORK/warmup-$1.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$TARGET$2" >"$WORK/wrk-$1.txt"
  RATE=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk-$1.txt")
  REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk-$1.txt")
  P99_MS=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v = v / 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v = v * 1000}; print v}' "$WORK/wrk-$1.txt")
  if grep -q "Non-2xx or 3xx" "$WORK/wrk-$1.txt"; then
    nm_fail "$1: some answers were errors: $(grep 'Non-2xx' "$WORK/wrk-$1.txt")"
  fi
}
STORED_BEFORE=$(psql_db -c "SELECT COUNT(*) FROM nm_track_event WHERE send_id = '$SEND_ID'")
run_wrk baseline /t/baseline.gif; BASE_RATE=$RATE; BASE_P99=$P99_MS
run_wrk pixel "$OPEN_PATH"; PIXEL_RATE=$RATE; PIXEL_P99=$P99_MS; PIXEL_N=$REQUESTS
run_wrk click "$CLICK_PATH"; CLICK_RATE=$RATE; CLICK_P99=$P99_MS; CLICK_N=$REQUESTS
printf 'wrk, %d connections, %d s each:\n' "$CONNECTIONS" "$SECONDS_EACH"
printf '  baseline GIF      %8.0f req/s  p99 %6.2f ms\n' "$BASE_RATE" "$BASE_P99"
printf '  open pixel        %8.0f req/s  p99 %6.2f ms  %5.1f %% of the baseline (goal >= 50 %%, p99 <= 20 ms)\n' \
  "$PIXEL_RATE" "$PIXEL_P99" "$(echo "100 * $PIXEL_RATE / $BASE_RATE" | bc -l)"
printf '  click redirect    %8.0f req/s  p99 %6.2f ms  %5.1f %% of the baseline (goal >= 50 %%, p99 <= 20 ms)\n' \
  "$CLICK_RATE" "$CLICK_P99" "$(echo "100 * $CLICK_RATE / $BASE_RATE" | bc -l)"

# --- every hit accounted for: events stored against the hits the server answered (from its metrics)
metric() { curl -fsS -b "$JAR" "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v m="$1" '$1 == m {print int($2)}'; }
last=-1
for _ in $(seq 1 120); do
  stored=$(psql_db -c "SELECT COUNT(*) FROM nm_track_event WHERE send_id = '$SEND_ID'")
  queued=$(metric neuromail_tracking_hits_queued || echo "?")
  [ "$stored" = "$last" ] && [ "$queued" = 0 ] && break
  last=$stored
  sleep 2
done
DROPPED=$(metric neuromail_tracking_hits_dropped || echo "?")
# Every hit of the pixel and the click link wrk counted, warm-ups included.
HITS=$(grep -h "requests in" "$WORK"/wrk-pixel.txt "$WORK"/wrk-click.txt "$WORK"/warmup-pixel.txt "$WORK"/warmup-click.txt \
  | awk '{s += $1} END {print s}')
printf 'events stored %d; hits answered (counted by wrk) %d; difference %d (a few more stored than counted: answers\n' \
  "$((stored - STORED_BEFORE))" "$HITS" "$((stored - STORED_BEFORE - HITS))"
printf '  still on their way when wrk stopped counting at the end of each run)\n'
printf 'hits lost to a full queue (neuromail_tracking_hits_dropped): %s (goal 0)\n' "$DROPPED"
