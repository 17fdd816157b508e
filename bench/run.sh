#!/usr/bin/env bash
# bench/run.sh — pevcheck's benchmark (`make bench`).  See bench/README.md.
#
# Generates a corpus, builds the parse-only floor, and runs pevcheck, the
# floor and the Python peer side by side on the same files in one run; then
# prints each figure beside its goal with PASS or MISS.  No goal is asserted:
# the exit status is 0 whatever the figures, 2 when something could not run.
#
# Settings (environment):
#   BENCH_FILES=10000     reports in the corpus
#   BENCH_SMALL=100       reports in the small corpus (memory comparison)
#   BENCH_LARGE=50M       size of the one large report (K/M suffix)
#   BENCH_REPEAT=3        runs of each cheap measurement (the best is kept)
#   BENCH_SLOW_REPEAT=1   runs of the peer and of the large report
#   BENCH_SINGLE_REPEAT=20  runs of the one-file measurement
#   BENCH_LARGE_GOAL=10   "checked in seconds": the large report's time goal (s)
#   BENCH_SEED=...        generator seed
#   BENCH_DIR=DIR         work here and keep it (default: a temp dir, removed)
#   BENCH_KEEP=1          keep the temp dir
#   BENCH_NO_BUILD=1      do not run make (bench.mk has built pevcheck already)
#   BENCH_NICE=-15        run the measured commands at this nice level (root
#                         only for a negative one): on a shared machine, keeps
#                         other work from inflating the wall times
#   PYTHON=python3        the interpreter for gen.py and the peer
set -uo pipefail
export LC_NUMERIC=C # EPOCHREALTIME and awk with a '.' decimal point

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2

FILES=${BENCH_FILES:-10000}
SMALL=${BENCH_SMALL:-100}
LARGE=${BENCH_LARGE:-50M}
REPEAT=${BENCH_REPEAT:-3}
SLOW_REPEAT=${BENCH_SLOW_REPEAT:-1}
SINGLE_REPEAT=${BENCH_SINGLE_REPEAT:-20}
LARGE_GOAL=${BENCH_LARGE_GOAL:-10}
SEED=${BENCH_SEED:-pevcheck-bench-1}
PY=${PYTHON:-python3}

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
	WORK=$BENCH_DIR
	mkdir -p "$WORK" || die "cannot create $WORK"
	WORK=$(cd "$WORK" && pwd)
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/pevcheck-bench.XXXXXX") || die "no temp dir"
	if [ "${BENCH_KEEP:-}" != 1 ]; then
		trap 'rm -rf "$WORK"' EXIT
	fi
fi

# --- tools --------------------------------------------------------------------

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

if [ ! -x /usr/bin/time ]; then
	say "bench: /usr/bin/time is missing: installing the Debian package 'time' (for peak memory)"
	as_root apt-get install -y -qq time >/dev/null 2>&1 ||
		{ as_root apt-get update -qq >/dev/null 2>&1 && as_root apt-get install -y -qq time >/dev/null 2>&1; } ||
		die "could not install 'time'; install it (apt-get install time) and run again"
fi

has_csafe() { "$1" -c 'import yaml; yaml.CSafeLoader' >/dev/null 2>&1; }
if ! has_csafe "$PY"; then
	if [ -x /usr/bin/python3 ] && has_csafe /usr/bin/python3; then
		say "bench: $PY has no PyYAML with libyaml; using /usr/bin/python3"
		PY=/usr/bin/python3
	else
		say "bench: PyYAML with libyaml is missing: installing the Debian package 'python3-yaml'"
		as_root apt-get install -y -qq python3-yaml >/dev/null 2>&1 ||
			{ as_root apt-get update -qq >/dev/null 2>&1 && as_root apt-get install -y -qq python3-yaml >/dev/null 2>&1; } ||
			die "could not install python3-yaml"
		PY=/usr/bin/python3
		has_csafe "$PY" || die "$PY still has no yaml.CSafeLoader"
	fi
fi

# --- build ----------------------------------------------------------------------

if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
	say "bench: make (release build of ./pevcheck)"
	make --no-print-directory pevcheck >"$WORK/make.log" 2>&1 || { tail -20 "$WORK/make.log" >&2; die "make failed"; }
