#!/usr/bin/env bash
# Run every test against one or more build variants (build/plain,
# build/asan): the cmocka unit tests, the rules' own tests through
# `pevcheck test`, and the end-to-end tests; once, luacheck on the rules
# and tests/po-check.sh on the translations.  The last line is the total,
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
# The tests expect the engine's messages in Chinese (po/zh_CN.po); the
# English ones have their own checks in tests/e2e/run.sh.
export LANG=zh_CN.UTF-8 2>/dev/null # bash warns when the locale is not installed
unset LANGUAGE LC_ALL LC_MESSAGES 2>/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
log=$(mktemp)
# One results cache for the whole run, not the user's, and its key: the
# first suite fills it and the rest read it, so that every suite's expected
# output is also checked against results from the cache
# (tests/e2e/results-cache.sh tests the cache itself).
PEVCHECK_CACHE_DIR=$(mktemp -d)
PEVCHECK_CACHE_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PEVCHECK_CACHE_DIR PEVCHECK_CACHE_KEY
# The forms the readers' unit and end-to-end tests read, generated once
# (tests/forms/gen_forms.py): every suite finds them here.
PEVCHECK_FORMS_DIR=$(mktemp -d)
export PEVCHECK_FORMS_DIR
trap 'rm -f "$log"; rm -rf "$PEVCHECK_CACHE_DIR" "$PEVCHECK_FORMS_DIR"' EXIT
if ! python3 tests/forms/gen_forms.py "$PEVCHECK_FORMS_DIR" >"$log" 2>&1; then
	echo "FAIL  tests/forms/gen_forms.py could not write the forms:"
	sed 's/^/      | /' "$log" | tail -20
	failed=$((failed + 1))
fi

# Add the counts from a suite's "N passed, N failed" line; a suite that
# crashed or printed no such line counts as one failure.
tally() {
	local name=$1 status=$2 line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL  $name: no summary line (exit status $status)"
		tail -20 "$log" | sed 's/^/      | /'
		failed=$((failed + 1))
		return
	fi
	local p f
	p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" = 0 ] && [ "$status" != 0 ]; then
		echo "FAIL  $name: exit status $status"
		tail -20 "$log" | sed 's/^/      | /'
		failed=$((failed + 1))
	fi
	echo "$name: $line"
}

# The rules themselves, through luacheck with the sandbox's globals
# (.luacheckrc): one test per Lua file.
lint() {
	local dirs="rules examples/rules docs/lua" total bad
	total=$(find $dirs -name '*.lua' | wc -l)
	luacheck --no-color --formatter plain $dirs >"$log" 2>&1
	local status=$?
	bad=$(cut -d: -f1 "$log" | sort -u | grep -c . || true)
	sed 's/^/FAIL  luacheck: /' "$log" | head -20
	echo "$((total - bad)) passed, $bad failed" >>"$log"
	tally "luacheck" "$([ "$bad" = 0 ] && echo 0 || echo "$status")"
}
lint

# The Chinese catalog: complete, nothing fuzzy, in step with src/.
tests/po-check.sh >"$log" 2>&1
status=$?
grep -E '^FAIL' -A8 "$log" | head -30
tally "po" "$status"

# "valgrind:DIR": the end-to-end tests once more, every pevcheck run under
# valgrind memcheck; any error or leak makes that run exit 99.
memcheck() {
	local bin wrapper
	bin=$(realpath "$1/pevcheck")
	wrapper=$(mktemp -d)/pevcheck
	cat >"$wrapper" <<SH
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect "$bin" "\$@"
SH
	chmod +x "$wrapper"
	PEVCHECK_E2E_QUICK=1 tests/e2e/run.sh "$wrapper" >"$log" 2>&1
	local status=$?
	grep -E '^FAIL' -A8 "$log" | head -60
	tally "valgrind e2e run" "$status"
	rm -rf "$(dirname "$wrapper")"
}

for variant in "$@"; do
	case $variant in
	valgrind:*)
		memcheck "${variant#valgrind:}"
		continue
		;;
	browser:*)
		# The HTML report in headless Chromium (installs chromium and a
		# CJK font when missing); the screenshot stays in tests/artifacts/.
		tests/browser/screenshot.sh "${variant#browser:}/pevcheck" >"$log" 2>&1
		status=$?
		grep -E '^FAIL|^installing' -A3 "$log" | head -20
		tally "browser" "$status"
		continue
		;;
	esac
	v=$(basename "$variant")
	# One binary for each test source: a binary left in the build folder by
	# a test since removed does not run.
	for src in tests/unit/test_*.c; do
		t="$variant/unit/$(basename "$src" .c)"
		if [ ! -x "$t" ]; then
			echo "missing unit test binary $t" >"$log"
			tally "$(basename "$variant") unit $(basename "$t")" 1
			continue
		fi
		"$t" >"$log" 2>&1
		status=$?
		# cmocka: "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
		p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
		f=$(grep -oE '^\[  FAILED  \] [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
		echo "${p:-0} passed, ${f:-0} failed" >>"$log"
		[ -z "$p$f" ] && : >"$log"
		grep -E '^\[  (FAILED|ERROR)' "$log" | head -5
		tally "$v unit $(basename "$t")" "$status"
	done
	"$variant/pevcheck" test rules examples/rules >"$log" 2>&1
	status=$?
	grep -E '^FAIL' -A6 "$log" | head -40
	tally "$v rule tests" "$status"
	for suite in tests/e2e/*.sh; do
		[ "$suite" = tests/e2e/lib.sh ] && continue # sourced by the suites
		"$suite" "$variant/pevcheck" >"$log" 2>&1
		status=$?
		grep -E '^FAIL' -A8 "$log" | head -60
		tally "$v e2e $(basename "$suite" .sh)" "$status"
	done
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
