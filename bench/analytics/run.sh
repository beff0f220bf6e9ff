#!/usr/bin/env bash
# bench/analytics/run.sh: a campaign report and the start page's figures for an account with 10,000,000
# opens and clicks, 1,000,000 contacts and a campaign of 1,000,000 messages, on PostgreSQL.
#
#   bench/analytics/run.sh [events]   (default 10000000; run from the repository root after `mvn verify`)
#
# It starts one NeuroMail on a fresh PostgreSQL database, signs up, sends five small real campaigns
# through the outbox (so every table has NeuroMail's own rows), then grows the first campaign with
# SQL to 1,000,000 messages and the given number of opens and clicks on them, and the account to
# 1,000,000 contacts, with the counters that NeuroMail keeps as events arrive brought up to date the
# same way (an aggregate over the generated rows). It then times, 30 times each after a warm-up:
#   - the baseline: GET /api/v1/health (the API's plumbing: session, routing, JSON; no query);
#   - the campaign report: GET /api/v1/campaigns/<id>/report (goal <= 200 ms);
#   - the start page: its five API calls at once, as the browser makes them (goal <= 200 ms);
#   - the campaign by email domain: GET /api/v1/campaigns/<id>/report/domains (loaded after the report);
#   - segment counts over the 1,000,000 contacts (POST /api/v1/segments/count, goal <= 500 ms): a
#     condition on the contact's own fields, "opened the big campaign", and "was sent it and opened
#     nothing in the last 30 days" (message g of the big campaign went to contact g);
# and prints the median and the 95th percentile of each, and their ratio to the baseline.
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, no password), psql, curl, jq.
set -euo pipefail

EVENTS="${1:-10000000}"
MESSAGES=1000000
CONTACTS=1000000
RUNS=30
HTTP_PORT="${BENCH_HTTP_PORT:-18393}"
PG_DB="${BENCH_POSTGRESQL_DB:-nm_bench_analytics}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/analytics"
source "$ROOT/bench/lib/neuromail.sh"

for tool in curl jq psql; do
  command -v "$tool" >/dev/null 2>&1 || nm_fail "$tool is missing (Debian: apt-get install postgresql-client curl jq)"
done
psql_db() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -qAtX -v ON_ERROR_STOP=1 "$@"; }

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() { [ -n "${KARAF_PID:-}" ] && nm_killtree "$KARAF_PID"; }
trap cleanup EXIT

nm_unpack "$HTTP_PORT" "$PG_DB"
nm_start
nm_signup

# --- five small campaigns, sent for real to one contact
nm_reader_list
IDS=()
for n in 1 2 3 4 5; do
  nm_send_campaign "Bench $n" '<p>Hello {{ first_name }}</p><p><a href="https://shop.example/a">A</a> <a href="https://shop.example/b">B</a></p>'
  IDS+=("$ID")
done
BIG="${IDS[0]}"
ACCOUNT=$(psql_db -c "SELECT account_id FROM nm_campaign WHERE id = '$BIG'")
SEND=$(psql_db -c "SELECT send_id FROM nm_campaign WHERE id = '$BIG'")
# The first campaign went out five days ago: its timeline has 48 hours and then days.
psql_db -c "UPDATE nm_campaign SET started_at = started_at - INTERVAL '5 days', sent_at = sent_at - INTERVAL '5 days' WHERE id = '$BIG'"
START=$(psql_db -c "SELECT EXTRACT(EPOCH FROM started_at)::BIGINT FROM nm_campaign WHERE id = '$BIG'")

echo "generating $MESSAGES messages, $EVENTS opens and clicks and $CONTACTS contacts (a few minutes)..."
T0=$(date +%s)
psql_db <<SQL
-- Messages of the big campaign: ids are derived from the number, so events can name them. Their
-- domains: five large mailbox providers take two thirds, 20,000 small domains the rest.
INSERT INTO nm_delivery (id, account_id, send_id, contact_id, recipient, state, attempts, next_attempt_at, created_at,
                         updated_at)
SELECT md5('m' || g)::uuid::text, '$ACCOUNT', '$SEND', md5('c' || g)::uuid::text, 'r' || g || '@' || CASE WHEN g % 3 = 0 THEN 'd' || (g % 20000) || '.example'
       ELSE (ARRAY['gmail.com', 'outlook.com', 'yahoo.com', 'web.de', 'icloud.com'])[1 + g % 5] END, 'sent', 1, 0,
       ($START::BIGINT * 1000), ($START::BIGINT * 1000) + g
FROM generate_series(1, $MESSAGES) g;
UPDATE nm_delivery_send SET total = total + $MESSAGES WHERE id = '$SEND';

