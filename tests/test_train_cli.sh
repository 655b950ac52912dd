#!/bin/sh
# test_train_cli.sh - the training side from the shell: stance-train's exit
# codes (0 ok, 1 bad data or I/O, 2 usage) and first stderr lines, the
# model it writes, stance-features vectors read by libsvm's own svm-train,
# and stance-corpus-check on the corpus splits.
#
# usage: test_train_cli.sh BUILD-DIR DATASETS-DIR
#
# Training inputs are generated in a temporary directory, removed at the
# end. svm-train (Debian's libsvm-tools) is optional: skipped without it.
set -u
BUILD=$1
DATA=$2
ST=$BUILD/stance-train
SF=$BUILD/stance-features
SC=$BUILD/stance-corpus-check
SP=$BUILD/stance-predict
T=$(mktemp -d "${TMPDIR:-/tmp}/stance-test-train.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
failed=0
n=0

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

first_err() {
    [ "$(head -n 1 "$T/err")" = "$1" ] ||
        fail "first stderr line '$(head -n 1 "$T/err")', want '$1'"
}

first_err_like() {
    head -n 1 "$T/err" | grep -Eq -- "$1" ||
        fail "first stderr line '$(head -n 1 "$T/err")' does not match '$1'"
}

no_err() {
    [ ! -s "$T/err" ] || fail "unexpected stderr: $(head -n 1 "$T/err")"
}

no_out() {
    [ ! -s "$T/out" ] || fail "unexpected stdout: $(head -n 1 "$T/out")"
}

no_file() {
    [ ! -e "$1" ] || fail "'$1' was written"
}

hint() {
    [ "$(sed -n 2p "$T/err")" = "stance-train: try 'stance-train -h' for help" ] ||
        fail "second stderr line '$(sed -n 2p "$T/err")'"
}

# ---- usage ----

for h in -h --help; do
    run 0 "$ST" "$h"
    head -n 1 "$T/out" | grep -q '^usage: stance-train ' ||
        fail "$h: first stdout line '$(head -n 1 "$T/out")'"
    no_err
done

run 2 "$ST"
no_out
first_err "stance-train: no training file given"
hint
run 2 "$ST" -c inf -o "$T/inf.model" "$DATA/dev.jsonl"
[ ! -e "$T/inf.model" ] || fail "-c inf wrote a model"
run 2 "$ST" -t 2 -g nan -o "$T/inf.model" "$DATA/dev.jsonl"
run 2 "$ST" --bogus "$DATA/dev.jsonl"
first_err "stance-train: unknown option '--bogus'"
hint
run 2 "$ST" -x "$DATA/dev.jsonl"
first_err "stance-train: unknown option '-x'"
run 2 "$ST" -o
first_err "stance-train: option '-o' needs a value"
for bad in "-t 1" "-t x" "-c 0" "-c -1" "-c abc" "-c 1e" "-g 0" "-v 1" "-v 101" "-v x" "-s -1" "-s 1x" \
           "-b 0" "--threads 0" "--threads 65" "--threads x" "--groups ngram,words" "--groups ," \
           "--features word=3"; do
    # shellcheck disable=SC2086
    run 2 "$ST" $bad -o "$T/never.model" "$DATA/dev.jsonl"
    no_out
    first_err_like "^stance-train: "
    hint
done
no_file "$T/never.model"

# ---- training data ----

# A small valid set: 3 labels x 4 templates x 4 countries, French pairs.
awk 'BEGIN {
    split("la France|Londres|Berlin|Moscou", name, "|")
    split("FR|GB|DE|RU", code, "|")
    t["cooperative", 1] = "Nous saluons la décision de %s et remercions nos partenaires."
    t["cooperative", 2] = "La coopération avec %s progresse, nous nous en félicitons."
    t["cooperative", 3] = "Nous remercions %s pour son aide précieuse."
    t["cooperative", 4] = "Le dialogue avec %s est excellent et fructueux."
    t["critical", 1] = "Nous condamnons fermement les agissements de %s."
    t["critical", 2] = "Il est regrettable que %s ait ignoré notre offre."
    t["critical", 3] = "Les accusations de %s sont sans fondement."
    t["critical", 4] = "Nous dénonçons la politique hostile de %s."
    t["neutral", 1] = "La réunion a eu lieu à %s le 12 mai."
    t["neutral", 2] = "Le ministre se rendra à %s la semaine prochaine."
    t["neutral", 3] = "Les délégués sont arrivés à %s mardi."
    t["neutral", 4] = "Une conférence de presse est prévue à %s le 3 juin."
    split("cooperative critical neutral", lab, " ")
    id = 0
    for (c = 1; c <= 4; c++)
        for (l = 1; l <= 3; l++)
            for (k = 1; k <= 4; k++) {
                text = sprintf(t[lab[l], k], name[c])
                printf "{\"id\": \"p-%d\", \"lang\": \"fr\", \"text\": \"%s\", \"target\": \"%s\", \"label\": \"%s\"}\n",
                    ++id, text, code[c], lab[l]
            }
}' >"$T/small.jsonl"
A1='{"id": "a-1", "lang": "fr", "text": "« Londres a ignoré notre offre », a dit le ministre.", "quotes": [{"quote": "Londres a ignoré notre offre", "targets": {"GB": "critical"}}]}'

