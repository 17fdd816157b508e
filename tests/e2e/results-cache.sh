#!/usr/bin/env bash
# End-to-end tests of the results cache of `check` (src/run_cache*.c,
# docs/security.md 5.2): a report whose results are reused reads the same
# as one checked again, in every format; each thing results depend on
# (the report, a rule file, a module, a framework, a form layout, anything
# in a rule directory, the configuration's rule settings, last year's
# report, the language, a limit, --framework) makes its files miss, and
# waivers are weighed afresh; a changed, forged, swapped, linked,
# foreign-owned entry is not used and is written again; a directory or key
# others may write is refused; two runs at once leave a good cache; the
# size bound holds; --no-cache, PEVCHECK_CACHE=off and --profile keep out
# of it; `pevcheck cache info|clean`.  (tests/e2e/cache-identity.sh checks
# outputs with and without the cache over random edits.)
#
#   tests/e2e/results-cache.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=results-cache
. "$(dirname "$0")/lib.sh"
unset PEVCHECK_CACHE 2>/dev/null
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
export PEVCHECK_CACHE_KEY=results-cache-test-key-of-more-than-32-characters
C=$work/cache # the cache these tests use
E=$C/results  # its entries

# The rules and reports under test: copies, edited below.
cp -r rules "$work/r"
R=$work/r
D=$work/d
mkdir -p "$D/hist"
cp examples/huangpu-2022.yaml examples/project-yuan.yaml examples/hunan-2018-department.yaml "$D/"
cp tests/e2e/data/two-documents.yaml tests/e2e/data/syntax-error.yaml "$D/"
cp "examples/forms/廊坊市食品工程学校-2019-项目支出绩效自评表.xlsx" "$D/form.xlsx"
# a 2022 report whose growth history.yoy-growth checks against 2021's
python3 - examples/huangpu-2022.yaml "$D/hist/2022.yaml" <<'PY'
import sys
a = open(sys.argv[1]).read().replace("facts:\n", "facts:\n  yoy:\n    - {name: 科技服务业营收, value: 400, growth: 20%}\n", 1)
open(sys.argv[2], "w").write(a)
PY
cp rules/testdata/department-2021.yaml "$D/hist/2021.yaml"
printf 'disable: []\n' >"$work/config.yaml" # no .pevcheck.yaml from the checkout

# run NAME [ARGS...]: check D with the cache; NAME.out, NAME.err, NAME.status.
run() {
	local name=$1
	shift
	"$bin" check -f json -r "$R" --config "$work/config.yaml" --cache-dir "$C" "$@" "$D" \
		>"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.status"
}
# cold NAME [ARGS...]: the same without the cache.
cold() {
	local name=$1
	shift
	"$bin" check -f json -r "$R" --config "$work/config.yaml" --no-cache "$@" "$D" \
		>"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.status"
}
# Outputs and statuses the same, timestamps aside.
same() {
	local a b
	a=$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([+-][0-9]{4})?/TIME/g' "$work/$1.out")
	b=$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([+-][0-9]{4})?/TIME/g' "$work/$2.out")
	[ "$a" = "$b" ] && cmp -s "$work/$1.status" "$work/$2.status"
}
# hits NAME / total NAME: reports the run took from the cache / all of them
# (its stderr line).
hits() { sed -n 's/.*份报告中有 \([0-9]*\) 份取自结果缓存.*/\1/p' "$work/$1.err"; }
total() { sed -n 's/.* \([0-9]*\) 份报告中有 [0-9]* 份取自结果缓存.*/\1/p' "$work/$1.err"; }
entries() { find "$E" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9a-f]{64}' 2>/dev/null | wc -l; }
# cached NAME CHECKED [ARGS...]: a run with the cache and the same run
# without: the same report, and CHECKED reports checked again ("all": every
# one), the others from the cache.
cached() {
	local name=$1 checked=$2 got
	shift 2
	run "$name" "$@"
	cold "$name-cold" "$@"
	assert "$name: the same report as without the cache" same "$name" "$name-cold"
	got=$(($(total "$name") - $(hits "$name")))
	[ "$checked" = all ] && checked=$(total "$name")
	assert "$name: $checked reports checked again, the rest from the cache (checked $got)" \
		test "$got" = "$checked"
}
# refused NAME PATTERN [ARGS...]: the cache is not used, saying PATTERN;
# the report is the same.
refused() {
	local name=$1 pattern=$2
	shift 2
	run "$name" "$@"
	cold "$name-cold" "$@"
	grep -q "未使用结果缓存：$pattern" "$work/$name.err" || sed 's/^/      | /' "$work/$name.err"
	assert "$name: the cache is refused, saying so" grep -q "未使用结果缓存：$pattern" "$work/$name.err"
	assert "$name: the report is the same" same "$name" "$name-cold"
}

