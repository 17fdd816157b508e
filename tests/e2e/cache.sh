#!/usr/bin/env bash
# End-to-end tests of the cache of compiled rules (src/rules_chunk_cache.c):
# a warm run reads compiled code and gives the same output as a cold one
# and as --no-cache; an edited rule file is compiled again; an entry that
# is damaged, swapped, a symlink, or writable by others is never run; a
# directory that is not the user's own is not used; PEVCHECK_CACHE=off,
# --no-cache, XDG_CACHE_HOME and HOME choose where (or whether) it lives;
# a full cache drops its oldest half.
#
#   tests/e2e/cache.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=cache
. "$(dirname "$0")/lib.sh"
unset PEVCHECK_CACHE PEVCHECK_CACHE_DIR XDG_CACHE_HOME 2>/dev/null
# A test makes a directory unwritable: let the cleanup still remove it.
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
example=examples/huangpu-2022.yaml

entries() { find "$1" -maxdepth 1 -name '*.luac' 2>/dev/null | wc -l; }
mode_of() { stat -c %a "$1"; }

# The rules under test: a copy of the standard rules, so that editing one
# does not touch the checkout.
cp -r rules "$work/r"
R=$work/r
rule_files=$(find "$R" -name '*.lua' | wc -l)

# run CACHE_DIR OUT [ARGS...]: check the example with the copied rules.
run() {
	local dir=$1 out=$2
	shift 2
	PEVCHECK_CACHE_DIR=$dir "$bin" check -f json -r "$R" "$@" "$example" >"$out" 2>"$out.err"
	echo $? >"$out.status"
}
same_run() { cmp -s "$1" "$2" && cmp -s "$1.status" "$2.status"; }

# Entry tools: find the entry of a file, swap its code for another's,
# flip a byte of its code (the format is documented in rules_chunk_cache.c).
entry_tool() {
	python3 - "$@" <<'PY'
import os, struct, sys, glob
HEADER = 8 + 16 + 8
def parse(path):
    b = open(path, 'rb').read()
    nl, sl, cl, rel = struct.unpack('<IIII', b[8:24])
    name = b[HEADER:HEADER + nl]
    return b, nl, sl, cl, rel, name
def find(d, source):
    for p in glob.glob(os.path.join(d, '*.luac')):
        if parse(p)[5] == b'@' + source.encode():
            return p
    sys.exit('no entry for ' + source)
def checksum(code):
    h = (0xcbf29ce484222325 ^ len(code)) & (2**64 - 1)
    i = 0
    while len(code) - i >= 8:
        w = int.from_bytes(code[i:i + 8], 'little')
        h = ((h ^ w) * 0x9e3779b97f4a7c15) & (2**64 - 1)
        h ^= h >> 29
        i += 8
    for c in code[i:]:
        h = ((h ^ c) * 0x100000001b3) & (2**64 - 1)
    return h
cmd = sys.argv[1]
if cmd == 'find':
    print(find(sys.argv[2], sys.argv[3]))
elif cmd == 'swap':  # swap DIR_TO SOURCE DIR_FROM: give DIR_TO's entry DIR_FROM's code
    to, frm = find(sys.argv[2], sys.argv[3]), find(sys.argv[4], sys.argv[3])
    b, nl, sl, cl, rel, _ = parse(to)
    fb, fnl, fsl, fcl, _, _ = parse(frm)
    code = fb[HEADER + fnl + fsl:]
    out = b[:8] + struct.pack('<IIII', nl, sl, len(code), rel) + struct.pack('<Q', checksum(code)) \
        + b[HEADER:HEADER + nl + sl] + code
    open(to, 'wb').write(out)
elif cmd == 'flip':  # flip DIR SOURCE: damage the code, so that it still loads and runs
    p = find(sys.argv[2], sys.argv[3])
    b, nl, sl, cl, rel, _ = parse(p)
    code = b[HEADER + nl + sl:]
    old, new = '超过'.encode(), '超出'.encode()
    if old not in code:
        sys.exit('flip: no 超过 in the code')
    open(p, 'wb').write(b[:HEADER + nl + sl] + code.replace(old, new, 1))
PY
}

