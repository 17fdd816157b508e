#!/usr/bin/env bash
# The results cache changes nothing but the time a run takes: over a corpus
# (the examples, generated reports, two documents in a file, a syntax
# error, a workbook, a 2022 report reading 2021's among the inputs and
# another naming one outside them), rounds of random edits between runs
# (tests/e2e/cache_edits.py: report numbers and comments, reports taken
# out and put back, rule parameters and severities, a module's message,
# rules switched off, severities overridden, grade bands, waivers added,
# removed and expired, last year's reports edited, taken out and put
# back, the workbook replaced), and after each, every format from the
# cache with -j 1 to 4 against the same format with no cache at all: the
# same bytes (timestamps aside) and the same exit status.
#
#   tests/e2e/cache-identity.sh PEVCHECK_BINARY
#
# PEVCHECK_IDENTITY_SEED (default: random, printed on failure) and
# PEVCHECK_IDENTITY_ROUNDS (default 10) choose the edits.
# Prints one line per failing check and ends with "N passed, N failed".
suite=cache-identity
. "$(dirname "$0")/lib.sh"
unset PEVCHECK_CACHE 2>/dev/null
seed=${PEVCHECK_IDENTITY_SEED:-$RANDOM$RANDOM}
rounds=${PEVCHECK_IDENTITY_ROUNDS:-10}
export PEVCHECK_CACHE_KEY=cache-identity-test-key-of-more-than-32-characters
C=$work/cache

# --- the corpus -----------------------------------------------------------------------
D=$work/d
mkdir -p "$D/hist" "$work/elsewhere" "$work/forms"
cp -r rules "$work/r"
cp examples/*.yaml tests/e2e/data/two-documents.yaml tests/e2e/data/syntax-error.yaml "$D/"
python3 bench/gen.py corpus "$work/gen" --count 24 --seed cache-identity --quiet >/dev/null
cp "$work"/gen/*.yaml "$D/"
cp examples/forms/*.xlsx "$work/forms/"
cp "$(ls "$work"/forms/*.xlsx | head -1)" "$D/form.xlsx"
python3 - examples/huangpu-2022.yaml "$D/hist/2022.yaml" "$D/named-2022.yaml" "$work/elsewhere/2021.yaml" <<'PY'
import sys
base = open(sys.argv[1]).read()
yoy = "facts:\n  yoy:\n    - {name: 科技服务业营收, value: 400, growth: 20%}\n"
open(sys.argv[2], "w").write(base.replace("facts:\n", yoy, 1))
named = base.replace("facts:\n", yoy, 1).replace("year: 2022", f"year: 2022\nprevious: {sys.argv[4]}", 1)
open(sys.argv[3], "w").write(named.replace("unit: ", "unit: 另一单位", 1))
PY
cp rules/testdata/department-2021.yaml "$D/hist/2021.yaml"
cp rules/testdata/department-2021.yaml "$work/elsewhere/2021.yaml"
printf 'disable: []\n' >"$work/config.yaml"

# --- the runs -------------------------------------------------------------------------
# mask FILE: the output with the run's time taken out
mask() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([+-][0-9]{4})?/TIME/g' "$1"; }
formats="text json junit sarif github markdown html"
round_says=""
compare_round() { # ROUND: every format, from the cache and with none
	local r=$1 f j lang
	# one round in three under another language
	lang=zh_CN.UTF-8
	[ $((r % 3)) = 2 ] && lang=C
	for f in $formats; do
		j=$(((r + ${#f}) % 4 + 1))
		LANG=$lang "$bin" check -f "$f" --color never -r "$work/r" --config "$work/config.yaml" \
			--cache-dir "$C" -j "$j" "$D" >"$work/cached.$f" 2>"$work/cached.$f.err"
		echo $? >"$work/cached.$f.status"
		LANG=$lang "$bin" check -f "$f" --color never -r "$work/r" --config "$work/config.yaml" \
			--no-cache -j 1 "$D" >"$work/cold.$f" 2>"$work/cold.$f.err"
		echo $? >"$work/cold.$f.status"
		if [ "$(mask "$work/cached.$f")" = "$(mask "$work/cold.$f")" ] &&
			cmp -s "$work/cached.$f.status" "$work/cold.$f.status"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "FAIL  $suite: round $r, -f $f -j $j, LANG=$lang: the report from the cache differs" \
				"(PEVCHECK_IDENTITY_SEED=$seed; edits:$round_says)"
			diff <(mask "$work/cold.$f") <(mask "$work/cached.$f") | head -20 | sed 's/^/      | /'
			sed 's/^/      | status /' "$work/cold.$f.status" "$work/cached.$f.status"
		fi
	done
}

hits_of() { sed -n 's/.*份报告中有 \([0-9]*\) 份取自结果缓存.*/\1/p; s/.* \([0-9]*\) of [0-9]* reports* from the results cache.*/\1/p' "$1"; }

compare_round 0
for r in $(seq 1 "$rounds"); do
	edits=$(python3 tests/e2e/cache_edits.py "$work" "$seed" "$r") || {
		failed=$((failed + 1))
		echo "FAIL  $suite: cache_edits.py failed in round $r (PEVCHECK_IDENTITY_SEED=$seed)"
		break
	}
	round_says=$(echo "$edits" | tr '\n' ';')
	compare_round "$r"
done
# The cache did take part: the last round's later formats came from it.
assert "the rounds read reports from the cache (seed $seed)" test "$(hits_of "$work/cached.html.err")" -gt 0

finish