fi
[ -x ./pevcheck ] || die "./pevcheck is missing: run make"
# A snapshot of the binary and the standard rules, so that a rebuild or a
# rule edit during the run cannot change what is measured half-way.
mkdir -p "$WORK/bin"
cp ./pevcheck "$WORK/bin/pevcheck" || die "cannot copy ./pevcheck"
rm -rf "$WORK/rules" && cp -R rules "$WORK/rules" || die "cannot copy rules/"
PEVCHECK=$WORK/bin/pevcheck
RULES=$WORK/rules
CHECK=("$PEVCHECK" check -f json -r "$RULES")
if "$PEVCHECK" check --help 2>&1 | grep -q -- --no-config; then
	CHECK+=(--no-config) # no .pevcheck.yaml from the working directory
fi
RULE_COUNT=$(LC_ALL=C LANGUAGE= "$PEVCHECK" rules -r "$RULES" 2>/dev/null | grep -oE '^[0-9]+ rules' | grep -oE '[0-9]+' || echo '?')
# The results cache (docs/performance.md): the cold figures check every file
# (--no-cache); the warm ones use a cache and key of the run's own, never the
# user's ~/.cache and ~/.config.
WARM=()
if "$PEVCHECK" check --help 2>&1 | grep -q -- --cache-dir; then
	WARM=("${CHECK[@]}" --cache-dir "$WORK/results-cache")
	CHECK+=(--no-cache)
	PEVCHECK_CACHE_KEY=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	export PEVCHECK_CACHE_KEY
fi

command -v pkg-config >/dev/null && pkg-config --exists yaml-0.1 || die "pkg-config yaml-0.1 not found (make installs libyaml-dev)"
# shellcheck disable=SC2046
cc -O2 -o "$WORK/bin/parse_floor" bench/parse_floor.c $(pkg-config --cflags --libs yaml-0.1) ||
	die "cannot build bench/parse_floor.c"
FLOOR=$WORK/bin/parse_floor

# --- corpora ------------------------------------------------------------------------