# --- cold, warm, off -----------------------------------------------------------
C=$work/c
run "$C" "$work/cold.json"
assert "a cold run writes one entry per rule file and module ($rule_files)" test "$(entries "$C")" = "$rule_files"
assert "the cache directory is private (0700)" test "$(mode_of "$C")" = 700
assert "entries are private (0600)" test "$(stat -c %a "$(find "$C" -name '*.luac' | head -1)")" = 600
assert "no temporary files are left" test -z "$(find "$C" -name '.tmp-*')"
run "$C" "$work/warm.json"
assert "a warm run gives the same report as a cold one" same_run "$work/cold.json" "$work/warm.json"
PEVCHECK_CACHE=off run "$work/off" "$work/off.json"
assert "PEVCHECK_CACHE=off gives the same report" same_run "$work/cold.json" "$work/off.json"
assert "PEVCHECK_CACHE=off writes nothing" test "$(entries "$work/off")" = 0
run "$work/nc" "$work/nc.json" --no-cache
assert "--no-cache gives the same report" same_run "$work/cold.json" "$work/nc.json"
assert "--no-cache writes nothing" test "$(entries "$work/nc")" = 0
assert "the report is the one the seed gives (94.57, 资产变动登记不及时)" grep -q '"computed":94.57.*资产变动登记不及时' "$work/cold.json"
PEVCHECK_CACHE_DIR=$work/t "$bin" test --no-cache rules >/dev/null 2>&1
assert "test --no-cache writes nothing" test "$(entries "$work/t")" = 0
PEVCHECK_CACHE_DIR=$work/t "$bin" test rules >"$work/test.out" 2>&1
assert "pevcheck test passes with a cold cache" grep -qE '^[0-9]+ passed, 0 failed' "$work/test.out"
PEVCHECK_CACHE_DIR=$work/t "$bin" test --coverage rules >"$work/cov-warm.out" 2>&1
PEVCHECK_CACHE=off "$bin" test --coverage rules >"$work/cov-off.out" 2>&1
assert "coverage is the same from cached code" cmp -s "$work/cov-warm.out" "$work/cov-off.out"

# --- the cached code is what runs: a swapped entry shows ---------------------
target=$R/department/asset-registration.lua
cp "$target" "$work/rule.orig"
sed -i 's/资产变动登记不及时（超过/资产变动登记不及时（改动）（超过/' "$target"
run "$work/edited" "$work/edited.json"
assert "an edited rule changes the report" grep -q '改动' "$work/edited.json"
run "$C" "$work/edited-warm.json"
assert "an edited rule file is compiled again (warm cache, new source)" same_run "$work/edited.json" "$work/edited-warm.json"
cp "$work/rule.orig" "$target"
run "$C" "$work/back.json"
assert "the original source again gives the original report" same_run "$work/cold.json" "$work/back.json"
# Give the entry of the original source the edited code: only a run that
# reads the cache can show the edit now.
entry_tool swap "$C" "$target" "$work/edited"
run "$C" "$work/swapped.json"
assert "the cache is read: a swapped entry's code runs" grep -q '改动' "$work/swapped.json"
swapped=$(entry_tool find "$C" "$target")
cp -p "$swapped" "$work/swapped.luac"

# --- entries and directories that must not be trusted ------------------------
chmod 664 "$swapped"
run "$C" "$work/gw.json"
assert "a group-writable entry is not run" same_run "$work/cold.json" "$work/gw.json"
assert "... and is replaced by a private one" test "$(mode_of "$(entry_tool find "$C" "$target")")" = 600
cp -p "$work/swapped.luac" "$swapped"
chmod 606 "$swapped"
run "$C" "$work/ww.json"
assert "a world-writable entry is not run" same_run "$work/cold.json" "$work/ww.json"
cp -p "$work/swapped.luac" "$swapped"
entry_tool flip "$C" "$target"
run "$C" "$work/flip.json"
assert "an entry whose code was changed (checksum) is not run" same_run "$work/cold.json" "$work/flip.json"
cp -p "$work/swapped.luac" "$swapped"
truncate -s -7 "$swapped"
run "$C" "$work/short.json"
assert "a truncated entry is not run" same_run "$work/cold.json" "$work/short.json"
: >"$swapped"
run "$C" "$work/empty.json"
assert "an empty entry is not run" same_run "$work/cold.json" "$work/empty.json"
cp -p "$work/swapped.luac" "$work/elsewhere.luac"
rm -f "$swapped"
ln -s "$work/elsewhere.luac" "$swapped"
run "$C" "$work/link.json"
assert "an entry that is a symbolic link is not followed" same_run "$work/cold.json" "$work/link.json"
rm -f "$swapped"
head -c 4096 /dev/urandom >"$swapped"
chmod 600 "$swapped"
run "$C" "$work/noise.json"
assert "an entry of random bytes is not run" same_run "$work/cold.json" "$work/noise.json"

# A directory others can write: the swapped entry inside is not read, and
# nothing is written there.
D=$work/shared-dir
mkdir -p "$D"
run "$D" "$work/d1.json"
entry_tool swap "$D" "$target" "$work/edited"
chmod 777 "$D"
run "$D" "$work/d2.json"
assert "a world-writable cache directory is not read" same_run "$work/cold.json" "$work/d2.json"
chmod 770 "$D"
run "$D" "$work/d3.json"
assert "a group-writable cache directory is not read" same_run "$work/cold.json" "$work/d3.json"
chmod 700 "$D"
run "$D" "$work/d4.json"
assert "the same directory made private is read again (control)" grep -q '改动' "$work/d4.json"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$D"
	run "$D" "$work/d5.json"
	assert "a cache directory owned by another user is not read" same_run "$work/cold.json" "$work/d5.json"
	chown root "$D"
	chown nobody "$(entry_tool find "$D" "$target")"
	run "$D" "$work/d6.json"
	assert "an entry owned by another user is not run" same_run "$work/cold.json" "$work/d6.json"