# write NAME LINE...: a JSONL file of the given lines after two good ones.
write() {
    f=$T/$1
    shift
    head -n 2 "$T/small.jsonl" >"$f"
    for l in "$@"; do
        printf '%s\n' "$l" >>"$f"
    done
}

# A malformed line stops training, citing file:line; no model is written.
write bad-json.jsonl "$A1" '{"id": "x", "text": "unterminated'
run 1 "$ST" -q -o "$T/never.model" "$T/bad-json.jsonl"
no_out
first_err_like "^stance-train: $T/bad-json.jsonl:4: "
no_file "$T/never.model"

write not-object.jsonl '[1, 2, 3]'
run 1 "$ST" -q -o "$T/never.model" "$T/not-object.jsonl"
first_err_like "^stance-train: $T/not-object.jsonl:3: "

write no-text.jsonl '{"id": "x", "target": "GB", "label": "critical"}'
run 1 "$ST" -q -o "$T/never.model" "$T/no-text.jsonl"
first_err_like "^stance-train: $T/no-text.jsonl:3: .*text"

# Unknown labels, in a pair and in an article.
write bad-label.jsonl '{"id": "x", "text": "Londres a ignoré notre offre.", "target": "GB", "label": "hostile"}'
run 1 "$ST" -q -o "$T/never.model" "$T/bad-label.jsonl"
first_err_like "^stance-train: $T/bad-label.jsonl:3: .*label"
write bad-label2.jsonl "$A1" '{"id": "a-2", "text": "« Londres a ignoré notre offre », a-t-il dit.", "quotes": [{"quote": "Londres a ignoré notre offre", "targets": {"GB": "Critical"}}]}'
run 1 "$ST" -q -o "$T/never.model" "$T/bad-label2.jsonl"
first_err_like "^stance-train: $T/bad-label2.jsonl:4: .*label"
write no-label.jsonl '{"id": "x", "text": "Londres a ignoré notre offre.", "target": "GB"}'
run 1 "$ST" -q -o "$T/never.model" "$T/no-label.jsonl"
first_err_like "^stance-train: $T/no-label.jsonl:3: .*label"

# Unknown country codes in an article's targets.
for code in XX gb GBR UK; do
    write bad-code.jsonl "{\"id\": \"a-2\", \"text\": \"« Londres a ignoré notre offre », a-t-il dit.\", \"quotes\": [{\"quote\": \"Londres a ignoré notre offre\", \"targets\": {\"$code\": \"critical\"}}]}"
    run 1 "$ST" -q -o "$T/never.model" "$T/bad-code.jsonl"
    first_err_like "^stance-train: $T/bad-code.jsonl:3: .*(country|code)"
done

# A quote that is not in its text.
write bad-quote.jsonl '{"id": "a-2", "text": "« Londres a ignoré notre offre », a-t-il dit.", "quotes": [{"quote": "Paris a ignoré notre offre", "targets": {"FR": "critical"}}]}'
run 1 "$ST" -q -o "$T/never.model" "$T/bad-quote.jsonl"
first_err_like "^stance-train: $T/bad-quote.jsonl:3: "

# The bad line is found in the second file too.
run 1 "$ST" -q -o "$T/never.model" "$T/small.jsonl" "$T/bad-json.jsonl"
first_err_like "^stance-train: $T/bad-json.jsonl:4: "
run 1 "$ST" -q -o "$T/never.model" "$T/no-such.jsonl"
first_err "stance-train: cannot open '$T/no-such.jsonl': No such file or directory"
no_file "$T/never.model"

# Too little: one label only, fewer records than folds.
grep '"cooperative"' "$T/small.jsonl" >"$T/one-label.jsonl"
run 1 "$ST" -q -o "$T/never.model" "$T/one-label.jsonl"
first_err_like "^stance-train: .*label"
head -n 3 "$T/small.jsonl" >"$T/tiny.jsonl"
sed -n 17p "$T/small.jsonl" >>"$T/tiny.jsonl"
run 1 "$ST" -q -o "$T/never.model" "$T/tiny.jsonl"
first_err_like "^stance-train: .*fold"
no_file "$T/never.model"

