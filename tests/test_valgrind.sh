#!/bin/sh
# test_valgrind.sh - a small train and predict under valgrind: no invalid
# read or write, no use of uninitialised memory, no leak (exit status 1 from
# valgrind fails the test). Skipped, with a message, where valgrind is absent.
#
# usage: test_valgrind.sh BUILD-DIR DATASETS-DIR
set -u
BUILD=$1
DATA=$2
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind not installed: skipped"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/stance-test-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
VG="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect"
failed=0
head -n 12 "$DATA/dev.jsonl" > "$T/train.jsonl"
head -n 3 "$DATA/test.jsonl" > "$T/in.jsonl"
$VG "$BUILD/stance-train" -q -v 3 -c 1 --threads 2 -o "$T/m.model" "$T/train.jsonl" \
    || { echo "FAIL: stance-train under valgrind"; failed=1; }
$VG "$BUILD/stance-predict" -q --threads 2 -m "$T/m.model" "$T/in.jsonl" "$DATA/samples" > "$T/out" \
    || { echo "FAIL: stance-predict under valgrind"; failed=1; }
[ "$(wc -l < "$T/out")" -eq 13 ] || { echo "FAIL: $(wc -l < "$T/out") output lines, want 13"; failed=1; }
$VG "$BUILD/stance-predict" -q -m "$T/m.model" --sentences "Moscou a salué la décision de Paris." > /dev/null \
    || { echo "FAIL: stance-predict --sentences under valgrind"; failed=1; }
if [ "$failed" -eq 0 ]; then echo "3 passed, 0 failed"; else echo "$((3 - failed)) passed, $failed failed"; fi
exit "$failed"
