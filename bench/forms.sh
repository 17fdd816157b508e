#!/usr/bin/env bash
# bench/forms.sh — how much slower a form is than the data file it is read
# as (`make bench-forms`; see bench/README.md).
#
# Writes the forms of tests/forms/gen_forms.py, copies three of them
# BENCH_FORMS times (the national 自评表 workbook, the seed's Word report and
# its text) and the data files `pevcheck import` reads them as, and checks
# each folder with `pevcheck check -j 1 --no-cache -f json` (the results
# cache would hand every copy after the first over unread).  Prints the CPU time
# (user + system, best of BENCH_REPEAT), files per CPU second for each kind
# and the ratio to its data files.  No goal is asserted.  Needs
# /usr/bin/time (Debian package time).
#
#   BENCH_FORMS=1000   copies of each form
#   BENCH_REPEAT=3     runs of each measurement (the best is kept)
set -uo pipefail
export LC_NUMERIC=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
N=${BENCH_FORMS:-1000}
REPEAT=${BENCH_REPEAT:-3}
P=$ROOT/pevcheck
[ -x "$P" ] || { echo "bench-forms: build ./pevcheck first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-forms: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pevcheck-bench-forms.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
python3 tests/forms/gen_forms.py "$WORK/src" >/dev/null || exit 2
cp tests/forms/seed-huangpu-2022.txt "$WORK/src/seed.txt"

# copies FORM EXT KIND: N copies of FORM, and N of the data file it is read as
copies() {
	local form=$1 ext=$2 kind=$3
	mkdir -p "$WORK/$kind" "$WORK/$kind-yaml"
	"$P" import -r rules "$form" >"$WORK/one.yaml" 2>/dev/null || { echo "bench-forms: cannot import $form" >&2; exit 2; }
	for i in $(seq 1 "$N"); do
		cp "$form" "$WORK/$kind/f$i.$ext"
		cp "$WORK/one.yaml" "$WORK/$kind-yaml/f$i.yaml"
	done
}

# best DIR [FILES-FROM]: the least CPU time (user + system) of REPEAT
# checks, in seconds: on a machine doing other work, wall time says more
# about the machine than about pevcheck
best() {
	local b="" t
	for _ in $(seq 1 "$REPEAT"); do
		if [ -n "${2:-}" ]; then
			/usr/bin/time -o "$WORK/time" -f "%U %S" "$P" check -j 1 --no-cache -f json -r rules \
				-o "$WORK/out.json" --files-from "$2" >/dev/null 2>&1
		else
			/usr/bin/time -o "$WORK/time" -f "%U %S" "$P" check -j 1 --no-cache -f json -r rules \
				-o "$WORK/out.json" "$1" >/dev/null 2>&1
		fi
		t=$(awk 'END { printf "%.3f", $1 + $2 }' "$WORK/time")
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	echo "$b"
}

copies "$WORK/src/national-langfang-2019.xlsx" xlsx xlsx
copies "$WORK/src/dept-huangpu-2022.docx" docx docx
copies "$WORK/src/seed.txt" txt text
ls "$WORK"/text/*.txt >"$WORK/text.list" # a folder walk takes no .txt

printf '%-28s %8s %10s %10s\n' "form ($N files each)" "CPU s" "files/s" "vs YAML"
for kind in xlsx docx text; do
	if [ "$kind" = text ]; then f=$(best "" "$WORK/text.list"); else f=$(best "$WORK/$kind"); fi
	y=$(best "$WORK/$kind-yaml")
	awk -v k="$kind" -v f="$f" -v y="$y" -v n="$N" 'BEGIN {
		printf "%-28s %8.3f %10.0f %9.2fx\n", k, f, n / f, f / y
		printf "%-28s %8.3f %10.0f\n", "  its data files (.yaml)", y, n / y }'
done