# ---- a model ----

run 0 "$ST" -q --threads 1 -o "$T/small.model" "$T/small.jsonl"
no_out
no_err
head -n 1 "$T/small.model" | grep -q '^stance-model 2$' ||
    fail "model's first line '$(head -n 1 "$T/small.model")'"
tail -n 1 "$T/small.model" | grep -Eq '^end [0-9a-f]{16}$' ||
    fail "model's last line '$(tail -n 1 "$T/small.model")'"
# The same with two threads: the same bytes.
run 0 "$ST" -q --threads 2 -o "$T/small2.model" "$T/small.jsonl"
cmp -s "$T/small.model" "$T/small2.model" || fail "1 and 2 threads give different models"
# Without -q: a summary on stderr, still nothing on stdout.
run 0 "$ST" -o "$T/small3.model" "$T/small.jsonl"
no_out
grep -q "^stance-train: wrote $T/small3.model\$" "$T/err" || fail "summary: $(tail -n 1 "$T/err")"
cmp -s "$T/small.model" "$T/small3.model" || fail "-q changes the model"
# Without -o: the first input with .model added (svm-train's default).
run 0 "$ST" -q "$T/small.jsonl"
[ -f "$T/small.jsonl.model" ] || fail "no $T/small.jsonl.model"
# Options that change the model.
run 0 "$ST" -q -c 1 -v 3 -s 7 --groups ngram,lexicon --unbalanced -o "$T/small4.model" "$T/small.jsonl"
grep -q '^features word=3 char=3-5 window=5 bits=20 groups=9$' "$T/small4.model" ||
    fail "--groups ngram,lexicon: $(grep '^features' "$T/small4.model")"
grep -q '^C 1$' "$T/small4.model" || fail "-c 1: $(grep '^C ' "$T/small4.model")"
run 0 "$ST" -q -t 2 -c 1 -g 0.5 --features 'word=2 char=0-0 window=3 bits=16 groups=31' \
    -o "$T/small5.model" "$T/small.jsonl"
grep -q '^kernel rbf 0.5$' "$T/small5.model" || fail "-t 2 -g 0.5: $(grep '^kernel' "$T/small5.model")"
grep -q '^features word=2 char=0-0 window=3 bits=16 groups=31$' "$T/small5.model" ||
    fail "--features: $(grep '^features' "$T/small5.model")"
# The models predict.
for m in small small4 small5; do
    run 0 "$SP" -q -m "$T/$m.model" "$DATA/fixtures/article-fr.txt"
    grep -q '"label":"' "$T/out" || fail "$m.model predicts nothing: $(cut -c 1-120 "$T/out")"
done
# Two labels only: a model all the same, and -q keeps stderr empty.
grep -v '"neutral"' "$T/small.jsonl" >"$T/two-labels.jsonl"
run 0 "$ST" -q -o "$T/two.model" "$T/two-labels.jsonl"
no_out
no_err
grep -q '^labels 2 cooperative critical$' "$T/two.model" || fail "two labels: $(grep '^labels' "$T/two.model")"
run 0 "$SP" -q -m "$T/two.model" "$DATA/fixtures/article-fr.txt"
grep -q '"neutral":0[,}]' "$T/out" || fail "two labels: neutral scored: $(cut -c 1-160 "$T/out")"
# Labelled articles and pairs mixed, over several files.
run 0 "$ST" -q -o "$T/mixed.model" "$T/small.jsonl" "$DATA/dev.jsonl"
# A model that cannot be written: exit 1, nothing left behind.
run 1 "$ST" -q -o "$T/no-such-dir/x.model" "$T/small.jsonl"
first_err "stance-train: cannot write '$T/no-such-dir/x.model': No such file or directory"
no_file "$T/no-such-dir"

# ---- stance-features and libsvm ----

run 0 "$SF" "$DATA/dev.jsonl"
no_err
cp "$T/out" "$T/dev.svm"
# libsvm's format: label, then index:value with indices increasing.
awk '{
    if ($1 !~ /^[0-3]$/) { print "line " NR ": label " $1; bad = 1; exit }
    last = 0
    for (i = 2; i <= NF; i++) {
        split($i, kv, ":")
        if ($i !~ /^[0-9]+:[-+0-9.eE]+$/ || kv[1] + 0 <= last) { print "line " NR ": " $i; bad = 1; exit }
        last = kv[1] + 0
    }
} END { if (NR < 100) { print NR " lines"; bad = 1 } exit bad }' "$T/dev.svm" || fail "stance-features: not libsvm's format"
if command -v svm-train >/dev/null 2>&1; then
    run 0 svm-train -q -v 2 "$T/dev.svm"
    grep -q 'Cross Validation Accuracy' "$T/out" || fail "svm-train: $(head -n 1 "$T/out")"
    # And a model from svm-train is refused by stance-predict, with a hint.
    n=$((n + 1))
    svm-train -q "$T/dev.svm" "$T/dev.svm.model" >/dev/null 2>&1 || fail "svm-train: exit $?"
    run 1 "$SP" -q -m "$T/dev.svm.model" "$DATA/fixtures/article-fr.txt"
    first_err_like "^stance-predict: .*libsvm"
