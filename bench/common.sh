# Shared by the bench scripts: build, and a wire-style corpus of at least
# $BENCH_MB megabytes of JSON Lines (default 36, about 21 MB of article text),
# made by repeating our articles with new ids.
set -eu
cd "$(dirname "$0")/.."
scripts/bootstrap >/dev/null 2>&1 || scripts/bootstrap
BUILD=${BUILD_DIR:-build}
BENCH_MB=${BENCH_MB:-36}
CORPUS=$BUILD/bench-corpus.jsonl
if [ ! -s "$CORPUS" ] || [ "$(stat -c %s "$CORPUS")" -lt $((BENCH_MB * 1000000)) ]; then
  : > "$CORPUS"
  i=0
  while [ "$(stat -c %s "$CORPUS")" -lt $((BENCH_MB * 1000000)) ]; do
    i=$((i + 1))
    # Articles as a user would give them: id, lang, date and text, no labels.
    sed -e "s/^{\"id\": \"/{\"id\": \"r$i-/" -e 's/, "quotes": \[.*\]}$/}/' \
      datasets/train.jsonl datasets/dev.jsonl datasets/test.jsonl >> "$CORPUS"
  done
fi
