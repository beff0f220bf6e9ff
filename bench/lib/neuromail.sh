# bench/lib/neuromail.sh: shared steps of the benchmarks, sourced by bench/*/run.sh. Unpacks the
# distribution the build made, starts it on loopback, signs up an account and chooses its sender.
# Expects ROOT and WORK; sets HOME_DIR, KARAF_PID, BASE, and defines api().

nm_fail() { echo "$(basename "$(dirname "$0")")/run.sh: $*" >&2; exit 1; }

# Stops a process and everything it started (bin/karaf runs the JVM as its child).
nm_killtree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do nm_killtree "$child"; done
  kill "$1" 2>/dev/null || true
}

# nm_unpack HTTP_PORT [POSTGRESQL_DB]: a fresh distribution under $WORK, HTTP on 127.0.0.1:HTTP_PORT,
# no SSH console, API rate limit lifted; on a fresh PostgreSQL database when one is named.
nm_unpack() {
  local archive
  archive="$(ls "$ROOT"/karaf-distribution/target/neuromail-*.tar.gz 2>/dev/null | head -1)"
  [ -n "$archive" ] || nm_fail "no distribution archive; run mvn -B -ntp verify first"
  tar xzf "$archive" -C "$WORK"
  HOME_DIR="$(ls -d "$WORK"/neuromail-*/ | head -1)"
  HTTP_PORT="$1"
  printf '\norg.osgi.service.http.port = %s\n' "$HTTP_PORT" >>"$HOME_DIR/etc/org.ops4j.pax.web.cfg"
  printf '\nsshPort = 0\n' >>"$HOME_DIR/etc/org.apache.karaf.shell.cfg"
  printf '\nrateLimit.apiRequestsPerMinute = 100000\nsignup.mode = open\n' >>"$HOME_DIR/etc/io.neuromail.identity.cfg"
  # The benchmarks send from bench@example.com: every account may, as if the operator had verified the domain.
  printf '\npreVerifiedDomains = example.com\n' >>"$HOME_DIR/etc/io.neuromail.senderidentities.cfg"
  # The benchmark accounts may use the senders the benchmarks install (the SMTP relay of bench/send).
  printf '\nallowed = *\n' >>"$HOME_DIR/etc/io.neuromail.delivery.senders.cfg"
  if [ -n "${2:-}" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" \
      || nm_fail "PostgreSQL on 127.0.0.1:5432 is needed for a PostgreSQL run"
    printf '\nosgi.jdbc.driver.class = org.postgresql.Driver\nurl = jdbc:postgresql://127.0.0.1:5432/%s\nuser = postgres\n' \
      "$2" >>"$HOME_DIR/etc/org.ops4j.datasource-neuromail.cfg"
  fi
}

# nm_boot_feature NAME: installs a feature of system/ at the first start.
nm_boot_feature() {
  sed -i "s/^featuresBoot = \\\\/featuresBoot = $1, \\\\/" "$HOME_DIR/etc/org.apache.karaf.features.cfg"
}

# nm_start: starts the distribution and waits until it is healthy.
nm_start() {
  (cd "$HOME_DIR" && exec bin/karaf server >"$WORK/karaf.log" 2>&1) &
  KARAF_PID=$!
  BASE="http://127.0.0.1:$HTTP_PORT/api/v1"
  for _ in $(seq 1 180); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  nm_fail "NeuroMail did not start; see $WORK/karaf.log"
}

# nm_signup: a new account (signup.mode = open, see above), logged in; api() then calls the API with
# its session and CSRF token.
nm_signup() {
  local session account
  JAR="$WORK/cookies"
  account="{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"violet-Harbor-compass-81\"}"
  curl -fsS -H 'Content-Type: application/json' -d "$account" "$BASE/auth/signup" >/dev/null
  session=$(curl -fsS -c "$JAR" -H 'Content-Type: application/json' -d "$account" "$BASE/auth/login")
  CSRF=$(echo "$session" | jq -r .csrfToken)
}
api() { curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' "$@"; }

# nm_use_sender NAME: waits for the sender to register and makes it the account's sender.
nm_use_sender() {
  for _ in $(seq 1 60); do
    api "$BASE/delivery/senders" | jq -e --arg s "$1" '.[] | select(.name == $s)' >/dev/null && break
    sleep 1
  done
  api "$BASE/delivery/senders" | jq -e --arg s "$1" '.[] | select(.name == $s)' >/dev/null \
    || nm_fail "the sender $1 is not registered; see $WORK/karaf.log"
  api -X PUT -d "{\"sender\":\"$1\",\"fallback\":false}" "$BASE/delivery/settings" >/dev/null
}

# nm_wait_finished SEND_ID: polls the send every 5 s until it is finished; leaves its last state in
# STATE. The send's finishedAt is exact, so polling more often would only add load: each poll counts
# the send's rows by state.
nm_wait_finished() {
  while true; do
    STATE=$(api "$BASE/sends/$1")
    [ "$(echo "$STATE" | jq -r .state)" = finished ] && return 0
    sleep 5
  done
}

# nm_cpu_seconds PID: CPU time (user + system) a process and its descendants have used so far.
nm_cpu_seconds() {
  local total=0 child ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
  total=$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    total=$(echo "$total + $(nm_cpu_seconds "$child")" | bc -l)
  done
  echo "$total"
}

# nm_start_sink PORT: Postfix's smtp-sink on 127.0.0.1:PORT, accepting everything (the benchmarks
# count on the sender side); sets SINK_PID. A fixed sleep is not enough proof it listens: smtp-source
# or NeuroMail fail loudly when it does not.
nm_start_sink() {
  smtp-sink -u "$(id -un)" 127.0.0.1:"$1" 2000 >"$WORK/sink.log" 2>&1 &
  SINK_PID=$!
  sleep 1
  kill -0 "$SINK_PID" 2>/dev/null || nm_fail "smtp-sink did not start: $(cat "$WORK/sink.log")"
}

# nm_smtp_source MESSAGES SIZE PORT: the reference sender, 20 parallel sessions; sets SOURCE_RATE (msg/s).
nm_smtp_source() {
  local start end
  start=$(date +%s.%N)
  smtp-source -c -s 20 -l "$2" -m "$1" -f bench@example.com -t sink@example.org 127.0.0.1:"$3" >/dev/null
  end=$(date +%s.%N)
  SOURCE_SECONDS=$(echo "$end - $start" | bc -l)
  SOURCE_RATE=$(echo "$1 / $SOURCE_SECONDS" | bc -l)
}

# nm_smtp_bench_sender PORT: the SMTP sender "smtp-bench" of the unpacked distribution, pointed at the
# sink on 127.0.0.1:PORT with its own rate limit lifted; installed at the first start.
nm_smtp_bench_sender() {
  cat >"$HOME_DIR/etc/io.neuromail.sender.smtp-bench.cfg" <<CFG
name = smtp-bench
title = smtp-sink on loopback (bench)
host = 127.0.0.1
port = $1
security = none
maxPerSecond = 100000
connections = 20
CFG
  nm_boot_feature neuromail-sender-smtp
}

# nm_reader_list: the account's details that campaigns need (organisation, postal address), one
# contact (reader@example.org) and a list "Readers" with it; sets CONTACT and LIST.
nm_reader_list() {
  api -X PUT -d '{"organisationName":"Bench Ltd","postalAddress":"1 Loopback Road, Localhost"}' "$BASE/campaigns/settings" >/dev/null
  CONTACT=$(api -d '{"email":"reader@example.org","firstName":"Reader"}' "$BASE/contacts" | jq -r .id)
  LIST=$(api -d '{"name":"Readers"}' "$BASE/lists" | jq -r .id)
  api -d "{\"action\":\"add_to_list\",\"listId\":\"$LIST\",\"contactIds\":[\"$CONTACT\"]}" "$BASE/contacts/bulk" >/dev/null
}

# nm_send_campaign NAME HTML: a tracked campaign from bench@example.com to $LIST, sent and waited for
# until it is sent; sets ID.
nm_send_campaign() {
  local campaign
  campaign=$(api -d "$(jq -n --arg name "$1" '{name: $name}')" "$BASE/campaigns")
  ID=$(echo "$campaign" | jq -r .id)
  jq -n --arg list "$LIST" --arg name "$1" --arg html "$2" --argjson v "$(echo "$campaign" | jq .version)" '{name: $name,
    subject: "Hello", from: "bench@example.com", html: $html, textFromHtml: true, audience: {lists: [$list]},
    version: $v}' >"$WORK/campaign.json"
  api -X PUT -d @"$WORK/campaign.json" "$BASE/campaigns/$ID" >/dev/null
  api -d '{"acknowledgeWarnings":true}' "$BASE/campaigns/$ID/send" >/dev/null
  for _ in $(seq 1 120); do
    [ "$(api "$BASE/campaigns/$ID" | jq -r .status)" = sent ] && return 0
    sleep 1
  done
  nm_fail "the campaign \"$1\" was not sent; see $WORK/karaf.log"
}
