#!/bin/sh
# test_predict_cli.sh - stance-predict and stance-eval from the shell: exit
# codes (0 ok, 1 bad record, model or output, 2 usage), the first stderr
# line, one output line per record in input order whatever the threads or
# the way the input is split, the TSV and sentence modes, write errors and
# closed pipes, a corrupt model, and the SPEC's example article.
#
# usage: test_predict_cli.sh BUILD-DIR DATASETS-DIR DEFAULT-MODEL [EXAMPLES-DIR]
#
# Large inputs are generated in a temporary directory, removed at the end.
# JSON is checked with jq; the checks that need it are skipped without it.
# Labels of the example article are printed, not checked: the model is
# still being tuned.
set -u
BUILD=$1
DATA=$2
MODEL=$3
EXAMPLES=${4:-}
SP=$BUILD/stance-predict
SE=$BUILD/stance-eval
T=$(mktemp -d "${TMPDIR:-/tmp}/stance-test-predict.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
failed=0
n=0
JQ=$(command -v jq || true)

fail() {
    echo "FAIL $n: $*"
    failed=$((failed + 1))
}

# run WANT_RC PROGRAM ARGS...: stdout to $T/out, stderr to $T/err.
run() {
    want=$1
    shift
    n=$((n + 1))
    "$@" >"$T/out" 2>"$T/err" </dev/null
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$(basename "$1") ${2:-} ${3:-}...: exit $rc, want $want"
}

# stderr without the warnings about the model's gazetteer: they have a
# check of their own below.
errs() {
    grep -av '^stance-[a-z]*: warning: model .* was trained with another gazetteer' "$T/err"
}

first_err() {
    [ "$(errs | head -n 1)" = "$1" ] ||
        fail "first stderr line '$(errs | head -n 1)', want '$1'"
}

first_err_like() {
    errs | head -n 1 | grep -Eq -- "$1" ||
        fail "first stderr line '$(errs | head -n 1)' does not match '$1'"
}

no_err() {
    [ -z "$(errs | head -n 1)" ] || fail "unexpected stderr: $(errs | head -n 1)"
}

no_out() {
    [ ! -s "$T/out" ] || fail "unexpected stdout: $(head -n 1 "$T/out")"
}

line_count() {
    got=$(wc -l <"${2:-$T/out}" | tr -d ' ')
    [ "$got" -eq "$1" ] || fail "$got lines in ${2:-stdout}, want $1"
}

same_bytes() {
    cmp -s "$1" "$2" || fail "$3: $(cmp "$1" "$2" 2>&1 | head -n 1)"
}

# ---- usage ----

for h in -h --help; do
    run 0 "$SP" "$h"
    head -n 1 "$T/out" | grep -q '^usage: stance-predict ' ||
        fail "$h: first stdout line '$(head -n 1 "$T/out")'"
    no_err
done

run 2 "$SP" --bogus
no_out
first_err "stance-predict: unknown option '--bogus'"
[ "$(errs | sed -n 2p)" = "stance-predict: try 'stance-predict -h' for help" ] ||
    fail "second stderr line '$(errs | sed -n 2p)'"

run 2 "$SP" -x
first_err "stance-predict: unknown option '-x'"
run 2 "$SP" --format xml
no_out
first_err_like "^stance-predict: .*xml"
run 2 "$SP" --threads 0
first_err_like "^stance-predict: .*threads"
run 2 "$SP" --threads 2x
run 2 "$SP" -m
first_err_like "^stance-predict: .*'-?m'"
run 2 "$SP" --format table "$DATA/fixtures/article-fr.txt"
no_out

# ---- the default model ----

# It is trained on the build's gazetteer: no warning without -q.
run 0 "$SP" "$DATA/fixtures/article-fr.txt"
[ ! -s "$T/err" ] ||
    fail "default model out of date (retrain it when the gazetteer changes): $(head -n 1 "$T/err")"

# ---- a large batch with bad lines ----

# 10,000 articles; every hundredth (50, 150, ...) is bad in one of three
# ways: not JSON, "text" not a string, invalid UTF-8 (byte 0xE9).
LC_ALL=C awk 'BEGIN {
    for (i = 1; i <= 10000; i++) {
        if (i % 100 == 50) {
            k = int(i / 100) % 3
            if (k == 0) printf "{\"id\":\"a-%d\",\"text\":\"unterminated\n", i
            else if (k == 1) printf "{\"id\":\"a-%d\",\"text\":42}\n", i
            else printf "{\"id\":\"a-%d\",\"text\":\"caf\351 au lait\"}\n", i
        } else {
            printf "{\"id\":\"a-%d\",\"lang\":\"fr\",\"text\":\"« La France salue l’accord conclu avec Berlin le %d mai », a déclaré le ministre. « Londres a refusé %d fois le dialogue. »\"}\n", i, i % 28 + 1, i % 7
        }
    }
}' >"$T/bad.jsonl"
grep -v '^{"id":"a-[0-9]*50",' "$T/bad.jsonl" | head -n 6000 >"$T/clean.jsonl"