cached first all
assert "the first run keeps every checked file's results ($(entries) entries)" test "$(entries)" = 8
assert "... 9 reports in all" test "$(total first)" = 9
cached second 0
assert "nothing more is kept when nothing changed" test "$(entries)" = 8
assert "the 2022 report is compared with 2021's (400 vs 350.88 is 14%)" \
	grep -q '350.88' "$work/second.out"
run again-2 -j 2
cold again-2-cold -j 1
assert "-j 2 from the cache prints what -j 1 prints checking every file" same again-2 again-2-cold
for f in text junit sarif github markdown html; do
	run "fmt-$f" -f "$f" --color never
	cold "fmt-$f-cold" -f "$f" --color never
	assert "-f $f: the same report from the cache, byte for byte" same "fmt-$f" "fmt-$f-cold"
	assert "-f $f: every report from the cache" test "$(hits "fmt-$f")" = 9
done
assert "no temporary file is left" test -z "$(find "$E" -name '*.tmp')"
assert "entries are private (0600) in a private folder (0700)" \
	test "$(stat -c %a "$E")/$(find "$E" -type f -printf '%m\n' | sort -u)" = 700/600
assert "an entry holds no Lua code" bash -c "! grep -lq \$'\\x1bLua' $E/*"

# --- what results depend on -----------------------------------------------------------
echo "# edited" >>"$D/project-yuan.yaml"
cached report-edited 1
printf '\n-- a comment\n' >>"$R/budget/carryover.lua"
cached rule-edited all
cached rule-edited-again 0
touch "$R/notes.txt"
cached file-added-to-rules all
printf '\n-- a comment\n' >>"$R/lib/std/dept.lua"
cached module-edited all
printf '\n# a comment\n' >>"$R/frameworks/履职效能-管理效率.yaml"
cached framework-edited all
printf '\n# a comment\n' >>"$R/forms/项目支出绩效自评表.yaml"
cached layout-edited all
printf 'disable: [budget.carryover]\n' >"$work/config.yaml"
cached rule-disabled all
printf 'disable: [budget.carryover]\nseverity: {dept.asset.registration-late: error}\n' >"$work/config.yaml"
cached severity-changed all
cached settings-unchanged 0
# Waivers are weighed every run, against today: none of them makes a miss.
cat >>"$work/config.yaml" <<YAML
waivers:
  - {rule: dept.asset.registration-late, files: "*/d/huangpu-2022.yaml", reason: 已整改, approved_by: 张三, expires: 2099-12-31}
  - {rule: pev.yaml, files: "*/d/syntax-error.yaml", reason: 待修复, approved_by: 张三, expires: 2000-01-01}
YAML
cached waivers-added 0
assert "the waiver applies to results from the cache" grep -q '"waived":true' "$work/waivers-added.out"
assert "the expired waiver is reported, and not applied" grep -q '2000-01-01' "$work/waivers-added.out"
sed -i 's/expires: 2099-12-31/expires: 2001-01-01/' "$work/config.yaml"
cached waiver-expired 0
assert "a waiver past its date no longer applies to results from the cache" \
	bash -c "! grep -q '\"waived\":true' '$work/waiver-expired.out'"
printf 'disable: [budget.carryover]\nseverity: {dept.asset.registration-late: error}\n' >"$work/config.yaml"

