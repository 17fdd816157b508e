# What the end-to-end suites share; each sources it first thing, with its
# name in $suite (the "FAIL  NAME: ..." lines) and the binary in $1:
#
#   suite=formats
#   . "$(dirname "$0")/lib.sh"
#
# It leaves the suite in the checkout's root with $bin (the binary, made
# absolute), $root, $work (a temporary folder, removed on exit) and the
# counters $passed and $failed; check() to run one command and check its
# output, assert() to require a command's success; finish() to end.
# Not a suite itself: tests/run-all.sh passes it over.
set -u
# The engine's messages these tests expect are the Chinese ones: run in a
# Chinese locale whatever the caller's (pevcheck falls back to C.UTF-8 with
# the zh_CN catalog when zh_CN.UTF-8 is not installed).
export LANG=zh_CN.UTF-8 2>/dev/null # bash warns when the locale is not installed
unset LANGUAGE LC_ALL LC_MESSAGES 2>/dev/null
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The results cache (on by default) in the test's own folder, with a key of
# its own, unless tests/run-all.sh shares one among the suites: never the
# user's ~/.cache or ~/.config.
if [ -z "${PEVCHECK_CACHE_DIR:-}" ] || [ -z "${PEVCHECK_CACHE_KEY:-}" ]; then
	export PEVCHECK_CACHE_DIR=$work/cache
	PEVCHECK_CACHE_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	export PEVCHECK_CACHE_KEY
fi
passed=0
failed=0

# check NAME EXPECTED_STATUS PATTERNS -- COMMAND...
# PATTERNS: fixed strings separated by "|", each must occur in stdout+stderr;
# a pattern starting with "!" must not occur.
check() {
	local name=$1 want=$2 patterns=$3
	shift 4
	local out status
	out=$("$@" 2>&1)
	status=$?
	local ok=1 why=""
	if [ "$status" != "$want" ]; then
		ok=0
		why="exit status $status, expected $want"
	fi
	local IFS='|'
	for p in $patterns; do
		[ -z "$p" ] && continue
		if [ "${p:0:1}" = "!" ]; then
			if grep -qF -- "${p:1}" <<<"$out"; then
				ok=0
				why="$why; output contains '${p:1}'"
			fi
		elif ! grep -qF -- "$p" <<<"$out"; then
			ok=0
			why="$why; output lacks '$p'"
		fi
	done
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  $suite: $name: $why"
		head -c 3000 <<<"$out" | sed 's/^/      | /'
	fi
}

# assert NAME COMMAND...: passes when the command succeeds.
assert() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  $suite: $name: assertion failed: $*"
	fi
}

# finish [LABEL]: the suite's last lines, "N passed, N failed" (after
# "LABEL: N passed, N failed" when a label is given), which tests/run-all.sh
# reads; the status is 0 when nothing failed.
finish() {
	[ $# -gt 0 ] && echo "$1: $passed passed, $failed failed"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