CORPUS=$WORK/corpus-$FILES
CORPUS_SMALL=$WORK/corpus-$SMALL
LARGE_FILE=$WORK/large/large.yaml
say "bench: generating $FILES + $SMALL reports and one $LARGE report in $WORK"
t0=$EPOCHREALTIME
rm -rf "$CORPUS" "$CORPUS_SMALL" "$WORK/large"
"$PY" bench/gen.py corpus "$CORPUS" --count "$FILES" --seed "$SEED" || die "gen.py failed"
# the same seed: these are the first $SMALL files of the big corpus
"$PY" bench/gen.py corpus "$CORPUS_SMALL" --count "$SMALL" --seed "$SEED" --quiet || die "gen.py failed"
mkdir -p "$WORK/large"
"$PY" bench/gen.py large "$LARGE_FILE" --size "$LARGE" --seed "$SEED" || die "gen.py large failed"
GEN_S=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
CORPUS_BYTES=$(cat "$CORPUS"/*.yaml | wc -c)
LARGE_BYTES=$(wc -c <"$LARGE_FILE")
SINGLE=$WORK/single.yaml
cp examples/huangpu-2022.yaml "$SINGLE"

# --- measuring ------------------------------------------------------------------------

NICE=()
if [ -n "${BENCH_NICE:-}" ]; then
	nice -n "$BENCH_NICE" true 2>/dev/null && [ "$(nice -n "$BENCH_NICE" nice)" = "$((BENCH_NICE + $(nice)))" ] ||
		say "bench: BENCH_NICE=$BENCH_NICE may not take effect (a negative level needs root)"
	NICE=(nice -n "$BENCH_NICE")
fi

declare -A WALL CPU RSS
# measure NAME RUNS CMD...: best wall time (s) of RUNS runs, CPU (user+sys)
# of that run, and the highest peak RSS (KB) of all.  Exit status 0 or 1
# (findings) is success; anything else stops the benchmark.
# BEFORE_EACH, when set, names a function run (untimed) before each run.
measure() {
	local name=$1 runs=$2 i rc t0 t1 wall line
	shift 2
	WALL[$name]='' CPU[$name]='' RSS[$name]=0
	for ((i = 0; i < runs; i++)); do
		[ -n "${BEFORE_EACH:-}" ] && "$BEFORE_EACH"
		t0=$EPOCHREALTIME
		"${NICE[@]}" /usr/bin/time -f '%M %U %S' -o "$WORK/time.out" "$@" >"$WORK/$name.stdout" 2>"$WORK/$name.stderr"
		rc=$?
		t1=$EPOCHREALTIME
		if [ "$rc" -gt 1 ]; then
			say "bench: $name exited with status $rc:"
			tail -5 "$WORK/$name.stderr" >&2
			die "$name failed"
		fi
		line=$(tail -n 1 "$WORK/time.out")
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
		read -r rss user sys <<<"$line"
		if [ -z "${WALL[$name]}" ] || awk -v w="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(w < b) }'; then
			WALL[$name]=$wall
			CPU[$name]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
		fi
		[ "$rss" -gt "${RSS[$name]}" ] && RSS[$name]=$rss
	done
	say "bench:   $name: best ${WALL[$name]} s (cpu ${CPU[$name]} s), peak RSS ${RSS[$name]} KB"
}

# One short process, many times, timed without /usr/bin/time in between:
# sets SHORT_BEST and SHORT_MEDIAN in ms.
measure_short() {
	local runs=$1 i t0 t1
	shift
	: >"$WORK/short.txt"
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		"${NICE[@]}" "$@" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >>"$WORK/short.txt"
	done
	SHORT_BEST=$(sort -n "$WORK/short.txt" | head -1)
	SHORT_MEDIAN=$(sort -n "$WORK/short.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
}

# How busy the CPUs are with other work: the share not idle over one second.
busy() {
	local a b
	a=$(awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat)
	sleep 1
	b=$(awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); u = y[1] - x[1]; i = y[2] - x[2];
		printf "%.0f", (u + i) ? 100 * u / (u + i) : 0 }'
}
BUSY_START=$(busy)
say "bench: measuring (CPUs ${BUSY_START}% busy with other work)"
measure floor "$REPEAT" "$FLOOR" "$CORPUS"
measure j1 "$REPEAT" "${CHECK[@]}" -j 1 -o "$WORK/pevcheck-j1.json" "$CORPUS"
measure j2 "$REPEAT" "${CHECK[@]}" -j 2 -o "$WORK/pevcheck-j2.json" "$CORPUS"
measure small "$REPEAT" "${CHECK[@]}" -j 1 -o "$WORK/pevcheck-small.json" "$CORPUS_SMALL"
measure peer "$SLOW_REPEAT" "$PY" bench/peer.py -o "$WORK/peer.json" "$CORPUS"
measure large "$SLOW_REPEAT" "${CHECK[@]}" -j 1 -o "$WORK/pevcheck-large.json" "$LARGE_FILE"
measure single_rss 3 "${CHECK[@]}" -j 1 -o "$WORK/pevcheck-single.json" "$SINGLE"
measure_short "$SINGLE_REPEAT" /bin/true
TRUE_BEST=$SHORT_BEST
measure_short "$SINGLE_REPEAT" "${CHECK[@]}" -j 1 -o "$WORK/pevcheck-single.json" "$SINGLE"
SINGLE_BEST=$SHORT_BEST SINGLE_MEDIAN=$SHORT_MEDIAN
# Re-runs with the results cache, on a copy of the corpus: the first run
# fills it; then nothing changed; then, before each run, another 1 % of the
# files edited (a line appended: each is read and checked again).
EDIT_ROUND=0
edit_one_percent() {
	EDIT_ROUND=$((EDIT_ROUND + 1))
	local i=0 f
	for f in "$CORPUS_WARM"/*.yaml; do
		i=$((i + 1))
		[ $((i % 100)) = $((EDIT_ROUND % 100)) ] && echo "# bench edit $EDIT_ROUND" >>"$f"
	done
}
if [ ${#WARM[@]} -gt 0 ]; then
	CORPUS_WARM=$WORK/corpus-warm
	rm -rf "$CORPUS_WARM" "$WORK/results-cache" && cp -R "$CORPUS" "$CORPUS_WARM"
	measure warm_fill 1 "${WARM[@]}" -j 1 -o "$WORK/warm-fill.json" "$CORPUS_WARM"
	measure warm0 "$REPEAT" "${WARM[@]}" -j 1 -o "$WORK/warm0.json" "$CORPUS_WARM"
	BEFORE_EACH=edit_one_percent measure warm1 "$REPEAT" "${WARM[@]}" -j 1 -o "$WORK/warm1.json" "$CORPUS_WARM"
	"${CHECK[@]}" -j 1 -o "$WORK/warm1-cold.json" "$CORPUS_WARM" 2>/dev/null
	BEFORE_EACH=edit_one_percent measure warm1_j2 1 "${WARM[@]}" -j 2 -o "$WORK/warm1-j2.json" "$CORPUS_WARM"
	"${CHECK[@]}" -j 1 -o "$WORK/warm1-j2-cold.json" "$CORPUS_WARM" 2>/dev/null
	measure_short "$SINGLE_REPEAT" "${WARM[@]}" -j 1 -o "$WORK/pevcheck-single.json" "$SINGLE"
	SINGLE_WARM_BEST=$SHORT_BEST SINGLE_WARM_MEDIAN=$SHORT_MEDIAN
	CACHE_BYTES=$(du -sb "$WORK/results-cache" | cut -f1)
fi
BUSY_END=$(busy)

# --- report -------------------------------------------------------------------------------

calc() { awk "BEGIN { $1 }"; }
MB() { calc "printf \"%.1f MB\", $1 / 1024"; } # KB -> MB (MiB)
verdict() { calc "print ($1) ? \"PASS\" : \"MISS\""; }
rows=()
row() { rows+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4"$'\t'"$5"); }

j1=${WALL[j1]} j2=${WALL[j2]} floor=${WALL[floor]} peer=${WALL[peer]} large=${WALL[large]}
r=$(calc "printf \"%.2f\", $j1 / $floor")
row "-j 1, $FILES files, vs libyaml parse-only floor" "$(printf '%.2f s vs %.2f s' "$j1" "$floor")" \
	"<= 2x floor" "${r}x" "$(verdict "$r <= 2")"
r=$(calc "printf \"%.1f\", $peer / $j1")
row "-j 1 vs Python peer (PyYAML CSafeLoader)" "$(printf '%.2f s vs %.2f s' "$j1" "$peer")" \
	">= 10x faster" "${r}x" "$(verdict "$r >= 10")"
r=$(calc "printf \"%.2f\", $j1 / $j2")
row "-j 2 vs -j 1 speedup, $FILES files" "$(printf '%.2f s vs %.2f s' "$j2" "$j1")" \
	">= 1.8x" "${r}x" "$(verdict "$r >= 1.8")"
r=$(calc "printf \"%.2f\", ${RSS[j1]} / ${RSS[small]}")
row "peak RSS, $SMALL vs $FILES files (-j 1)" "$(MB "${RSS[small]}") vs $(MB "${RSS[j1]}")" \
	"within 20%" "${r}x" "$(verdict "$r <= 1.2 && $r >= 0.8")"
r=$(calc "printf \"%.2f\", ${RSS[j1]} / 1024 / 50")
row "peak RSS, $FILES files (-j 1)" "$(MB "${RSS[j1]}")" "< 50 MB" "${r}x of limit" \
	"$(verdict "${RSS[j1]} < 50 * 1024")"
if [ ${#WARM[@]} -gt 0 ]; then
	w0=${WALL[warm0]} w1=${WALL[warm1]}
	r=$(calc "printf \"%.2f\", $w0 / $floor")
	row "re-run, nothing changed (results cache) vs floor" "$(printf '%.2f s vs %.2f s' "$w0" "$floor")" \
		"< 1x floor" "${r}x" "$(verdict "$r < 1")"
	r=$(calc "printf \"%.3f\", $w1 / $j1")
	row "re-run, 1 % of files changed, vs -j 1 cold" "$(printf '%.2f s vs %.2f s' "$w1" "$j1")" \
		"<= 0.15x cold" "${r}x" "$(verdict "$r <= 0.15")"
fi
r=$(calc "printf \"%.2f\", $SINGLE_BEST / 10")
row "one file end to end (seed report; best of $SINGLE_REPEAT)" \
	"$(printf '%.2f ms (median %.2f)' "$SINGLE_BEST" "$SINGLE_MEDIAN")" "< 10 ms" "${r}x of limit" \
	"$(verdict "$SINGLE_BEST < 10")"
LARGE_MB=$(calc "printf \"%.1f\", $LARGE_BYTES / 1048576")
r=$(calc "printf \"%.2f\", $large / $LARGE_GOAL")
row "one $LARGE_MB MB report: time" "$(printf '%.2f s' "$large")" "< ${LARGE_GOAL} s" "${r}x of limit" \
	"$(verdict "$large < $LARGE_GOAL")"
r=$(calc "printf \"%.1f\", ${RSS[large]} * 1024 / $LARGE_BYTES")
row "one $LARGE_MB MB report: peak RSS" "$(MB "${RSS[large]}")" "< 10x size" "${r}x size" \
	"$(verdict "$r < 10")"

echo
echo "pevcheck benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $("$PEVCHECK" --version 2>/dev/null | head -1)"
echo "corpus: $FILES reports ($(calc "printf \"%.1f KB\", $CORPUS_BYTES / $FILES / 1024") average, $(calc "printf \"%.1f MB\", $CORPUS_BYTES / 1048576")), generated in ${GEN_S} s; $RULE_COUNT rules; best of $REPEAT (peer and large: $SLOW_REPEAT)"
echo
{
	printf 'figure\tvalue\tgoal\tratio\tresult\n'
	printf '%s\n' "${rows[@]}"
} | awk -F'\t' '
	# display width: ASCII 1 column; a UTF-8 sequence (a CJK character, 3 bytes) 2 columns
	function w(s,    n, j, b) { n = 0; for (j = 1; j <= length(s); j++) { b = substr(s, j, 1); if (b ~ /[ -~]/) n++; else n += 2 / 3 } return int(n + 0.5) }
	{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (w($i) > width[i]) width[i] = w($i) } rows = NR; cols = NF }
	END {
		for (r = 1; r <= rows; r++) {
			line = ""
			for (i = 1; i <= cols; i++) {
				pad = width[i] - w(cell[r, i]); s = cell[r, i]
				for (k = 0; k < pad; k++) s = s " "
				line = line s (i < cols ? "  " : "")
			}
			print line
			if (r == 1) { u = ""; for (i = 1; i <= cols; i++) { for (k = 0; k < width[i]; k++) u = u "-"; if (i < cols) u = u "  " } print u }
		}
	}'
echo
echo "throughput (-j 1): $(calc "printf \"%.0f files/s, %.1f MB/s\", $FILES / $j1, $CORPUS_BYTES / 1048576 / $j1"); floor $(calc "printf \"%.0f files/s\", $FILES / $floor"); peer $(calc "printf \"%.0f files/s\", $FILES / $peer")"
echo "CPU time (user+sys): floor ${CPU[floor]} s, -j 1 ${CPU[j1]} s, -j 2 ${CPU[j2]} s, peer ${CPU[peer]} s, large ${CPU[large]} s" \
	"— CPU ratios: vs floor $(calc "printf \"%.2fx\", ${CPU[j1]} / ${CPU[floor]}"), peer/pevcheck $(calc "printf \"%.1fx\", ${CPU[peer]} / ${CPU[j1]}")"
echo "one file: process start to exit incl. compiling every rule file; /bin/true measured the same way takes ${TRUE_BEST} ms; peak RSS $(MB "${RSS[single_rss]}")"
echo "peak RSS of the floor $(MB "${RSS[floor]}"), of the peer $(MB "${RSS[peer]}"), of -j 2 $(MB "${RSS[j2]}")"
if [ ${#WARM[@]} -gt 0 ]; then
	echo "results cache (-j 1): the run that fills it ${WALL[warm_fill]} s (cpu ${CPU[warm_fill]} s);" \
		"nothing changed: cpu ${CPU[warm0]} s vs the floor's ${CPU[floor]} s; 1 % changed: cpu ${CPU[warm1]} s," \
		"at -j 2 ${WALL[warm1_j2]} s; $(calc "printf \"%.1f MB\", $CACHE_BYTES / 1048576") on disk;" \
		"peak RSS $(MB "${RSS[warm0]}")"
	echo "one file from the results cache: $(printf '%.2f ms (median %.2f)' "$SINGLE_WARM_BEST" "$SINGLE_WARM_MEDIAN")"
	if cmp -s "$WORK/warm1.json" "$WORK/warm1-cold.json" && cmp -s "$WORK/warm1-j2.json" "$WORK/warm1-j2-cold.json"; then
		echo "results cache output: identical to checking every file (-j 1 and -j 2)"
	else
		echo "results cache output: DIFFERS from checking every file (see $WORK/warm*.json with BENCH_KEEP=1)"
	fi
fi
if cmp -s "$WORK/pevcheck-j1.json" "$WORK/pevcheck-j2.json"; then
	echo "-j 2 output: identical to -j 1"
else
	echo "-j 2 output: DIFFERS from -j 1 (see $WORK/pevcheck-j*.json with BENCH_KEEP=1)"
fi
echo "other work on the CPUs: ${BUSY_START}% busy before, ${BUSY_END}% after${BENCH_NICE:+ (measured at nice $BENCH_NICE)}$(awk -v a="$BUSY_START" -v b="$BUSY_END" 'BEGIN { if (a > 10 || b > 10) printf " — the machine was busy: wall times are inflated, the CPU times less so" }')"
echo
echo "findings against the corpus manifest (an injected problem must give an error, a clean report none):"
"$PY" bench/agree.py "$CORPUS/manifest.tsv" "pevcheck=$WORK/pevcheck-j1.json" "peer=$WORK/peer.json" ||
	echo "  (a disagreement means the generator and the rule set have drifted apart: the timings still stand, but say so)"
[ "${BENCH_KEEP:-}" = 1 ] || [ -n "${BENCH_DIR:-}" ] && echo "work files kept in $WORK"
exit 0