fi

# --- where it lives, and when it cannot be written ----------------------------
env -u PEVCHECK_CACHE_DIR XDG_CACHE_HOME="$work/xdg" HOME="$work/home" \
	"$bin" check -f json -r "$R" -o "$work/xdg.json" "$example" 2>/dev/null
assert "XDG_CACHE_HOME/pevcheck holds the cache" test "$(entries "$work/xdg/pevcheck")" = "$rule_files"
env -u PEVCHECK_CACHE_DIR -u XDG_CACHE_HOME HOME="$work/home" \
	"$bin" check -f json -r "$R" -o "$work/home.json" "$example" 2>/dev/null
assert "without XDG_CACHE_HOME, ~/.cache/pevcheck" test "$(entries "$work/home/.cache/pevcheck")" = "$rule_files"
assert "HOME's .cache is made private" test "$(mode_of "$work/home/.cache")" = 700
env -u PEVCHECK_CACHE_DIR XDG_CACHE_HOME=relative/path HOME="$work/home2" \
	"$bin" check -f json -r "$R" -o /dev/null "$example" 2>/dev/null
assert "a relative XDG_CACHE_HOME is ignored (as the XDG spec says)" test "$(entries "$work/home2/.cache/pevcheck")" = "$rule_files"
run /proc/no/such/dir "$work/proc.json"
assert "an impossible cache directory: the same report" same_run "$work/cold.json" "$work/proc.json"
assert "... and nothing more on stderr" cmp -s "$work/cold.json.err" "$work/proc.json.err"
mkdir -p "$work/ro"
chmod 500 "$work/ro"
run "$work/ro" "$work/ro.json"
assert "a read-only cache directory: the same report" same_run "$work/cold.json" "$work/ro.json"
: >"$work/a-file"
run "$work/a-file" "$work/file.json"
assert "a cache 'directory' that is a file: the same report" same_run "$work/cold.json" "$work/file.json"

# --- the cache stays bounded ---------------------------------------------------
P=$work/prune
mkdir -p "$P"
chmod 700 "$P"
for i in $(seq 1 2100); do printf 'x' >"$P/$(printf '%016x' "$i").luac"; done
touch -d '2 days ago' "$P"/*.luac
: >"$P/.tmp-stale"
touch -d '2 hours ago' "$P/.tmp-stale"
: >"$P/.tmp-fresh"
run "$P" "$work/prune.json"
assert "a full cache: the report is the same" same_run "$work/cold.json" "$work/prune.json"
assert "a full cache loses its oldest half (2,100 old entries -> about 1,024)" \
	test "$(entries "$P")" -le $((1024 + rule_files)) -a "$(entries "$P")" -ge "$rule_files"
assert "... keeping this run's entries" test "$(find "$P" -name '*.luac' -newer "$P/.tmp-fresh" | wc -l)" -ge "$((rule_files - 1))"
assert "a temporary file a killed run left an hour ago is removed" test ! -e "$P/.tmp-stale"
assert "... but not one a run may be writing now" test -e "$P/.tmp-fresh"

# --- errors are not cached, and -j writes safely ------------------------------
B=$work/bad
cp -r tests/e2e/rules/fine "$B"
printf 'rule { id = "x", \n' >"$B/broken.lua"
PEVCHECK_CACHE_DIR=$work/cb "$bin" check -r "$B" "$example" >"$work/bad1.out" 2>&1
echo $? >"$work/bad1.out.status"
PEVCHECK_CACHE_DIR=$work/cb "$bin" check -r "$B" "$example" >"$work/bad2.out" 2>&1
echo $? >"$work/bad2.out.status"
assert "a rule file with a syntax error fails the same way twice" same_run "$work/bad1.out" "$work/bad2.out"
assert "... naming the file and line" grep -q 'broken.lua:' "$work/bad1.out"
mkdir -p "$work/many"
for i in 1 2 3 4 5 6; do cp "$example" "$work/many/r$i.yaml"; done
PEVCHECK_CACHE_DIR=$work/cj "$bin" check -j 2 -f json -r "$R" -o "$work/j2.json" "$work/many" 2>/dev/null
PEVCHECK_CACHE=off "$bin" check -j 2 -f json -r "$R" -o "$work/j2off.json" "$work/many" 2>/dev/null
assert "two workers filling one cache: the same report" cmp -s "$work/j2.json" "$work/j2off.json"
assert "... and a whole cache" test "$(entries "$work/cj")" = "$rule_files"

finish cache
