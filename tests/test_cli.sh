#!/bin/sh
# test_cli.sh - stance-features from the shell: exit codes (0 ok, 1 bad
# record or data file, 2 usage), golden stdout on tiny fixtures, and the
# first line of stderr.
#
# usage: test_cli.sh STANCE-FEATURES DATASETS-DIR [GAZETTEER EXAMPLES-DIR]
#
# Runs from DATASETS-DIR so that the ids (paths as given) in the golden
# files read fixtures/...; the gazetteer is the fixture one, so the output
# does not depend on datasets/aliases.tsv. The build's gazetteer, when it
# has been compiled, is only checked on the SPEC's example article.
set -u
SF=$1
BUILD_GAZ=${3:-}
EXAMPLES=${4:-}
cd "$2" || exit 1
GAZ=fixtures/gazetteer.tsv
OUT=$(mktemp -d "${TMPDIR:-/tmp}/stance-test-cli.XXXXXX") || exit 1
trap 'rm -rf "$OUT"' EXIT
failed=0
n=0

fail() {
    echo "FAIL $n: $*"
    failed=$((failed + 1))
}

# run WANT_RC ARGS...: runs stance-features, stdout to $OUT/out, stderr to
# $OUT/err, and checks the exit code.
run() {
    want=$1
    shift
    n=$((n + 1))
    "$SF" "$@" >"$OUT/out" 2>"$OUT/err" </dev/null
    rc=$?
    [ "$rc" -eq "$want" ] || fail "stance-features $*: exit $rc, want $want"
}

first_err() {
    [ "$(head -n 1 "$OUT/err")" = "$1" ] ||
        fail "first stderr line '$(head -n 1 "$OUT/err")', want '$1'"
}

first_err_like() {
    head -n 1 "$OUT/err" | grep -Eq -- "$1" ||
        fail "first stderr line '$(head -n 1 "$OUT/err")' does not match '$1'"
}

no_err() {
    [ ! -s "$OUT/err" ] || fail "unexpected stderr: $(head -n 1 "$OUT/err")"
}

no_out() {
    [ ! -s "$OUT/out" ] || fail "unexpected stdout: $(head -n 1 "$OUT/out")"
}

golden() {
    cmp -s "$OUT/out" "$1" || {
        fail "stdout differs from $1"
        diff "$1" "$OUT/out" | head -n 20
    }
}

line_count() {
    got=$(wc -l <"$OUT/out" | tr -d ' ')
    [ "$got" -eq "$1" ] || fail "$got stdout lines, want $1"
}

# Usage: -h and --help print it on stdout and exit 0.
for h in -h --help; do
    run 0 "$h"
    head -n 1 "$OUT/out" | grep -q '^usage: stance-features ' ||
        fail "$h: first stdout line '$(head -n 1 "$OUT/out")'"
    no_err
done

# Usage errors: exit 2, nothing on stdout, a message that starts with the
# program's name (not its path), then the hint.
run 2 --bogus
no_out
first_err_like "^stance-features: .*'?--bogus'?"
[ "$(sed -n 2p "$OUT/err")" = "stance-features: try 'stance-features -h' for help" ] ||
    fail "second stderr line '$(sed -n 2p "$OUT/err")'"

run 2 -x
first_err_like "^stance-features: .*'?-?x'?"

run 2 --quotes --gazetteer
first_err_like "^stance-features: .*gazetteer"

run 2 --quotes --explain "La France"
no_out
first_err "stance-features: --quotes and --explain do not go together"

# Golden stdout: the invented French article (date token, « », a nested
# quote, a quote over two paragraphs, an unclosed quote).
run 0 --quotes --gazetteer "$GAZ" fixtures/article-fr.txt
golden fixtures/article-fr.quotes.jsonl
no_err

# JSON Lines with bad lines: each gets its error record in place, exit 1.
run 1 --quotes --gazetteer "$GAZ" fixtures/records.jsonl
golden fixtures/records.quotes.jsonl
no_err

# --strict stops at the first bad record.
run 1 --quotes --strict --gazetteer "$GAZ" fixtures/records.jsonl fixtures/article-fr.txt
line_count 2

# Standard input is JSON Lines.
n=$((n + 1))
"$SF" --quotes --gazetteer "$GAZ" <fixtures/records.jsonl >"$OUT/out" 2>"$OUT/err"
rc=$?
[ "$rc" -eq 1 ] || fail "stdin: exit $rc, want 1"
line_count 4
[ "$(sed -n 2p "$OUT/out")" = '{"id":"<stdin>:3","error":"<stdin>:3: not valid JSON"}' ] ||
    fail "stdin: second line '$(sed -n 2p "$OUT/out")'"

# Unreadable articles keep their line, in input order.
run 1 --quotes --gazetteer "$GAZ" fixtures/invalid-utf8.txt fixtures/no-such.txt \
    fixtures/nul.txt fixtures/empty.txt
line_count 4
first_err "stance-features: cannot open 'fixtures/no-such.txt': No such file or directory"
sed -n 1p "$OUT/out" | grep -q '^{"id":"fixtures/invalid-utf8.txt","error":".*byte 10.*"}$' ||
    fail "invalid UTF-8 record: $(sed -n 1p "$OUT/out")"
[ "$(sed -n 2p "$OUT/out")" = '{"id":"fixtures/no-such.txt","error":"cannot open '"'"'fixtures/no-such.txt'"'"': No such file or directory"}' ] ||
    fail "missing file record: $(sed -n 2p "$OUT/out")"
sed -n 3p "$OUT/out" | grep -q '^{"id":"fixtures/nul.txt","error":".*17.*"}$' ||
    fail "NUL record: $(sed -n 3p "$OUT/out")"
[ "$(sed -n 4p "$OUT/out")" = '{"id":"fixtures/empty.txt","date":null,"quotes":[]}' ] ||
    fail "empty file record: $(sed -n 4p "$OUT/out")"

# A bad data file stops the run before any output: exit 1.
run 1 --quotes --gazetteer fixtures/gazetteer-bad.tsv fixtures/article-fr.txt
no_out
first_err "stance-features: fixtures/gazetteer-bad.tsv:3: malformed input"

run 1 --quotes --gazetteer fixtures/no-such.tsv fixtures/article-fr.txt
no_out
first_err "stance-features: cannot load 'fixtures/no-such.tsv': No such file or directory"

run 1 --quotes --gazetteer "$GAZ" --data /nonexistent fixtures/article-fr.txt
no_out
first_err "stance-features: cannot load '/nonexistent/attribution.tsv': No such file or directory"

# A full disk is a write error, not a silent success.
if [ -w /dev/full ]; then
    n=$((n + 1))
    "$SF" --quotes --gazetteer "$GAZ" fixtures/article-fr.txt >/dev/full 2>"$OUT/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "/dev/full: exit $rc, want 1"
    first_err "stance-features: write error: No space left on device"
fi

# The build's gazetteer (CLDR names and aliases.tsv) on the example.
if [ -n "$BUILD_GAZ" ] && [ -f "$BUILD_GAZ" ] && [ -f "$EXAMPLES/tass-2018-05-26-cyber.txt" ]; then
    run 0 --quotes --gazetteer "$BUILD_GAZ" "$EXAMPLES/tass-2018-05-26-cyber.txt"
    line_count 1
    for m in '"country":"GB","mention":"royaume-Uni"' '"country":"RU","mention":"Russie"'; do
        grep -qF "$m" "$OUT/out" || fail "example: no $m"
    done
else
    echo "skipped: no compiled gazetteer at '$BUILD_GAZ'"
fi

echo "$n checks, $failed failed"
[ "$failed" -eq 0 ]