# check_batch FILE LINES: line i is record i, an error exactly where the
# input was bad, citing FILE:i.
check_batch() {
    awk -v src="$1" -v want="$2" '
        NR % 100 == 50 {
            if (index($0, "\"error\":\"" src ":" NR ": ") == 0) { bad++; if (bad < 4) print "line " NR ": " $0 }
            next
        }
        {
            if (index($0, "{\"id\":\"a-" NR "\",") != 1 || index($0, "\"error\"") || index($0, "\"quotes\":[") == 0) {
                bad++; if (bad < 4) print "line " NR ": " substr($0, 1, 120)
            }
        }
        END { if (NR != want) print NR " lines, want " want; exit (bad > 0 || NR != want) }' "$T/out" ||
        fail "batch output of $1 is out of order or wrong"
}

for th in 1 2; do
    run 1 "$SP" -q --threads $th "$T/bad.jsonl"
    line_count 10000
    check_batch "$T/bad.jsonl" 10000
    no_err
done

# Error lines are well-formed records.
if [ -n "$JQ" ]; then
    n=$((n + 1))
    sed -n '50p;150p;250p' "$T/out" | "$JQ" -e 'has("id") and (.error | type == "string")' >/dev/null ||
        fail "error records: $(sed -n 50p "$T/out")"
fi

# --strict stops at the first bad record, which still gets its line.
run 1 "$SP" -q --strict --threads 2 "$T/bad.jsonl"
line_count 50
tail -n 1 "$T/out" | grep -q '"error"' || fail "--strict: last line '$(tail -n 1 "$T/out")'"
run 0 "$SP" -q --strict "$T/clean.jsonl"
line_count 6000

# Standard input, '-' and no file: the same lines, sources named <stdin>.
n=$((n + 1))
"$SP" -q --threads 2 <"$T/bad.jsonl" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "stdin: exit $rc, want 1"
check_batch "<stdin>" 10000

# A file that cannot be opened gets its error line, and the run goes on.
run 1 "$SP" -q "$T/no-such.txt" "$DATA/fixtures/article-fr.txt"
line_count 2
first_err "stance-predict: cannot open '$T/no-such.txt': No such file or directory"
sed -n 1p "$T/out" | grep -q "^{\"id\":\"$T/no-such.txt\",\"error\":\".*No such file or directory\"}\$" ||
    fail "missing file record: $(sed -n 1p "$T/out")"
sed -n 2p "$T/out" | grep -q "^{\"id\":\"$DATA/fixtures/article-fr.txt\",.*\"quotes\":\[" ||
    fail "record after the missing file: $(sed -n 2p "$T/out" | cut -c 1-120)"

# A file the user may not read: the same. Root reads everything, so as root
# the run is made as nobody, when setpriv exists and nobody can reach the
# programs and the data (a test elsewhere opens such a file as nobody).
cp "$DATA/fixtures/article-fr.txt" "$T/secret.txt"
chmod 000 "$T/secret.txt"
chmod 755 "$T"
AS=
if [ "$(id -u)" -eq 0 ]; then
    AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    $AS sh -c "test -x '$SP' && test -r '$DATA/fixtures/article-fr.txt'" 2>/dev/null ||
        AS=none
fi
if [ "$AS" != none ]; then
    run 1 $AS "$SP" -q "$T/secret.txt" "$DATA/fixtures/article-fr.txt"
    first_err "stance-predict: cannot open '$T/secret.txt': Permission denied"
    [ "$(sed -n 1p "$T/out")" = "{\"id\":\"$T/secret.txt\",\"error\":\"cannot open '$T/secret.txt': Permission denied\"}" ] ||
        fail "unreadable file record: $(sed -n 1p "$T/out")"
    line_count 2