# last year's report: the 2022 report read 2021's
sed -i 's/value: 350.88/value: 300/' "$D/hist/2021.yaml"
cached previous-edited 2
assert "the 2022 report is compared with 2021's new value" grep -q '（400 − 300）' "$work/previous-edited.out"
mv "$D/hist/2021.yaml" "$work/2021.yaml"
cached previous-gone 1
assert "without 2021 among the inputs, 2022 has nothing to compare" grep -q '没有上一年度数值' "$work/previous-gone.out"
mv "$work/2021.yaml" "$D/hist/2021.yaml"
cached previous-back 1
# named by previous: (a file outside the inputs)
mkdir -p "$work/elsewhere"
mv "$D/hist/2021.yaml" "$work/elsewhere/2021.yaml"
cp "$D/hist/2022.yaml" "$work/2022.yaml"
sed -i "s|^year: 2022|year: 2022\nprevious: $work/elsewhere/2021.yaml|" "$D/hist/2022.yaml"
cached previous-named 1
cached previous-named-again 0
sed -i 's/value: 300/value: 320/' "$work/elsewhere/2021.yaml"
cached previous-named-edited 1
assert "the named 2021 report's new value is read" grep -q '（400 − 320）' "$work/previous-named-edited.out"
mv "$work/elsewhere/2021.yaml" "$D/hist/2021.yaml"
mv "$work/2022.yaml" "$D/hist/2022.yaml"
cached previous-restored 2

# the language, a limit, the framework
LANG=C "$bin" check -f json -r "$R" --config "$work/config.yaml" --cache-dir "$C" "$D" >"$work/english.out" 2>"$work/english.err"
echo $? >"$work/english.status"
LANG=C "$bin" check -f json -r "$R" --config "$work/config.yaml" --no-cache "$D" >"$work/english-cold.out" 2>/dev/null
echo $? >"$work/english-cold.status"
assert "another language: nothing from the cache" grep -q '0 of 9 reports from the results cache' "$work/english.err"
assert "... and its messages in the report" same english english-cold
cached limit-changed all --limit scalar=100000
cached framework-chosen all --framework 履职效能-管理效率
cached back-to-chinese 0

# a form: its bytes are its key
cp "examples/forms/湖南某单位-2018-部门整体支出绩效评价基础数据表.xlsx" "$D/form.xlsx"
cached form-replaced 1