-- Opens (4 in 5) and clicks (1 in 5) on 60 % of the messages, over 30 days from the start; 1 in 10 by a machine.
INSERT INTO nm_track_event (id, account_id, send_id, delivery_id, contact_id, kind, link, at, ip, user_agent, machine, proxied)
SELECT md5('e' || g)::uuid::text, '$ACCOUNT', '$SEND', md5('m' || (1 + g % ($MESSAGES * 6 / 10)))::uuid::text, NULL,
       CASE WHEN g % 5 = 0 THEN 'click' ELSE 'open' END, CASE WHEN g % 5 = 0 THEN 1 + g % 2 ELSE 0 END,
       to_timestamp($START + 60 + (g::BIGINT * 7919) % (30 * 24 * 3600)), '198.51.100.0', 'bench',
       CASE WHEN g % 10 = 3 THEN 'apple-mpp' END, false
FROM generate_series(1, $EVENTS) g;

-- The counters, as the tracking bundle keeps them with every stored batch.
INSERT INTO nm_track_recipient (account_id, delivery_id, send_id, contact_id, first_open, first_click, first_human_open,
                                first_human_click, human, domain)
SELECT e.account_id, e.delivery_id, e.send_id, d.contact_id, e.first_open, e.first_click, e.first_human_open, e.first_human_click,
       e.human, SUBSTR(d.recipient, STRPOS(d.recipient, '@') + 1)
FROM (SELECT account_id, delivery_id, send_id, MIN(at) first_open, MIN(at) FILTER (WHERE kind = 'click') first_click,
             MIN(at) FILTER (WHERE machine IS NULL) first_human_open,
             MIN(at) FILTER (WHERE kind = 'click' AND machine IS NULL) first_human_click, BOOL_OR(machine IS NULL) human
      FROM nm_track_event WHERE account_id = '$ACCOUNT' AND send_id = '$SEND' GROUP BY account_id, delivery_id, send_id) e
JOIN nm_delivery d ON d.id = e.delivery_id
ON CONFLICT DO NOTHING;
DELETE FROM nm_track_domain WHERE account_id = '$ACCOUNT' AND send_id = '$SEND';
INSERT INTO nm_track_domain (account_id, send_id, domain, unique_human_opens, unique_human_clicks)
SELECT account_id, send_id, domain, COUNT(first_human_open), COUNT(first_human_click)
FROM nm_track_recipient WHERE account_id = '$ACCOUNT' AND send_id = '$SEND' AND first_human_open IS NOT NULL
GROUP BY account_id, send_id, domain;
DELETE FROM nm_track_send WHERE account_id = '$ACCOUNT' AND send_id = '$SEND';
INSERT INTO nm_track_send (account_id, send_id, opens, unique_opens, human_opens, unique_human_opens, machine_opens,
                           clicks, unique_clicks, human_clicks, unique_human_clicks, machine_clicks, unsubscribes)
SELECT '$ACCOUNT', '$SEND', e.opens, r.u_open, e.h_opens, r.u_h_open, e.m_opens, e.clicks, r.u_click, e.h_clicks, r.u_h_click,
       e.m_clicks, 0
FROM (SELECT COUNT(*) FILTER (WHERE kind = 'open') opens, COUNT(*) FILTER (WHERE kind = 'open' AND machine IS NULL) h_opens,
             COUNT(*) FILTER (WHERE kind = 'open' AND machine IS NOT NULL) m_opens, COUNT(*) FILTER (WHERE kind = 'click') clicks,
             COUNT(*) FILTER (WHERE kind = 'click' AND machine IS NULL) h_clicks,
             COUNT(*) FILTER (WHERE kind = 'click' AND machine IS NOT NULL) m_clicks
      FROM nm_track_event WHERE account_id = '$ACCOUNT' AND send_id = '$SEND') e,
     (SELECT COUNT(first_open) u_open, COUNT(first_human_open) u_h_open, COUNT(first_click) u_click,
             COUNT(first_human_click) u_h_click
      FROM nm_track_recipient WHERE account_id = '$ACCOUNT' AND send_id = '$SEND') r;
DELETE FROM nm_track_link WHERE account_id = '$ACCOUNT' AND send_id = '$SEND';
INSERT INTO nm_track_link (account_id, send_id, link, clicks, unique_clicks, human_clicks)
SELECT account_id, send_id, link, COUNT(*), COUNT(DISTINCT delivery_id), COUNT(*) FILTER (WHERE machine IS NULL)
FROM nm_track_event WHERE account_id = '$ACCOUNT' AND send_id = '$SEND' AND kind = 'click' GROUP BY account_id, send_id, link;
DELETE FROM nm_track_hour WHERE account_id = '$ACCOUNT' AND send_id = '$SEND';
INSERT INTO nm_track_hour (account_id, send_id, at_hour, human_opens, unique_human_opens, machine_opens, human_clicks,
                           unique_human_clicks, machine_clicks, unsubscribes)