else
    echo "note: unreadable-file run skipped (root, and nobody cannot reach $SP)"
fi

# ---- splitting the input changes nothing ----

awk 'NR <= 1700' "$T/clean.jsonl" >"$T/part1.jsonl"
awk 'NR > 1700 && NR <= 3333' "$T/clean.jsonl" >"$T/part2.jsonl"
awk 'NR > 3333' "$T/clean.jsonl" >"$T/part3.jsonl"
run 0 "$SP" -q --threads 1 "$T/clean.jsonl"
cp "$T/out" "$T/whole.out"
line_count 6000
for th in 1 2; do
    n=$((n + 1))
    : >"$T/joined.out"
    for p in 1 2 3; do
        "$SP" -q --threads $th "$T/part$p.jsonl" >>"$T/joined.out" 2>"$T/err" ||
            fail "part $p, $th threads: exit $?"
    done
    same_bytes "$T/whole.out" "$T/joined.out" "3 parts, $th threads"
    run 0 "$SP" -q --threads $th "$T/clean.jsonl"
    same_bytes "$T/whole.out" "$T/out" "one run, $th threads"
    # The three parts in one run, and through stdin.
    run 0 "$SP" -q --threads $th "$T/part1.jsonl" "$T/part2.jsonl" "$T/part3.jsonl"
    same_bytes "$T/whole.out" "$T/out" "3 files in one run, $th threads"
    n=$((n + 1))
    "$SP" -q --threads $th - <"$T/clean.jsonl" >"$T/out" 2>"$T/err" || fail "stdin: exit $?"
    same_bytes "$T/whole.out" "$T/out" "stdin, $th threads"
done

# Scores are probabilities that sum to 1, and the label is the highest.
if [ -n "$JQ" ]; then
    n=$((n + 1))
    head -n 300 "$T/whole.out" | "$JQ" -e '
        [.quotes[].targets[]] | length > 0 and all(
            (.scores.cooperative + .scores.critical + .scores.neutral - 1 | fabs) < 1e-5
            and (.scores[.label] >= (.scores | [.[]] | max)))' >"$T/jq.out" 2>&1 &&
        ! grep -qv '^true$' "$T/jq.out" || fail "scores: $(grep -v '^true$' "$T/jq.out" | head -n 1)"
fi

# ---- TSV ----

head -n 40 "$T/clean.jsonl" >"$T/small.jsonl"
run 0 "$SP" -q --format tsv "$T/small.jsonl"
no_err
head -n 1 "$T/out" | grep -q '^id	' || fail "tsv: first line '$(head -n 1 "$T/out")' is no header"
for col in quote start end country label cooperative critical neutral; do
    head -n 1 "$T/out" | tr '\t' '\n' | grep -qx "$col" || fail "tsv: no '$col' column"
done
awk -F '\t' 'NR == 1 { nf = NF } NF != nf { print "row " NR ": " NF " fields, header " nf; bad = 1 } END { exit bad }' \
    "$T/out" || fail "tsv: ragged rows"
if [ -n "$JQ" ]; then
    "$SP" -q "$T/small.jsonl" | "$JQ" '[.quotes[].targets[]] | length' >"$T/counts"
    want=$(awk '{ s += $1 } END { print s + 1 }' "$T/counts")
    line_count "$want"
fi
# The scores in the rows are the JSON's, in the same order: each row's
# three sum to 1 (they were once all printed as 0).
n=$((n + 1))
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["country"] != "" { s = $col["cooperative"] + $col["critical"] + $col["neutral"];
        if (s < 0.99999 || s > 1.00001) { print "row " NR ": scores sum to " s; bad = 1 } rows++ }
    END { if (!rows) { print "no scored row"; bad = 1 } exit bad }' "$T/out" >"$T/sums" ||
    fail "tsv: $(head -n 1 "$T/sums")"