# --- entries that are not to be trusted ------------------------------------------------
# Emptied and filled again: one entry for each file.
"$bin" cache clean --cache-dir "$C" >/dev/null
cached refilled all
# entry FILE: the entry holding FILE's results
entry() { grep -l "$1" "$E"/* | head -1; }
yuan=$(entry project-yuan.yaml)
python3 - "$yuan" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0x40
open(p, 'wb').write(bytes(b))
PY
sum_damaged=$(md5sum <"$yuan")
cached damaged 1
assert "a damaged entry is written again" test "$(md5sum <"$yuan")" != "$sum_damaged"
cached damaged-rewritten 0
head -c 100 "$yuan" >"$work/cut" && cat "$work/cut" >"$yuan"
cached truncated 1

# A forged entry: the results of the clean huangpu report under the key of
# the report with a syntax error, so that its error would not show.
# Authenticated with another key it is refused; with the user's own (which
# an attacker does not have) it would be taken: the MAC is what refuses it.
bad=$(entry syntax-error.yaml)
good=$(entry huangpu-2022.yaml)
forge() { # KEY
	python3 - "$good" "$bad" "$1" <<'PY'
import hmac, hashlib, sys
good, bad, key = sys.argv[1], sys.argv[2], sys.argv[3].encode()
g, b = open(good, 'rb').read(), open(bad, 'rb').read()
# "PEVRES01", the lookup key (32 bytes), the contents, the MAC (32 bytes)
entry = g[:8] + b[8:40] + g[40:-32]
open(bad, 'wb').write(entry + hmac.new(key, entry, hashlib.sha256).digest())
PY
}
forge "an attacker's key, which is not the user's"
cached forged 1
assert "a forged entry does not hide the report's error" grep -q '"rule":"pev.yaml","severity":"error"' "$work/forged.out"
forge "$PEVCHECK_CACHE_KEY"
run forged-own-key
assert "(control) the same forgery under the user's key would hide it" \
	bash -c "! grep -q '\"rule\":\"pev.yaml\"' '$work/forged-own-key.out'"
rm -f "$bad"
cached forged-removed 1
cp "$good" "$bad"
cached swapped 1
assert "an entry moved to another's name gives that report its own results" grep -q '"rule":"pev.yaml"' "$work/swapped.out"
rm -f "$bad"
ln -s "$good" "$bad"
cached linked 1
assert "a link at an entry's name is replaced by an entry" test ! -L "$bad"
chmod 664 "$bad"
cached group-writable 1
assert "an entry others may write is replaced by a private one" test "$(stat -c %a "$bad")" = 600
if [ "$(id -u)" = 0 ]; then
	chown 65534:65534 "$bad"
	cached foreign-owned 1
	assert "another user's entry is replaced by the user's own" test "$(stat -c %u "$bad")" = 0
fi

# --- directories and keys others may write -------------------------------------------------
chmod 775 "$E"
refused folder-group-writable "文件夹 $E 属于其他用户，或者其他人可以写入"
chmod 700 "$E"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$C"
	refused folder-foreign "文件夹 $C 属于其他用户"
	chown 0 "$C"
fi
key=$PEVCHECK_CACHE_KEY
unset PEVCHECK_CACHE_KEY
export XDG_CONFIG_HOME=$work/config
run key-made
run key-made-again
assert "without PEVCHECK_CACHE_KEY a key is made on first use, 0600" \
	test "$(stat -c %a "$work/config/pevcheck/cache.key")" = 600
assert "... and its entries are read the next time" test "$(hits key-made-again)" = 9
chmod 644 "$work/config/pevcheck/cache.key"
refused key-readable "缓存密钥 $work/config/pevcheck/cache.key 不是你自己的、只有你能读的文件"
chmod 600 "$work/config/pevcheck/cache.key"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$work/config/pevcheck/cache.key"
	refused key-foreign "缓存密钥 .* 不是你自己的"
	chown 0 "$work/config/pevcheck/cache.key"
fi
unset XDG_CONFIG_HOME
export PEVCHECK_CACHE_KEY=short
refused key-short "PEVCHECK_CACHE_KEY 应有 32 至 4,000 个字符"
export PEVCHECK_CACHE_KEY=$key

# --- two runs at once, the size bound ----------------------------------------------------
mkdir -p "$work/many"
for i in $(seq 1 60); do
	sed "s/^unit: .*/unit: 单位$i/" examples/huangpu-2022.yaml >"$work/many/r$i.yaml"
done
"$bin" check -f json -r "$R" --config "$work/config.yaml" --no-cache "$work/many" >"$work/many-cold.out" 2>/dev/null
"$bin" check -f json -j 2 -r "$R" --config "$work/config.yaml" --cache-dir "$work/shared" "$work/many" >"$work/many-a.out" 2>/dev/null &
"$bin" check -f json -j 2 -r "$R" --config "$work/config.yaml" --cache-dir "$work/shared" "$work/many" >"$work/many-b.out" 2>/dev/null
wait
"$bin" check -f json -r "$R" --config "$work/config.yaml" --cache-dir "$work/shared" "$work/many" >"$work/many-c.out" 2>"$work/many-c.err"
assert "two runs at once on one cache: each prints the report" \
	bash -c "cmp -s '$work/many-a.out' '$work/many-cold.out' && cmp -s '$work/many-b.out' '$work/many-cold.out'"
assert "... and leave a cache a later run reads whole" \
	bash -c "cmp -s '$work/many-c.out' '$work/many-cold.out' && grep -q '60 份报告中有 60 份' '$work/many-c.err'"
assert "... with no temporary file left" test -z "$(find "$work/shared" -name '*.tmp')"
one=$(stat -c %s "$(find "$work/shared/results" -type f | head -1)")
PEVCHECK_CACHE_SIZE=$((one * 20)) "$bin" check -f json -r "$R" --config "$work/config.yaml" \
	--cache-dir "$work/bounded" "$work/many" >"$work/bounded.out" 2>/dev/null
kept=$(find "$work/bounded/results" -type f -printf '%s\n' | awk '{ n += $1 } END { print n }')
assert "the size bound holds: at most 90 % of it is kept ($kept bytes, bound $((one * 20)))" \
	test "$kept" -le $((one * 18)) -a "$kept" -gt $((one * 16))
assert "... and the report is the same" cmp -s "$work/bounded.out" "$work/many-cold.out"

# A rule edited while a run goes on: the run keeps nothing (some of its
# results may come from the rule before the edit, under the key after it).
mkdir -p "$work/slow"
cat >"$work/slow/slow.lua" <<'LUA'
rule {
  id = "test.slow",
  title = "慢",
  severity = "info",
  kinds = { "department" },
  policy = "测试：每份报告花一些时间",
  check = function(r)
    local n = 0
    for i = 1, 3000000 do n = n + i % 7 end
    if n < 0 then finding("不会发生") end
  end,
}
LUA
mkdir -p "$work/twenty"
cp "$work"/many/r?.yaml "$work"/many/r1?.yaml "$work/many/r20.yaml" "$work/twenty/"
"$bin" check -j 1 -r "$work/slow" --no-config --cache-dir "$work/edited-cache" "$work/twenty" >/dev/null 2>&1 &
sleep 0.5
printf '\n-- edited while the run went on\n' >>"$work/slow/slow.lua"
wait
assert "a rule edited during a run: nothing of that run is kept" \
	test "$(find "$work/edited-cache/results" -type f | wc -l)" = 0
"$bin" check -j 1 -r "$work/slow" --no-config --cache-dir "$work/edited-cache" "$work/twenty" >/dev/null 2>&1
assert "(control) the same run left alone keeps its results" \
	test "$(find "$work/edited-cache/results" -type f | wc -l)" = 20

# --- staying out of it, and the cache command -------------------------------------------------
"$bin" check -r "$R" --config "$work/config.yaml" --no-cache --cache-dir "$work/none" "$D" >/dev/null 2>"$work/none.err"
PEVCHECK_CACHE=off "$bin" check -r "$R" --config "$work/config.yaml" --cache-dir "$work/none" "$D" >/dev/null 2>>"$work/none.err"
"$bin" check -r "$R" --config "$work/config.yaml" --profile --cache-dir "$work/none" "$D" >/dev/null 2>>"$work/none.err"
assert "--no-cache, PEVCHECK_CACHE=off and --profile keep nothing" test ! -e "$work/none"
assert "... and say nothing of it" bash -c "! grep -q '结果缓存' '$work/none.err'"
run crash -r tests/e2e/rules/runtime-error --cache-dir "$work/crash"
assert "(a rule that fails: status 2)" test "$(cat "$work/crash.status")" = 2
run crash-again -r tests/e2e/rules/runtime-error --cache-dir "$work/crash"
assert "results are not kept from a run whose rules failed: status 2 again, not 1" \
	test "$(cat "$work/crash-again.status")" = 2
check "cache info" 0 "$C：|份结果|PEVCHECK_CACHE_SIZE" -- "$bin" cache info --cache-dir "$C"
touch "$E/notes.txt"
check "cache clean" 0 "已从 $C 删除" -- "$bin" cache clean --cache-dir "$C"
assert "cache clean leaves what is not an entry" test -e "$E/notes.txt"
check "cache info after clean" 0 "$C：0 份结果" -- "$bin" cache info --cache-dir "$C"
check "cache with no subcommand" 2 "pevcheck cache info|clean" -- "$bin" cache
PEVCHECK_CACHE_DIR=$work/env "$bin" check -r "$R" --config "$work/config.yaml" examples/huangpu-2022.yaml >/dev/null 2>&1
assert "PEVCHECK_CACHE_DIR is the default --cache-dir" test "$(ls "$work/env/results" | wc -l)" = 1
env -u PEVCHECK_CACHE_DIR XDG_CACHE_HOME="$work/xdg" "$bin" check -r "$R" --config "$work/config.yaml" \
	examples/huangpu-2022.yaml >/dev/null 2>&1
assert "else XDG_CACHE_HOME/pevcheck" test "$(ls "$work/xdg/pevcheck/results" | wc -l)" = 1
env -u PEVCHECK_CACHE_DIR -u XDG_CACHE_HOME HOME="$work/home" "$bin" check -r "$R" --config "$work/config.yaml" \
	examples/huangpu-2022.yaml >/dev/null 2>&1
assert "else ~/.cache/pevcheck" test "$(ls "$work/home/.cache/pevcheck/results" | wc -l)" = 1

finish