SELECT account_id, send_id, h, SUM(ho), SUM(uho), SUM(mo), SUM(hc), SUM(uhc), SUM(mc), 0 FROM (
  SELECT account_id, send_id, DATE_TRUNC('hour', at) AS h,
         CASE WHEN kind = 'open' AND machine IS NULL THEN 1 ELSE 0 END AS ho, 0 AS uho,
         CASE WHEN kind = 'open' AND machine IS NOT NULL THEN 1 ELSE 0 END AS mo,
         CASE WHEN kind = 'click' AND machine IS NULL THEN 1 ELSE 0 END AS hc, 0 AS uhc,
         CASE WHEN kind = 'click' AND machine IS NOT NULL THEN 1 ELSE 0 END AS mc
  FROM nm_track_event WHERE account_id = '$ACCOUNT' AND send_id = '$SEND'
  UNION ALL SELECT account_id, send_id, DATE_TRUNC('hour', first_human_open), 0, 1, 0, 0, 0, 0
  FROM nm_track_recipient WHERE account_id = '$ACCOUNT' AND send_id = '$SEND' AND first_human_open IS NOT NULL
  UNION ALL SELECT account_id, send_id, DATE_TRUNC('hour', first_human_click), 0, 0, 0, 0, 1, 0
  FROM nm_track_recipient WHERE account_id = '$ACCOUNT' AND send_id = '$SEND' AND first_human_click IS NOT NULL
) x GROUP BY account_id, send_id, h;

-- Contacts: 1 in 20 unsubscribed, added over the last 90 days, and the audience's daily counters.
INSERT INTO nm_contact (id, account_id, email, status, created_at, updated_at)
SELECT md5('c' || g)::uuid::text, '$ACCOUNT', 'c' || g || '@example.org',
       CASE WHEN g % 20 = 0 THEN 'unsubscribed' ELSE 'subscribed' END, now() - (g % 90) * INTERVAL '1 day', now()
FROM generate_series(1, $CONTACTS) g;
INSERT INTO nm_audience_day (account_id, on_day, added, subscribed, unsubscribed, bounced, complained)
SELECT '$ACCOUNT', d, n, 0, n / 20, 0, 0 FROM (
  SELECT CAST(created_at AS DATE) d, COUNT(*) n FROM nm_contact WHERE account_id = '$ACCOUNT' AND email LIKE 'c%@example.org'
  GROUP BY CAST(created_at AS DATE)) days
ON CONFLICT (account_id, on_day) DO UPDATE SET added = nm_audience_day.added + EXCLUDED.added,
  unsubscribed = nm_audience_day.unsubscribed + EXCLUDED.unsubscribed;
SQL
psql_db -c "VACUUM ANALYZE"
echo "generated in $(( $(date +%s) - T0 )) s: $(psql_db -c "SELECT COUNT(*) FROM nm_track_event WHERE account_id = '$ACCOUNT'") events," \
  "$(psql_db -c "SELECT COUNT(*) FROM nm_delivery WHERE send_id = '$SEND'") messages in the big campaign," \
  "$(psql_db -c "SELECT COUNT(*) FROM nm_contact WHERE account_id = '$ACCOUNT'") contacts"

# --- timing: RUNS times each after 5 warm-up runs; milliseconds, wall clock as the client sees them
ms() { curl -fsS -o /dev/null -b "$JAR" -w '%{time_total}\n' "$@" | awk '{printf "%.2f\n", $1 * 1000}'; }
DASHBOARD=(/campaigns?sort=updated\&size=5 /campaigns?status=scheduled\&sort=scheduled\&size=1 /sender-identities
  /analytics/audience?days=90 /analytics/campaigns?size=5)
dashboard_ms() {  # the start page's calls at once, as the browser makes them
  local args=() t0 t1 p
  for p in "${DASHBOARD[@]}"; do args+=(-o /dev/null "$BASE$p"); done
  t0=$(date +%s%N)
  curl -fsS -Z --no-progress-meter -b "$JAR" "${args[@]}"
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", (b - a) / 1e6}'
}
series() {  # series NAME COMMAND...: warm-up, then RUNS timings into $WORK/NAME.txt
  local name=$1; shift
  for _ in 1 2 3 4 5; do "$@" >/dev/null; done
  : >"$WORK/$name.txt"
  for _ in $(seq 1 "$RUNS"); do "$@" >>"$WORK/$name.txt"; done
}
stat() {  # stat NAME -> "median p95"
  sort -n "$WORK/$1.txt" | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    p = v[int(NR * 0.95 + 0.999)]; printf "%.1f %.1f\n", m, p}'
}
api "$BASE/campaigns/$BIG/report" | jq '{sent: .delivery.sent, opened: .opens.uniqueHuman, clicked: .clicks.uniqueHuman,
  openRate: .rates.open, hours: (.timeline.hours | length), days: (.timeline.days | length)}' >"$WORK/report.json"
