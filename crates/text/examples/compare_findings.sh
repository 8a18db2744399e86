#!/usr/bin/env bash
# Checks that two builds of the scan path give byte-identical findings.
#
# A change to the scan path that is meant only to be faster must not change
# a single mention, indicator, offset, stance, claimant or boilerplate span
# (the dump holds the spans `detect_boilerplate` gave each chunk). This runs two
# builds of the `scan_profile` example (OLD and NEW) with every list in
# $VIGIL_SHARED/data/sanctions over four texts, each streamed in 1 MiB and
# in 4 KiB chunks, and compares the JSON dumps byte for byte:
#   - the benchmark corpus of bench/textscan.py (2.16 MB, its seeded generator);
#   - the seed article (shared/data/osint/seed_article.txt);
#   - the development set's articles (crates/text/tests/devset/articles.txt);
#   - a mixed corpus: a second benchmark sample, the development set and the
#     seed article shuffled by paragraph with odd pieces (quotes, IMO numbers,
#     CRLF, Korean, Cyrillic, accented names, furniture lines, bios) and
#     varied paragraph breaks.
#
# Usage (from the repository root):
#   cargo build --release -p vigil-text --example scan_profile
#   cp "$CARGO_TARGET_DIR/release/examples/scan_profile" /tmp/scan_profile.old
#   ... change the code, build again ...
#   crates/text/examples/compare_findings.sh /tmp/scan_profile.old \
#       "$CARGO_TARGET_DIR/release/examples/scan_profile"
# Exit status 0 when every dump is identical.
set -euo pipefail

OLD=${1:?usage: compare_findings.sh OLD_SCAN_PROFILE NEW_SCAN_PROFILE}
NEW=${2:?usage: compare_findings.sh OLD_SCAN_PROFILE NEW_SCAN_PROFILE}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SHARED=${VIGIL_SHARED:-$ROOT/../shared}
S=$SHARED/data/sanctions
LISTS=()
for f in un/consolidated_2026-02-27.xml ofac/sdn_2024-05-03.csv \
    ofac/consolidated_non_sdn_2025-12/cons_prim.csv uk/ConList_2018-04-13.csv \
    uk/uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl \
    opensanctions_ftm/yente_t1_eu_fsf_entities.ftm.json; do
    if [ -f "$S/$f" ]; then LISTS+=("$S/$f"); fi
done
if [ ${#LISTS[@]} -eq 0 ]; then
    echo "no lists under $S: nothing to compare" >&2
    exit 2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$SHARED/data/osint/seed_article.txt" "$WORK/seed.txt"
cp "$ROOT/crates/text/tests/devset/articles.txt" "$WORK/devset.txt"
VIGIL_SHARED=$SHARED python3 - "$ROOT" "$WORK" <<'EOF'
import random, sys
root, work = sys.argv[1], sys.argv[2]
sys.argv = ["textscan"]
sys.path.insert(0, f"{root}/bench")
import textscan
textscan.generate(f"{work}/news.txt", int(2.16e6), 1)
textscan.generate(f"{work}/news_b.txt", 600_000, 1)
rng = random.Random(7)
news = open(f"{work}/news_b.txt").read().split("\n\n")
dev = open(f"{work}/devset.txt").read().split("\n\n")
seed = open(f"{work}/seed.txt").read().split("\n\n")
odd = [
    "Skip to content\nShare on Facebook\n\nHome | News | World",
    "The vessel (IMO 9166778) and IMO No. 8604917 and IMO number: 9045156 were seen. \"We deny it,\" "
    "he said. \u201cKim Jong-un\u2019s envoy\u201d met Ri Pyong-chol.",
    "KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID) sold arms. U.S. officials say N. Korea's coal "
    "went via ship-to-ship transfers.\r\n\r\nCRLF paragraph. Al-Qaida's Qa'ida o'neill O\u2019Brien rock'n'roll.",
    "\ubd81\ud55c\uc774 \uc11d\ud0c4\uc744 \uc218\ucd9c\ud588\ub2e4. \uae40\uc815\uc740 \uc704\uc6d0\uc7a5\uc740 "
    "\ubc1d\ud614\ub2e4. \u041a\u0438\u043c \u0427\u0435\u043d \u042b\u043d \u0432\u0441\u0442\u0440\u0435\u0442"
    "\u0438\u043b\u0441\u044f. \u041f\u0445\u0435\u043d\u044c\u044f\u043d \u043e\u0442\u0440\u0438\u0446\u0430"
    "\u0435\u0442 \u043f\u043e\u0441\u0442\u0430\u0432\u043a\u0438 \u043e\u0440\u0443\u0436\u0438\u044f.",
    "S\u00e9rgio \u00d8rsted and M\u00fcller-L\u00fcdenscheidt met at Z\u00fcrich.  Mr. Smith vs. Dr. Jones... "
    "wait!? (Yes.) [Note] {x} <b> a/b \u00abDa. Net.\u00bb \u300cquoted. \u300d\u3002",
    "About the author\nJohn began writing at an early age and in his free time enjoys hiking.\n\n"
    "Related articles\nMore from us",
]
parts = news + dev + seed + odd * 5
rng.shuffle(parts)
breaks = ["\n\n", "\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]
open(f"{work}/mixed.txt", "w").write("".join(p + rng.choice(breaks) for p in parts))
EOF

same=1
for text in news seed devset mixed; do
    for chunk in 1048576 4096; do
        for build in old new; do
            bin=$OLD
            if [ $build = new ]; then bin=$NEW; fi
            CHUNK=$chunk DUMP="$WORK/$build.json" "$bin" "$WORK/$text.txt" 1 "${LISTS[@]}" >/dev/null 2>&1
        done
        if cmp -s "$WORK/old.json" "$WORK/new.json"; then
            echo "same      $text ($chunk-byte chunks)"
        else
            echo "DIFFERENT $text ($chunk-byte chunks)"
            same=0
        fi
    done
done
[ $same = 1 ]
