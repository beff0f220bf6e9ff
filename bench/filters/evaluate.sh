#!/usr/bin/env bash
# NeuroMail's built-in content filters and SpamAssassin side by side on the SpamAssassin public corpus:
# fetches the corpus (corpora/fetch.sh), asks spamd about every message (spamc; spamd started with
# --local by itests/src/test/scripts/services.sh, its answers kept in corpora/target/ per SpamAssassin
# version), then runs PublicCorpusBenchTest of the filters bundle, which checks every message with the
# built-in filters as shipped and prints, per class and separately for the even-numbered (tuning) and
# odd-numbered (acceptance) files, flagged and blocked rates, precision and recall, false WARN and
# false BLOCK rates. Usage: bench/filters/evaluate.sh [-o for offline] [--no-spamd]
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
mvn_args=()
use_spamd=1
for a in "$@"; do
  case "$a" in
    --no-spamd) use_spamd=0 ;;
    *) mvn_args+=("$a") ;;
  esac
done
bench/filters/corpora/fetch.sh
corpus="$root/bench/filters/corpora/target/spamassassin"
answers=""
if [[ $use_spamd == 1 ]]; then
  itests/src/test/scripts/services.sh spamd
  port="${NEUROMAIL_SPAMD_PORT:-17830}"
  version=$(spamd --version | head -1 | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)
  answers="$root/bench/filters/corpora/target/spamd-$version.tsv"
  total=$(find "$corpus" -name '*.eml' | wc -l)
  if [[ ! -f "$answers" ]] || [[ $(wc -l < "$answers") -ne $total ]]; then
    echo "asking spamd $version on 127.0.0.1:$port about $total messages (kept in $answers)"
    # spamc -c prints <score>/<threshold> and exits 1 for spam; -x: an error is an error, not "0/0".
    find "$corpus" -name '*.eml' | sort | xargs -P 2 -I{} bash -c \
      'r=$(spamc -d 127.0.0.1 -p "$2" -x -s 10000000 -c < "$1") || [[ $? == 1 ]]; printf "%s\t%s\n" "${1#"$3"/}" "$r"' \
      _ {} "$port" "$corpus" > "$answers.part"
    sort "$answers.part" > "$answers"
    rm -f "$answers.part"
  fi
fi
if ! out=$(mvn -B -ntp -q "${mvn_args[@]}" -pl bundles/filters -am test \
    -Dtest=PublicCorpusBenchTest,CorpusBenchTest -Dbench.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.corpus="$corpus" -Dbench.spamd="$answers" -Dbench.verbose="${BENCH_VERBOSE:-false}" \
    -Dstyle.color=never -Dsurefire.useFile=false 2>&1); then
  echo "$out" | tail -80
  exit 1
fi
echo "$out" | grep -E '^(==|tuning|settings|class|spam|easy ham|hard ham|NeuroMail|SpamAssassin|reader|  refused|ham BLOCKed|  blocked|rule:|  [a-z]+\.|FLAGGED|50 KB|goal|label|ham|phishing|adult|BLOCK|WARN|time)'