if [ -n "$JQ" ]; then
    n=$((n + 1))
    "$SP" -q "$T/small.jsonl" | "$JQ" -r '.quotes[].targets[] | [.scores.cooperative, .scores.critical, .scores.neutral] | map(tostring) | join(" ")' >"$T/json-scores"
    awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["country"] != "" { print $col["cooperative"] + 0, $col["critical"] + 0, $col["neutral"] + 0 }' "$T/out" >"$T/tsv-scores"
    awk '{ print $1 + 0, $2 + 0, $3 + 0 }' "$T/json-scores" | cmp -s - "$T/tsv-scores" ||
        fail "tsv: scores differ from the JSON's: $(head -n 1 "$T/tsv-scores") vs $(head -n 1 "$T/json-scores")"
fi
# One header, however many inputs; an error record is a row.
run 1 "$SP" -q --format tsv "$T/small.jsonl" "$T/no-such.txt" "$T/small.jsonl"
[ "$(grep -c '^id	' "$T/out")" -eq 1 ] || fail "tsv: $(grep -c '^id	' "$T/out") header rows"
grep -q "No such file or directory" "$T/out" || fail "tsv: no error row"

# ---- sentences ----

run 0 "$SP" --sentences "La France salue l'accord avec Berlin. Londres a refusé le dialogue."
no_err
line_count 2
if [ -n "$JQ" ]; then
    n=$((n + 1))
    "$JQ" -e '(.sentence | type == "string") and (.sentiment | type == "number")
              and .sentiment >= -1 and .sentiment <= 1 and (.targets | type == "array")' \
        "$T/out" >"$T/jq.out" 2>&1 && ! grep -qv '^true$' "$T/jq.out" ||
        fail "sentences: $(head -n 1 "$T/out")"
    [ "$(sed -n 1p "$T/out" | "$JQ" -c '[.targets[].country]')" = '["FR","DE"]' ] ||
        fail "sentences: first line targets $(sed -n 1p "$T/out" | "$JQ" -c '[.targets[].country]')"
    [ "$(sed -n 2p "$T/out" | "$JQ" -c '[.targets[].country]')" = '["GB"]' ] ||
        fail "sentences: second line targets $(sed -n 2p "$T/out" | "$JQ" -c '[.targets[].country]')"
    n=$((n + 1))
    sed -n 2p "$T/out" | "$JQ" -e '.targets[0] | (.label | IN("cooperative", "critical", "neutral"))
        and (.mentions == ["Londres"]) and (.scores | keys == ["cooperative", "critical", "neutral"])' \
        >/dev/null || fail "sentences: target $(sed -n 2p "$T/out")"
else
    grep -q '^{"sentence":"La France salue' "$T/out" || fail "sentences: $(head -n 1 "$T/out")"
fi
# Posts: a flag, a hashtag and a handle name countries (the compiled
# gazetteer has every flag).
run 0 "$SP" --sentences "Merci 🇨🇦 et #StandWithUkraine, bravo @JustinTrudeau"
no_err
grep -q '"country":"CA","mentions":\["🇨🇦","JustinTrudeau"\]' "$T/out" ||
    fail "sentences: flag and handle $(head -n 1 "$T/out")"
grep -q '"country":"UA","mentions":\["Ukraine"\]' "$T/out" ||
    fail "sentences: hashtag $(head -n 1 "$T/out")"

# From stdin, a line at a time.
n=$((n + 1))
printf 'Moscou salue la France.\n\nLe dialogue avec Berlin.\n' | "$SP" --sentences >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "sentences from stdin: exit $rc"
line_count 2
grep -q '"sentiment"' "$T/out" || fail "sentences from stdin: $(head -n 1 "$T/out")"
# On a terminal the sentences come as a table, with the scores.
if command -v script >/dev/null 2>&1; then
    n=$((n + 1))
    script -qec "'$SP' --sentences 'Londres a refusé le dialogue.'" /dev/null </dev/null >"$T/out" 2>&1 ||
        fail "table: exit $?"
    grep -q 'GB .*coop 0\.[0-9][0-9]  crit 0\.[0-9][0-9]  neutral 0\.[0-9][0-9]' "$T/out" ||
        fail "table: $(grep GB "$T/out")"
    grep -q 'coop 0\.00  crit 0\.00  neutral 0\.00' "$T/out" && fail "table: zero scores"
fi
run 2 "$SP" --sentences --format tsv "texte"

# ---- output errors ----