else
    echo "skipped: svm-train not installed (Debian: libsvm-tools)"
fi

# ---- the corpus ----

run 0 "$SC" "$DATA/train.jsonl" "$DATA/dev.jsonl" "$DATA/test.jsonl" \
    "$DATA/pairs-train.jsonl" "$DATA/pairs-dev.jsonl" "$DATA/pairs-test.jsonl"
[ "$rc" -eq 0 ] || {
    echo "stance-corpus-check said:"
    cat "$T/err" "$T/out" | grep -av '^ ' | grep -av '^pairs per country' | head -n 20
}
# Whatever it finds, it reports in valid UTF-8: a long Cyrillic quote that
# is not in its text is cited cut, but at a character boundary.
printf '{"id": "ru-1", "lang": "ru", "text": "%s", "quotes": [{"quote": "%s", "targets": {"RU": "neutral"}}]}\n' \
    "« Москва приветствует переговоры », заявил он." \
    "zМоскваприветствуетпереговорыинадеетсянаихпродолжение" >"$T/ru.jsonl"
run 1 "$SC" "$T/ru.jsonl"
if command -v iconv >/dev/null 2>&1; then
    for f in out err; do
        iconv -f UTF-8 -t UTF-8 "$T/$f" >/dev/null 2>&1 ||
            fail "stance-corpus-check: invalid UTF-8 on std$f: $(grep -a 'quote' "$T/$f" | head -n 1)"
    done
fi
# Labelled pairs: checked and counted with the articles; a free-text
# target is counted apart; bad pairs are named by file:line.
printf '%s\n' \
    '{"id": "p1", "lang": "en", "text": "Thanks, Canada!", "target": "CA", "label": "cooperative"}' \
    '{"id": "p2", "lang": "fr", "text": "Le nucléaire, non merci.", "target": "le nucléaire", "label": "critical"}' \
    >"$T/pairs-ok.jsonl"
run 1 "$SC" --min-articles 0 --min-pairs 2 "$T/pairs-ok.jsonl"     # the bounds fail, not the pairs
grep -q '^0 problems' "$T/out" || fail "pairs: $(tail -n 1 "$T/out")"
grep -q '^all  *0 articles  *2 pairs: cooperative 1 (50.0%) critical 1 (50.0%) neutral 0 (0.0%)' "$T/out" ||
    fail "pairs: counts $(grep '^all' "$T/out")"
grep -q 'of them 2 pair records, 1 with a free-text target' "$T/out" || fail "pairs: free targets"
printf '%s\n' \
    '{"id": "p1", "lang": "en", "text": "Thanks, Canada!", "target": "CA", "label": "cooperative"}' \
    '{"id": "p2", "lang": "en", "text": "Thanks, Canada!", "target": "CA"}' \
    '{"id": "p3", "lang": "en", "text": "Thanks, Canada!", "target": "CA", "label": "positive"}' \
    '{"id": "p4", "text": "Thanks, Canada!", "target": "CA", "label": "neutral"}' \
    '{"id": "p1", "lang": "en", "text": "Thanks again.", "target": "CA", "label": "neutral"}' \
    '{"id": "p6", "lang": "en", "text": "Thanks again.", "target": "", "label": "neutral"}' \
    >"$T/pairs-bad.jsonl"
run 1 "$SC" --min-articles 0 --min-pairs 1 "$T/pairs-bad.jsonl"
for want in "pairs-bad.jsonl:2: a pair needs a \"label\"" "pairs-bad.jsonl:3: a pair needs a \"label\"" \
            "pairs-bad.jsonl:4: no \"lang\"" "pairs-bad.jsonl:6: \"target\" is empty" \
            "id 'p1' appears twice"; do
    grep -qF "$want" "$T/err" || fail "pairs: no '$want' in: $(head -n 3 "$T/err")"
done

run 2 "$SC" --bogus
first_err_like "^stance-corpus-check: .*--bogus"

echo "$n checks, $failed failed"
[ "$failed" -eq 0 ]
