#!/usr/bin/env bash
# End-to-end tests that pevcheck runs only what the rule source says: it
# keeps no cache of compiled rules (docs/security.md 5.1) and never reads
# Lua bytecode from anywhere.  Once it did: a repository, or another user,
# could supply a "compiled" entry for a rule, and what ran was that entry
# (its finding said PWNED; a malformed one gave SIGSEGV).  Here every place
# the old cache lived (PEVCHECK_CACHE_DIR, XDG_CACHE_HOME/pevcheck,
# ~/.cache/pevcheck, a .cache/pevcheck inside a checkout, a link another
# user planted) holds entries: the report is the one the source gives,
# nothing there is opened or written.  The results cache of check
# (tests/e2e/results-cache.sh) keeps its own entries in a results/ folder
# of the same directories: with it on, the planted entries are still
# neither opened nor changed.
#
#   tests/e2e/cache.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=cache
. "$(dirname "$0")/lib.sh"
unset PEVCHECK_CACHE PEVCHECK_CACHE_DIR XDG_CACHE_HOME 2>/dev/null
example=examples/huangpu-2022.yaml

# The rules under test: a copy of the standard rules, so that editing one
# does not touch the checkout.
cp -r rules "$work/r"
R=$work/r

# run OUT [ARGS...]: check the example with the copied rules, the results
# cache off; run_cached: with it on.
run() {
	local out=$1
	shift
	"$bin" check --no-cache -f json -r "$R" "$@" "$example" >"$out" 2>"$out.err"
	echo $? >"$out.status"
}
run_cached() {
	local out=$1
	shift
	"$bin" check -f json -r "$R" "$@" "$example" >"$out" 2>"$out.err"
	echo $? >"$out.status"
}
same_run() { cmp -s "$1" "$2" && cmp -s "$1.status" "$2.status"; }
files_in() { find "$1" -type f 2>/dev/null | wc -l; }

run "$work/plain.json"
assert "the report is the one the seed gives (94.57, 资产变动登记不及时)" grep -q '"computed":94.57.*资产变动登记不及时' "$work/plain.json"