if [ -w /dev/full ]; then
    n=$((n + 1))
    "$SP" -q "$T/clean.jsonl" >/dev/full 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "/dev/full: exit $rc, want 1"
    first_err "stance-predict: write error: No space left on device"
    n=$((n + 1))
    "$SP" -q "$T/small.jsonl" >/dev/full 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "/dev/full, small output: exit $rc, want 1"
    grep -q 'write error' "$T/err" || fail "/dev/full, small output: stderr '$(head -n 1 "$T/err")'"
    n=$((n + 1))
    "$SP" --sentences "La France salue l'accord." >/dev/full 2>"$T/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "/dev/full, sentences: exit $rc, want 1"
    grep -q 'write error' "$T/err" || fail "/dev/full, sentences: stderr '$(head -n 1 "$T/err")'"
else
    echo "skipped: no /dev/full"
fi

# A reader that goes away early: stance-predict ends, quietly (SIGPIPE as a
# shell would leave it, even if this test was started with it ignored).
DEFSIG=
env --default-signal=PIPE true 2>/dev/null && DEFSIG="env --default-signal=PIPE"
n=$((n + 1))
{ $DEFSIG "$SP" -q "$T/bad.jsonl" 2>"$T/err"; echo $? >"$T/rc"; } | head -n 1 >"$T/out"
line_count 1
no_err
rc=$(cat "$T/rc")
[ "$rc" -eq 141 ] || [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "| head -1: exit $rc"

# ---- the model ----

head -c 20000 "$MODEL" >"$T/truncated.model"
run 1 "$SP" -q -m "$T/truncated.model" "$DATA/fixtures/article-fr.txt"
no_out
first_err_like "^stance-predict: .*'$T/truncated.model'.*truncated"
run 1 "$SP" -q -m "$T/no-such.model" "$DATA/fixtures/article-fr.txt"
no_out
first_err_like "^stance-predict: .*'$T/no-such.model'.*No such file or directory"
# The default model, named or not, gives the same bytes.
run 0 "$SP" -q -m "$MODEL" "$T/small.jsonl"
cp "$T/out" "$T/named.out"
run 0 "$SP" -q "$T/small.jsonl"
same_bytes "$T/named.out" "$T/out" "-m default.model"

# ---- pairs ----

run 1 "$SP" -q "$DATA/fixtures/pairs.jsonl"
line_count 9
if [ -n "$JQ" ]; then
    n=$((n + 1))
    sed -n 1p "$T/out" | "$JQ" -e '.id == "p-0001" and .target == "GB"
        and (.label | IN("cooperative", "critical", "neutral")) and (.scores | length == 3)' >/dev/null ||
        fail "pairs: first line $(sed -n 1p "$T/out")"
    sed -n 3p "$T/out" | "$JQ" -e '.id == "a-0003" and (.quotes | type == "array")' >/dev/null ||
        fail "pairs: third line $(sed -n 3p "$T/out")"
    sed -n 5p "$T/out" | "$JQ" -e '.id == "p-0005" and (.error | type == "string")' >/dev/null ||
        fail "pairs: fifth line $(sed -n 5p "$T/out")"
fi

# ---- the SPEC's example article ----

EX=$EXAMPLES/tass-2018-05-26-cyber.txt
if [ -n "$EXAMPLES" ] && [ -f "$EX" ] && [ -n "$JQ" ]; then
    run 0 "$SP" -q "$EX"
    line_count 1
    no_err
    # Quote spans, and the gold file's countries of each quote (sorted).
    "$JQ" -r '.quotes[] | "[\(.start),\(.end)) \([.targets[].country] | sort | join(","))"' "$T/out" >"$T/spans"
    cat >"$T/spans.want" <<'EOF'
[296,845) GB,RU
[954,1410) GB,RU
[1305,1385) 
[1414,2051) FR,GB,RU
[2058,2183) GB
EOF
    cmp -s "$T/spans.want" "$T/spans" || {
        fail "example: quote spans or countries differ"
        diff "$T/spans.want" "$T/spans"
    }
    "$JQ" -r '.id, .date' "$T/out" | tr '\n' ' ' | grep -q "^$EX 2018-05 \$" ||
        fail "example: id and date $("$JQ" -c '[.id, .date]' "$T/out")"
    echo "example labels (not checked):"
    "$JQ" -r '.quotes[] | "  [\(.start),\(.end)) " + ([.targets[] | "\(.country) \(.label)"] | join(", "))' "$T/out"
else
    echo "skipped: example article (no '$EX' or no jq)"
fi

# ---- stance-eval ----

run 0 "$SE" -h
head -n 1 "$T/out" | grep -q '^usage: stance-eval ' || fail "stance-eval -h: '$(head -n 1 "$T/out")'"
run 2 "$SE" --bogus
first_err "stance-eval: unknown option '--bogus'"
run 1 "$SE" --json "$T/no-such.jsonl"
no_out
first_err_like "^stance-eval: .*no-such.jsonl"
run 0 "$SE" --json "$DATA/dev.jsonl"
line_count 1
if [ -n "$JQ" ]; then
    n=$((n + 1))
    "$JQ" -e '[.. | objects | select(has("macro_f1")) | .macro_f1 | select(type == "number" and . >= 0 and . <= 1)]
              | length > 0' "$T/out" >/dev/null || fail "stance-eval --json: no macro_f1 in $(cut -c 1-200 "$T/out")"
    n=$((n + 1))
    "$JQ" -e 'has("macro_f1") or (.found_pairs | has("macro_f1"))' "$T/out" >/dev/null ||
        fail "stance-eval --json: macro_f1 not at the top"
else
    grep -q '"macro_f1":' "$T/out" || fail "stance-eval --json: no macro_f1"
fi
run 1 "$SE" -m "$T/truncated.model" "$DATA/dev.jsonl"
first_err_like "^stance-eval: .*truncated"

# Inputs found by review: each gets its error line or is read once, in
# bounded time.
mkdir -p "$T/loop"
printf '« Paris ment », dit X.\n' > "$T/loop/a.txt"
ln -s . "$T/loop/x"
ln -s . "$T/loop/y"
mkfifo "$T/loop/fifo.txt"
n=$((n + 1))
timeout 60 "$SP" -q -m "$MODEL" "$T/loop" > "$T/out" 2> "$T/err" < /dev/null
rc=$?
[ "$rc" -eq 0 ] || fail "directory with a symlink cycle and a FIFO: exit $rc, want 0"
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "directory with a symlink cycle: $(wc -l < "$T/out") lines, want 1"
printf '{"id":"a","text":"x"}{"id":"b","text":"y"}\n{"id":"c","text":"z"} junk\n{"id":"d","text":"« Paris »\\u0000 « Londres »"}\n{"id":"e","date":"2024-02-30","text":"x"}\n' > "$T/review.jsonl"
run 1 "$SP" -q -m "$MODEL" "$T/review.jsonl"
[ "$(grep -c '"error":' "$T/out")" -eq 4 ] || fail "trailing data, \\u0000, bad day: $(cat "$T/out")"
grep -q 'more after the JSON object' "$T/out" || fail "no 'more after the JSON object' error"
grep -q 'u0000' "$T/out" || fail "no \\u0000 error"
python3 - "$T/quad.txt" <<'PY' 2>/dev/null || printf '%s France ment\n' "$(head -c 200000 /dev/zero | tr '\0' '"')" > "$T/quad.txt"
import sys
open(sys.argv[1], "w").write('"' * 200000 + " France ment\n")
PY
n=$((n + 1))
timeout 60 "$SP" -q --threads 1 -m "$MODEL" "$T/quad.txt" > "$T/out" 2>&1 || fail "200,000 straight quotes: not done in 60 s"

# The rest of the bad-input table: blanks only, lone CR paragraphs,
# duplicate ids (each record still gets its line).
printf '  \n\t\n' > "$T/blank.txt"
run 0 "$SP" -q -m "$MODEL" "$T/blank.txt"
grep -q '"quotes":\[\]' "$T/out" || fail "blanks only: $(cat "$T/out")"
printf '« Londres ment\r“Paris” dit X.\r' > "$T/cr.txt"
run 0 "$SP" -q -m "$MODEL" "$T/cr.txt"
grep -q '"text":"Londres ment"' "$T/out" || fail "lone CR ends a paragraph: $(cut -c 1-300 "$T/out")"
printf '{"id":"same","text":"« Paris ment »"}\n{"id":"same","text":"« Rome ment »"}\n' > "$T/dup.jsonl"
run 0 "$SP" -q -m "$MODEL" "$T/dup.jsonl"
[ "$(grep -c '"id":"same"' "$T/out")" -eq 2 ] || fail "duplicate ids: $(cat "$T/out")"

echo "$n checks, $failed failed"
[ "$failed" -eq 0 ]