for p in "${DASHBOARD[@]}"; do  # each call of the start page alone, for the record
  for _ in 1 2 3; do ms "$BASE$p" >/dev/null; done
  printf '%s %s\n' "$p" "$(for _ in 1 2 3 4 5; do ms "$BASE$p"; done | sort -n | sed -n 3p)" >>"$WORK/calls.txt"
done
series health ms "$BASE/health"
series report ms "$BASE/campaigns/$BIG/report"
series dashboard dashboard_ms
M_FIRST=$(ms "$BASE/campaigns/$BIG/report/domains")  # the first read counts the send's messages; then a minute's cache
series domains ms "$BASE/campaigns/$BIG/report/domains"
count_ms() {  # count_ms FILTER: the segment count's wall clock as the client sees it
  curl -fsS -o /dev/null -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -w '%{time_total}\n' \
    -d "{\"filter\": $1}" "$BASE/segments/count" | awk '{printf "%.2f\n", $1 * 1000}'
}
OWN='{"match":"all","conditions":[{"field":"status","op":"is","value":"subscribed"},{"field":"created_at","op":"after","value":"'"$(date -u -d '30 days ago' +%F)"'"}]}'
OPENED='{"field":"activity","op":"opened","campaign":"'"$BIG"'"}'
LAPSED='{"match":"all","conditions":[{"field":"activity","op":"was_sent","campaign":"'"$BIG"'"},{"field":"activity","op":"not_opened","days":30}]}'
for f in OWN OPENED LAPSED; do
  printf '%s %s\n' "$f" "$(api -d "{\"filter\": ${!f}}" "$BASE/segments/count" | jq -c .count)" >>"$WORK/segment-counts.txt"
done
series seg_own count_ms "$OWN"
series seg_opened count_ms "$OPENED"
series seg_lapsed count_ms "$LAPSED"
read -r H_MED H_P95 <<<"$(stat health)"
read -r M_MED M_P95 <<<"$(stat domains)"
read -r R_MED R_P95 <<<"$(stat report)"
read -r D_MED D_P95 <<<"$(stat dashboard)"
read -r S1_MED S1_P95 <<<"$(stat seg_own)"
read -r S2_MED S2_P95 <<<"$(stat seg_opened)"
read -r S3_MED S3_P95 <<<"$(stat seg_lapsed)"
printf 'account: %s events, %s messages in one campaign, %s contacts (PostgreSQL)\n' "$EVENTS" "$MESSAGES" "$CONTACTS"
printf 'report of the big campaign: %s\n' "$(jq -c . "$WORK/report.json")"
printf 'start page calls one at a time (median of 5, ms):\n'; sed 's/^/  /' "$WORK/calls.txt"
printf '%-44s %9s %9s %8s\n' "" "median" "p95" "ratio"
printf '%-44s %7.1f ms %7.1f ms %8s\n' "baseline: GET /api/v1/health" "$H_MED" "$H_P95" "1.0"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (goal <= 200 ms)\n' "campaign report" "$R_MED" "$R_P95" \
  "$(echo "$R_MED / $H_MED" | bc -l)"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (goal <= 200 ms)\n' "start page (5 calls at once)" "$D_MED" "$D_P95" \
  "$(echo "$D_MED / $H_MED" | bc -l)"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (first read: %.1f ms)\n' "campaign by email domain" "$M_MED" "$M_P95" \
  "$(echo "$M_MED / $H_MED" | bc -l)" "$M_FIRST"
printf 'segment counts over %s contacts: %s\n' "$CONTACTS" "$(tr '\n' ' ' <"$WORK/segment-counts.txt")"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (goal <= 500 ms)\n' "segment: subscribed, added in 30 days" "$S1_MED" "$S1_P95" \
  "$(echo "$S1_MED / $H_MED" | bc -l)"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (goal <= 500 ms)\n' "segment: opened the big campaign" "$S2_MED" "$S2_P95" \
  "$(echo "$S2_MED / $H_MED" | bc -l)"
printf '%-44s %7.1f ms %7.1f ms %7.1fx  (goal <= 500 ms)\n' "segment: sent it, opened nothing in 30 days" "$S3_MED" \
  "$S3_P95" "$(echo "$S3_MED / $H_MED" | bc -l)"