# Entries where the old cache looked, in its format ("PEVLUAC1", the rule
# file's name and source, then "code"): random bytes, and a header that
# claims a Lua 5.4 chunk.  Whatever they hold, none is read.
plant() { # DIR: fill DIR with entries for every rule file
	mkdir -p "$1"
	chmod 700 "$1"
	local i=0 f
	for f in $(find "$R" -name '*.lua'); do
		i=$((i + 1))
		python3 - "$1/$(printf '%016x' "$i").luac" "$f" <<'PY'
import os, struct, sys
path, source = sys.argv[1], sys.argv[2]
name = b'@' + source.encode()
text = open(source, 'rb').read()
code = b'\x1bLua\x54\x00' + os.urandom(200) + 'PWNED 缓存里的代码'.encode()
header = b'PEVLUAC1' + struct.pack('<IIII', len(name), len(text), len(code), 504) + struct.pack('<Q', 0)
open(path, 'wb').write(header + name + text + code)
os.chmod(path, 0o600)
PY
	done
	head -c 4096 /dev/urandom >"$1/ffffffffffffffff.luac"
	chmod 600 "$1/ffffffffffffffff.luac"
	touch -d '2 days ago' "$1"/*.luac
	find "$1" -type f -exec md5sum {} + | sort >"$1.sums"
}
untouched() { # DIR: the planted entries are all there, unchanged, and nothing new
	find "$1" -type f -exec md5sum {} + | sort | cmp -s - "$1.sums"
}
planted_untouched() { # DIR: the same, the results cache's own folder aside
	find "$1" -maxdepth 1 -type f -exec md5sum {} + | sort | cmp -s - "$1.sums"
}

plant "$work/env-dir"
PEVCHECK_CACHE_DIR=$work/env-dir run "$work/env.json"
assert "PEVCHECK_CACHE_DIR's entries are not run" same_run "$work/plain.json" "$work/env.json"
assert "... nor changed, nor added to" untouched "$work/env-dir"

PEVCHECK_CACHE_DIR=$work/env-dir run_cached "$work/env-results.json"
PEVCHECK_CACHE_DIR=$work/env-dir run_cached "$work/env-results2.json"
assert "with the results cache on: the same report, from its own entries the second time" \
	bash -c "cmp -s '$work/plain.json' '$work/env-results2.json' && grep -q '1 份报告中有 1 份' '$work/env-results2.json.err'"
assert "... the planted entries neither run nor changed" planted_untouched "$work/env-dir"
assert "... the results kept in results/" test -n "$(ls "$work/env-dir/results")"

plant "$work/xdg/pevcheck"
XDG_CACHE_HOME=$work/xdg run "$work/xdg.json"
assert "XDG_CACHE_HOME/pevcheck's entries are not run" same_run "$work/plain.json" "$work/xdg.json"
assert "... nor changed" untouched "$work/xdg/pevcheck"

plant "$work/home/.cache/pevcheck"
HOME=$work/home run "$work/home.json"
assert "~/.cache/pevcheck's entries are not run" same_run "$work/plain.json" "$work/home.json"
assert "... nor changed" untouched "$work/home/.cache/pevcheck"

# A CI job that caches .cache/pevcheck inside the checkout: the repository
# supplies the entries.
plant "$R/.cache/pevcheck"
PEVCHECK_CACHE_DIR=$R/.cache/pevcheck XDG_CACHE_HOME=$R/.cache run "$work/checkout.json"
assert "entries inside the checkout are not run" same_run "$work/plain.json" "$work/checkout.json"
assert "... nor changed" untouched "$R/.cache/pevcheck"

# Another user's link at the cache path, into the victim's checkout.
mkdir -p "$work/shared"
chmod 1777 "$work/shared"
ln -s "$R/.cache/pevcheck" "$work/shared/pevcheck"
XDG_CACHE_HOME=$work/shared run "$work/link.json"
assert "a planted link to entries is not followed" same_run "$work/plain.json" "$work/link.json"

# Nothing under any of these places is even opened (when strace is here).
if command -v strace >/dev/null 2>&1; then
	PEVCHECK_CACHE_DIR=$work/env-dir XDG_CACHE_HOME=$work/xdg HOME=$work/home \
		strace -f -qq -e trace=open,openat,stat,newfstatat,lstat,mkdir -o "$work/trace" \
		"$bin" check --no-cache -f json -r "$R" -o /dev/null "$example" 2>/dev/null
	assert "no cache path is opened, looked at or made" \
		test -z "$(grep -E "$work/(env-dir|xdg|home)" "$work/trace")"
	PEVCHECK_CACHE_DIR=$work/env-dir XDG_CACHE_HOME=$work/xdg HOME=$work/home \
		strace -f -qq -e trace=open,openat,stat,newfstatat,lstat -o "$work/trace-results" \
		"$bin" check -f json -r "$R" -o /dev/null "$example" 2>/dev/null
	assert "with the results cache on, its folder is opened, no planted entry" \
		bash -c "grep -q '$work/env-dir' '$work/trace-results' && ! grep -q 'luac' '$work/trace-results'"
fi

# No cache is written: a fresh HOME stays empty.
mkdir -p "$work/fresh-home"
HOME=$work/fresh-home XDG_CACHE_HOME= run "$work/fresh.json"
assert "nothing is written in HOME" test "$(files_in "$work/fresh-home")" = 0
assert "... and the report is the same" same_run "$work/plain.json" "$work/fresh.json"
mkdir -p "$work/fresh-home2"
HOME=$work/fresh-home2 XDG_CACHE_HOME= XDG_CONFIG_HOME= PEVCHECK_CACHE_KEY= run_cached "$work/fresh2.json"
assert "with the results cache on, HOME holds its results and its key, and nothing else" \
	test "$(cd "$work/fresh-home2" && find . -type f | sed 's|/[0-9a-f]\{64\}$|/ENTRY|' | sort | tr '\n' ' ')" = \
	"./.cache/pevcheck/results/ENTRY ./.config/pevcheck/cache.key "

# --no-cache, which turned the old cache off, is still accepted.
run "$work/nc.json" --no-cache
assert "check --no-cache is accepted and gives the same report" same_run "$work/plain.json" "$work/nc.json"
"$bin" test --no-cache rules >"$work/test.out" 2>&1
assert "test --no-cache is accepted" grep -qE '^[0-9]+ passed, 0 failed' "$work/test.out"

# An edited rule takes effect at once; the original again gives the
# original report.
target=$R/department/asset-registration.lua
cp "$target" "$work/rule.orig"
sed -i 's/资产变动登记不及时（超过/资产变动登记不及时（改动）（超过/' "$target"
run "$work/edited.json"
assert "an edited rule changes the report" grep -q '改动' "$work/edited.json"
cp "$work/rule.orig" "$target"
run "$work/back.json"
assert "the original source again gives the original report" same_run "$work/plain.json" "$work/back.json"

# A syntax error fails the same way every time, naming the file and line.
B=$work/bad
cp -r tests/e2e/rules/fine "$B"
printf 'rule { id = "x", \n' >"$B/broken.lua"
"$bin" check -r "$B" "$example" >"$work/bad1.out" 2>&1
echo $? >"$work/bad1.out.status"
"$bin" check -r "$B" "$example" >"$work/bad2.out" 2>&1
echo $? >"$work/bad2.out.status"
assert "a rule file with a syntax error fails the same way twice" same_run "$work/bad1.out" "$work/bad2.out"
assert "... naming the file and line" grep -q 'broken.lua:' "$work/bad1.out"

# Two workers compile the rules each: the same report as one.
mkdir -p "$work/many"
for i in 1 2 3 4 5 6; do cp "$example" "$work/many/r$i.yaml"; done
"$bin" check -j 2 -f json -r "$R" -o "$work/j2.json" "$work/many" 2>/dev/null
"$bin" check -j 1 -f json -r "$R" -o "$work/j1.json" "$work/many" 2>/dev/null
assert "two workers: the same report as one" cmp -s "$work/j2.json" "$work/j1.json"

finish cache
