#!/usr/bin/env bash
# Start-up benchmark: how long the distribution takes from `bin/karaf server` to the first 200 from
# /api/v1/health, after a fresh unpack (empty data/, Karaf resolves and installs every feature) and
# on a restart (data/ kept). Median of N runs each, interleaved with the same runs of a baseline
# archive (e.g. the previous release) so that both see the same machine load.
#
#   bench/startup/run.sh [runs]              (default 5; needs a built distribution:
#                                             mvn -B -ntp verify -DskipTests)
#   BENCH_BASELINE=/path/to/neuromail-x.tar.gz bench/startup/run.sh 5
#   BENCH_ARCHIVE=/path/to/other.tar.gz ...  (measures that archive instead of the one the build made)
#
# Without BENCH_BASELINE the baseline is bare Karaf from the same archive: featuresBoot without
# NeuroMail (the shell, SCR and the Pax Web HTTP service only), timed to its first HTTP answer.
# Prints the medians, the ratios (NeuroMail / baseline) and the machine's load (uptime) before and after.
# HTTP port: BENCH_HTTP_PORT (18190); HTTPS stays off, its port is set to BENCH_HTTPS_PORT (18191).
set -euo pipefail

RUNS="${1:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${BENCH_WORK:-$ROOT/bench/target/startup}"
HTTP_PORT="${BENCH_HTTP_PORT:-18190}"
HTTPS_PORT="${BENCH_HTTPS_PORT:-18191}"
TIMEOUT="${BENCH_TIMEOUT:-300}"
source "$ROOT/bench/lib/neuromail.sh"

archive="${BENCH_ARCHIVE:-$(ls "$ROOT"/karaf-distribution/target/neuromail-*.tar.gz 2>/dev/null | head -1 || true)}"
[ -n "$archive" ] || nm_fail "no distribution archive; run mvn -B -ntp verify -DskipTests first"
baseline="${BENCH_BASELINE:-}"
[ -z "$baseline" ] || [ -f "$baseline" ] || nm_fail "BENCH_BASELINE: no such file $baseline"
command -v curl >/dev/null || nm_fail "curl is needed"
if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then nm_fail "port $HTTP_PORT is taken"; fi

rm -rf "$WORK" && mkdir -p "$WORK"
PID=""
cleanup() { [ -z "$PID" ] || nm_killtree "$PID"; }
trap cleanup EXIT

now() { date +%s.%N; }

# unpack ARCHIVE DIR [bare]: a fresh copy under $WORK/DIR on the bench ports; "bare": no NeuroMail.
unpack() {
  local dir="$WORK/$2" home
  mkdir -p "$dir"
  tar xzf "$1" -C "$dir"
  home="$(ls -d "$dir"/*/ | head -1)"
  printf '\norg.osgi.service.http.port = %s\norg.osgi.service.http.port.secure = %s\n' "$HTTP_PORT" "$HTTPS_PORT" \
    >>"$home/etc/org.ops4j.pax.web.cfg"
  printf '\nsshPort = 0\n' >>"$home/etc/org.apache.karaf.shell.cfg"
  if [ "${3:-}" = bare ]; then
    # featuresBoot ends with NeuroMail's feature: Karaf's own features and the HTTP service instead.
    sed -i 's#^\( *\)neuromail/[^ ,]*#\1http#' "$home/etc/org.apache.karaf.features.cfg"
    grep -q '^ *http$' "$home/etc/org.apache.karaf.features.cfg" || nm_fail "could not take NeuroMail out of featuresBoot in $home"
  fi
  echo "$home"
}

# start HOME URL CODE: starts HOME; T = the seconds until URL answers with CODE (any code: "any"),
# C = the CPU seconds its processes used until then (less sensitive to other load than T).
start() {
  local t0 code
  t0=$(now)
  (cd "$1" && exec bin/karaf server >>"$1/console.log" 2>&1) &
  PID=$!
  while true; do
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$2" || true)
    if [ "$3" = any ] && [ "$code" != 000 ]; then break; fi
    [ "$code" = "$3" ] && break
    kill -0 "$PID" 2>/dev/null || nm_fail "$1 exited; see $1/console.log and $1/data/log/karaf.log"
    if [ "$(echo "$(now) - $t0 > $TIMEOUT" | bc)" = 1 ]; then nm_fail "$1 did not answer $3 in $TIMEOUT s"; fi
    sleep 0.05
  done
  T=$(echo "$(now) - $t0" | bc -l)
  C=$(nm_cpu_seconds "$PID")
}

# stop: stops the running copy (SIGTERM to the launcher and the JVM: Karaf shuts down cleanly) and
# waits until its port is free.
stop() {
  nm_killtree "$PID"
  for _ in $(seq 1 600); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  while pgrep -f "karaf.home=$1" >/dev/null 2>&1; do sleep 0.1; done
  PID=""
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME ARCHIVE URL CODE [bare]: one fresh start and one restart; appends to $WORK/NAME.{fresh,restart}.
measure() {
  local home
  home="$(unpack "$2" "$1-$i" "${5:-}")"
  start "$home" "$3" "$4"; echo "$T" >>"$WORK/$1.fresh"; echo "$C" >>"$WORK/$1.fresh.cpu"; stop "${home%/}"
  start "$home" "$3" "$4"; echo "$T" >>"$WORK/$1.restart"; echo "$C" >>"$WORK/$1.restart.cpu"; stop "${home%/}"
  printf '  %-10s run %d: fresh %6.2f s (CPU %6.2f s), restart %6.2f s (CPU %6.2f s)\n' "$1" "$i" \
    "$(tail -1 "$WORK/$1.fresh")" "$(tail -1 "$WORK/$1.fresh.cpu")" "$T" "$C"
}

HEALTH="http://127.0.0.1:$HTTP_PORT/api/v1/health"
echo "load before: $(uptime)"
echo "NeuroMail: $archive"
if [ -n "$baseline" ]; then echo "baseline:  $baseline"; else echo "baseline:  bare Karaf (featuresBoot without NeuroMail) from the same archive"; fi
for i in $(seq 1 "$RUNS"); do
  measure neuromail "$archive" "$HEALTH" 200
  if [ -n "$baseline" ]; then
    measure baseline "$baseline" "$HEALTH" 200
  else
    measure baseline "$archive" "http://127.0.0.1:$HTTP_PORT/" any bare
  fi
done
echo "load after:  $(uptime)"

nf=$(median <"$WORK/neuromail.fresh"); nr=$(median <"$WORK/neuromail.restart")
bf=$(median <"$WORK/baseline.fresh"); br=$(median <"$WORK/baseline.restart")
printf '\nmedian of %d      fresh unpack   restart\n' "$RUNS"
printf 'NeuroMail        %8.2f s    %6.2f s\n' "$nf" "$nr"
printf 'baseline         %8.2f s    %6.2f s\n' "$bf" "$br"
printf 'ratio            %8.2f      %6.2f    (NeuroMail / baseline)\n' "$(echo "$nf / $bf" | bc -l)" "$(echo "$nr / $br" | bc -l)"
nfc=$(median <"$WORK/neuromail.fresh.cpu"); nrc=$(median <"$WORK/neuromail.restart.cpu")
bfc=$(median <"$WORK/baseline.fresh.cpu"); brc=$(median <"$WORK/baseline.restart.cpu")
printf 'CPU NeuroMail    %8.2f s    %6.2f s\n' "$nfc" "$nrc"
printf 'CPU baseline     %8.2f s    %6.2f s\n' "$bfc" "$brc"
printf 'goal             %8s      %6s\n' "<= 10 s" "<= 6 s"
