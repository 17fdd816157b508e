#!/usr/bin/env bash
# Hardening tests: hostile data files, hostile rules, hostile forms and every
# input the fuzzers kept (tests/fuzz/crashers/), run through the pevcheck
# binary (forms through grid_dump, the test tool beside it).
# Every run is bounded: it must end within HARDENING_TIMEOUT seconds
# (default 20) and stay under HARDENING_MAX_RSS_KB of memory (default 1 GB),
# never by a signal, and with the exit status the SPEC gives (1 for a data
# file that is not a valid report, 2 for a rule that fails).
#
#   tests/e2e/hardening.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=hardening
. "$(dirname "$0")/lib.sh"
data=tests/e2e/data
rules=tests/e2e/rules
limit=${HARDENING_TIMEOUT:-20}
max_rss_kb=${HARDENING_MAX_RSS_KB:-1048576}

# run COMMAND...: run it bounded in time, in $run_dir when set; sets out
# (stdout+stderr), status (124 when it timed out, 128+N for signal N) and
# rss_kb (peak memory, empty when /usr/bin/time is missing).
run_dir=
run() {
	local rss_file=$work/rss
	rm -f "$rss_file"
	local timer=()
	[ -x /usr/bin/time ] && timer=(/usr/bin/time -f %M -o "$rss_file")
	out=$(cd "${run_dir:-.}" && "${timer[@]}" timeout -k 5 "$limit" "$@" 2>&1)
	status=$?
	rss_kb=$(tail -n 1 "$rss_file" 2>/dev/null | grep -E '^[0-9]+$')
}

fail() {
	failed=$((failed + 1))
	echo "FAIL  hardening: $1: $2"
	[ -n "${3:-}" ] && head -c 3000 <<<"$3" | sed 's/^/      | /'
}

# check NAME EXPECTED_STATUS PATTERNS -- COMMAND...: lib.sh's check, bounded
# in time and memory (it replaces that one here).
# EXPECTED_STATUS: one status or several separated by "|" ("1|2").
# PATTERNS: fixed strings separated by "|", each must occur in stdout+stderr;
# a pattern starting with "!" must not occur.  With JSON=1 in the
# environment, stdout must also be one valid JSON document.
check() {
	local name=$1 want=$2 patterns=$3
	shift 4
	run "$@"
	local why=""
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		why="did not finish within $limit s"
	elif [ "$status" -gt 128 ]; then
		why="killed by signal $((status - 128))"
	elif ! grep -qxE "$want" <<<"$status"; then
		why="exit status $status, expected $want"
	fi
	if [ -n "$rss_kb" ] && [ "$rss_kb" -gt "$max_rss_kb" ]; then
		why="$why; used $rss_kb KB of memory (bound $max_rss_kb KB)"
	fi
	local p IFS='|'
	for p in $patterns; do
		[ -z "$p" ] && continue
		if [ "${p:0:1}" = "!" ]; then
			grep -qF -- "${p:1}" <<<"$out" && why="$why; output contains '${p:1}'"
		elif ! grep -qF -- "$p" <<<"$out"; then
			why="$why; output lacks '$p'"
		fi
	done
	unset IFS
	if [ "${JSON:-0}" = 1 ] && [ -z "$why" ]; then
		(cd "${run_dir:-.}" && timeout "$limit" "$@" 2>/dev/null) |
			python3 -c 'import json, sys; json.load(sys.stdin)' 2>"$work/py.err" ||
			why="stdout is not valid JSON: $(tail -1 "$work/py.err")"
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
	else
		fail "$name" "${why#; }" "$out"
	fi
}

# quickly NAME EXPECTED_STATUS PATTERNS -- COMMAND...: check, within
# QUICK_TIMEOUT seconds (default 10): the cases of issue 16 must end by
# themselves well under that at default limits.
quick_limit=${HARDENING_QUICK_TIMEOUT:-10}
quickly() {
	local saved=$limit
	limit=$quick_limit
	check "$@"
	limit=$saved
}

# stopped NAME SECONDS -- COMMAND...: COMMAND, sent SIGTERM after SECONDS,
# must end within 3 seconds more with status 143 (128 + SIGTERM).
stopped() {
	local name=$1 delay=$2
	shift 3
	(cd "${run_dir:-.}" && exec "$@") >"$work/stopped.out" 2>&1 &
	local pid=$! waited=0
	sleep "$delay"
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null && [ $waited -lt 30 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		fail "$name" "still running 3 s after SIGTERM" "$(cat "$work/stopped.out")"
		return
	fi
	wait "$pid"
	local got=$?
	if [ "$got" = 143 ]; then
		passed=$((passed + 1))
	else
		fail "$name" "exit status $got after SIGTERM, expected 143" "$(cat "$work/stopped.out")"
	fi
}

P="$bin check"
minimal=$data/minimal.yaml

# --- every input the fuzzers kept ----------------------------------------------
# Whatever it is, a data file ends as findings (1) or trouble (2): never a
# signal, a sanitizer report, a hang, or another status.  The form readers'
# crashers (fuzz_xlsx, fuzz_docx, fuzz_text) are read by grid_dump, the test
# tool beside the binary: a form read (0) or refused with a problem (1);
# fuzz_form's are checked as text exports.
dump=$(dirname "$bin")/grid_dump
for f in tests/fuzz/crashers/*/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in README* | .*) continue ;; esac
	case $f in
	*/fuzz_xlsx/* | */fuzz_docx/* | */fuzz_text/*)
		check "crasher $f" "0|1" "!ERROR: AddressSanitizer|!runtime error:|!invariant" -- "$dump" "$f"
		;;
	*/fuzz_form/*)
		# a text export read through the bundled layouts: the data file it
		# becomes must load (no pev.yaml about a file the preparer never wrote)
		cp "$f" "$work/crasher.txt"
		check "crasher $f" "0|1|2" '!ERROR: AddressSanitizer|!runtime error:|!"rule":"pev.yaml"' -- \
			$P --no-cache -f json "$work/crasher.txt"
		;;
	*.md) continue ;;
	*) check "crasher $f" "1|2" "!ERROR: AddressSanitizer|!runtime error:" -- $P -f json "$f" ;;
	esac
done

# --- hostile forms ---------------------------------------------------------------
# The hostile files of tests/forms/gen_forms.py, read by grid_dump: each is
# refused with the problem that says why, in bounded time and memory (a zip
# bomb is never inflated, an entity never expanded).
forms=${PEVCHECK_FORMS_DIR:-}
if [ -z "$forms" ]; then
	forms=$work/forms
	python3 tests/forms/gen_forms.py "$forms" >/dev/null || fail "tests/forms/gen_forms.py" "failed"
fi
form() { # NAME FILE PATTERNS: grid_dump refuses FILE with status 1
	check "$1" 1 "problem error|$3|!ERROR: AddressSanitizer|!runtime error:" -- "$dump" "$forms/$2"
}
form "zip bomb: an entry inflating past 64 MiB" hostile-bomb-size.xlsx "超过上限 67108864 字节（疑为 zip 炸弹）"
form "zip bomb: an entry compressed a thousand times" hostile-bomb-ratio.xlsx "超过上限 200 倍（疑为 zip 炸弹）"
form "a header that declares less than the entry holds" hostile-lying-size.xlsx "实际数据多于 zip 压缩包声明的大小（100 字节）"
form "billion laughs in sharedStrings.xml" hostile-billion-laughs.xlsx "xl/sharedStrings.xml: 含有 DOCTYPE 声明"
form "an external entity in document.xml" hostile-external-entity.docx "word/document.xml: 含有 DOCTYPE 声明|!root:"
form "elements nested 5000 deep" hostile-deep.docx "元素嵌套超过 256 层"
form "an Excel 97-2003 workbook" hostile-old.xls "去掉密码后另存为 .xlsx"
form "a password-protected .docx (a compound file)" hostile-encrypted.docx "去掉密码后另存为 .docx"
form "encrypted zip entries" hostile-encrypted-entries.xlsx "zip 压缩包已加密"
form "a truncated workbook" hostile-truncated.xlsx "zip 压缩包不完整"
form "an empty workbook" hostile-empty.xlsx "文件为空"
form "an entry named ../../evil.xml" hostile-zip-slip.xlsx "../../evil.xml"
form "an entry there twice" hostile-duplicate.xlsx "出现两次"
form "a sheet that is not XML" hostile-not-xml.xlsx "XML 格式错误"
form "a sheet that is another part" hostile-wrong-root.xlsx "根元素是 <sst>"
form "a sheet spanning A1:XFD1048576" hostile-huge-sheet.xlsx "表格有 1048576 行 16384 列"
# Work that would grow with the square of the input if it were not bounded.
check "30,000 merged areas overlapping in one cell" 0 \
	"合并区域重叠过多|!ERROR: AddressSanitizer|!runtime error:" -- "$dump" "$forms/hostile-merges.xlsx"
check "100,000 number formats for 200,000 cells" 0 \
	'cell Sheet1!A100000 type number text "100000.5000"|!ERROR: AddressSanitizer' -- \
	"$dump" "$forms/hostile-many-formats.xlsx"
form "a zip that is no form" hostile-plain.zip "既不是 Excel 工作簿"
form "an OpenDocument spreadsheet" hostile-opendocument.ods "OpenDocument"
form "a PDF" hostile-report.pdf "这是 PDF 文件"
form "text with NUL bytes" hostile-nul.txt "文件含有 NUL 字节"
form "text neither UTF-8 nor GB18030" hostile-bad-bytes.txt "既不是 UTF-8 也不是 GB18030"

# --- the YAML test suite ---------------------------------------------------------
# Every case of the public YAML test suite (tests/e2e/data/yaml-test-suite),
# in one run: odd but legal YAML, and YAML a parser must reject.  None is a
# report, so the run ends with status 1 and valid JSON, every file has an
# error finding, and a rejected one a pev.* finding (libyaml accepts a few
# the suite rejects; those must still fail as reports).
suite=tests/e2e/data/yaml-test-suite
JSON=1 check "the YAML test suite ($(ls $suite/*.yaml | wc -l) files)" 1 "!runtime error|!AddressSanitizer" -- $P -f json $suite
(cd "${run_dir:-.}" && timeout "$limit" $P -f json $suite 2>/dev/null) >"$work/suite.json"
if python3 - "$work/suite.json" "$suite" <<'PY'; then
import json, os, sys
d = json.load(open(sys.argv[1]))
files = {}
for entry in d["files"]:
    files.setdefault(entry["path"], []).extend(entry["findings"])
names = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".yaml"))
bad = [n for n in names
       if not any(f["severity"] == "error" and f["rule"].startswith("pev.")
                  for f in files.get(os.path.join(sys.argv[2], n), []))]
if bad:
    print("no pev.* error finding for:", " ".join(bad[:20]))
    sys.exit(1)
PY
	passed=$((passed + 1))
else
	fail "the YAML test suite" "a file without an error finding (above)"
fi

# --- hostile data ---------------------------------------------------------------
# Each is a minimal report with the hostile part added, so the finding that
# matters is the loader's, at its line.
with_facts() { # NAME: minimal report + "facts:" line, facts text from stdin
	{ cat "$minimal"; printf 'facts:\n'; cat; } >"$work/$1"
	echo "$work/$1"
}

# Billion laughs: ten nested levels of nine aliases each stand for 9^10
# strings; the loader must not expand them, and must say what it refused.
f=$(python3 -c '
print("  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]")
for i in range(1, 10):
    prev, cur = chr(96 + i), chr(97 + i)
    print("  %s: &%s [%s]" % (cur, cur, ",".join(["*" + prev] * 9)))
' | with_facts billion-laughs.yaml)
JSON=1 check "billion laughs (nested aliases)" 1 "pev.yaml|别名" -- $P -f json "$f"

# `pevcheck test` copies a rule test's base report for every case: the same
# nested aliases there must not be expanded either.
mkdir -p "$work/laughs-test"
cp "$rules/fine/fine.lua" "$work/laughs-test/"
cp "$work/billion-laughs.yaml" "$work/laughs-test/base.yaml"
cat >"$work/laughs-test/fine.test.yaml" <<'YAML'
base: base.yaml
cases:
  - name: 规则照常运行
    expect:
      findings:
        - {rule: test.fine}
YAML
check "pevcheck test: nested aliases in a base report" "0|1|2" "" -- \
	"$bin" test -r "$work/laughs-test" "$work/laughs-test"

# ... nor may a base report nested 60 deep (within the depth limit) be
# copied past the end of the Lua stack.
mkdir -p "$work/deep-test"
cp "$rules/fine/fine.lua" "$work/deep-test/"
python3 -c 'print("  deep: " + "{a: " * 60 + "1" + "}" * 60)' | with_facts deep-base.yaml >/dev/null
cp "$work/deep-base.yaml" "$work/deep-test/base.yaml"
cat >"$work/deep-test/deep.test.yaml" <<'YAML'
base: base.yaml
cases:
  - name: 深层数据合并
    data: {facts: {deep: {a: {a: 2}}}}
    expect:
      findings:
        - {rule: test.fine}
YAML
check "pevcheck test: a base report nested 60 deep" "0|1|2" "" -- \
	"$bin" test -r "$work/deep-test" "$work/deep-test"

f=$(python3 -c '
print("  one: &one 1")
print("  many: [" + ",".join(["*one"] * 10001) + "]")
' | with_facts many-aliases.yaml)
JSON=1 check "more aliases than the limit" 1 "pev.yaml|别名（alias）过多" -- $P -f json "$f"

# An alias inside the node it names: a cycle.  The loader builds tables, so
# this is a table that contains itself; nothing may walk it forever.
printf 'facts:\n  loop: &loop {self: *loop}\n' >"$work/cycle-facts.tail"
cat "$minimal" "$work/cycle-facts.tail" >"$work/alias-cycle-facts.yaml"
JSON=1 check "alias cycle in facts" "0|1" "" -- $P -f json "$work/alias-cycle-facts.yaml"
cat >"$work/alias-cycle-indicators.yaml" <<'YAML'
pev: 1
kind: department
unit: 测试单位
year: 2022
budget: {planned: 100, executed: 100}
scores:
  total: 100
  indicators: &tree
    - {name: 履职效能, max: 50, score: 50, children: *tree}
YAML
JSON=1 check "alias cycle in the indicator tree" 1 "别名|!AddressSanitizer" -- \
	$P -f json "$work/alias-cycle-indicators.yaml"

python3 -c 'print("  deep: " + "[" * 10000 + "]" * 10000)' | with_facts deep.yaml >/dev/null
l=$(($(wc -l <"$minimal") + 2))
JSON=1 check "nesting 10000 deep" 1 "pev.yaml|嵌套过深|\"line\":$l" -- $P -f json "$work/deep.yaml"
python3 -c 'print("  deep:\n    " + "- " * 10000 + "x")' | with_facts deep-block.yaml >/dev/null
JSON=1 check "block sequence nesting 10000 deep" 1 "pev.yaml|嵌套过深" -- $P -f json "$work/deep-block.yaml"

# libyaml's time is quadratic in the depth of brackets: 200,000 "[" (0.4 MB)
# took 87 s, read on after the depth limit.  The loader stops there and
# says that the rest of the file is not checked.  A null value followed by
# 200,000 keys (2.8 MB) took 45 s: duplicate keys are found in constant
# time.  Both well under the time limit at default limits.
python3 -c 'print("  deep: " + "[" * 200000 + "]" * 200000 + "\n---\nunit: 第二份")' | with_facts deep-flow.yaml >/dev/null
JSON=1 quickly "200,000 nested brackets end quickly, the rest of the file said unchecked" 1 \
	"pev.yaml|嵌套过深|其余部分未检查" -- $P -f json "$work/deep-flow.yaml"
python3 -c '
print("  m:\n    first: null")
for i in range(200000):
    print("    k%d: %d" % (i, i))
print("    first: again")' | with_facts null-then-keys.yaml >/dev/null
JSON=1 quickly "a null value then 200,000 keys loads in linear time" 1 "pev.yaml|重复的键“first”" -- \
	$P -f json "$work/null-then-keys.yaml"

# SIGTERM is heard inside one big file, between two events of the loader
# (it was heard only between files).
python3 -c '
import sys
doc = open(sys.argv[1]).read()
sys.stdout.write("---\n".join([doc] * 40000))' "$minimal" >"$work/many-documents.yaml"
stopped "SIGTERM stops the check of one big file" 1 -- $P -f json -o "$work/stopped.json" "$work/many-documents.yaml"

python3 -c 'print("  note: \"" + "长" * (700 * 1024) + "\"")' | with_facts big-scalar.yaml >/dev/null
JSON=1 check "a 2 MB scalar" 1 "pev.yaml|标量过长" -- $P -f json "$work/big-scalar.yaml"
# libyaml itself refuses an implicit key over 1024 characters; an explicit
# one ("? key") has no such limit, so the loader's own must apply.
python3 -c 'print("  ? " + "键" * (700 * 1024) + "\n  : 1")' | with_facts big-key.yaml >/dev/null
JSON=1 check "a 2 MB mapping key (explicit)" 1 "pev.yaml|过长" -- $P -f json "$work/big-key.yaml"

# A NUL byte on line 3: a finding at that line, not a string cut short.
{ head -2 "$minimal"; printf 'unit: 测试\000单位\n'; tail -n +4 "$minimal"; } >"$work/nul.yaml"
JSON=1 check "NUL byte" 1 "pev.yaml|\"line\":3|!\"unit\":\"测试\"" -- $P -f json "$work/nul.yaml"

# A UTF-8 BOM and CRLF line ends load exactly like the plain file.
printf '\357\273\277' | cat - "$minimal" >"$work/bom.yaml"
sed 's/$/\r/' "$minimal" >"$work/crlf.yaml"
sed 's/$/\r/' "$data/duplicate-key.yaml" >"$work/crlf-duplicate-key.yaml"
$P -f json "$minimal" 2>/dev/null | sed "s|$minimal|FILE|g" >"$work/plain.json"
for v in bom crlf; do
	check "$v file loads" 0 "测试单位" -- $P "$work/$v.yaml"
	timeout "$limit" $P -f json "$work/$v.yaml" 2>/dev/null | sed "s|$work/$v.yaml|FILE|g" >"$work/$v.json"
	assert "$v file gives the same result as the plain file" cmp -s "$work/plain.json" "$work/$v.json"
done
check "CRLF keeps line numbers" 1 "重复的键“planned”（首次出现在第 6 行）|\"line\":8|!\\r" -- \
	$P -f json "$work/crlf-duplicate-key.yaml"

: >"$work/empty.yaml"
JSON=1 check "empty file" 1 "文件为空" -- $P -f json "$work/empty.yaml"
cp "$(type -P true || echo /bin/true)" "$work/binary.yaml"
JSON=1 check "a binary file (/bin/true)" 1 "pev.yaml|UTF-8" -- $P -f json "$work/binary.yaml"
cp Makefile "$work/Makefile.yaml"
JSON=1 check "a file that is not YAML (a Makefile)" 1 "pev.yaml|YAML 语法错误" -- $P -f json "$work/Makefile.yaml"
printf 'pev: 1\nkind: department\nunit: "\355\240\200 and \300\257"\nyear: 2022\n' >"$work/bad-utf8.yaml"
JSON=1 check "invalid UTF-8 (surrogate, overlong)" 1 "pev.yaml|UTF-8|\"line\":3" -- $P -f json "$work/bad-utf8.yaml"

# Terminal escapes in data: the text format shows control characters as
# visible escapes, so data cannot retitle the window, clear the screen or
# overwrite a line (ESC, BEL, CR, C1 CSI, a bidirectional override).  A
# file name is data too.
printf 'pev: 1\nkind: department\nunit: "单位\\e]0;PWNED\\a\\r伪造\\x9b2J"\nyear: 2022\nproject: "x\\u202Eabc"\n' >"$work/escapes.yaml"
cp "$work/escapes.yaml" "$work/esc"$'\e'"[2J"$'\a'".yaml"
check "control characters in data are shown escaped (text format)" 1 \
	'单位\e]0;PWNED\x07\r伪造\u009b2J|x\u202eabc|!'$'\e''|!'$'\a''|!'$'\r''|!'$'\u202e' -- $P "$work/escapes.yaml"
check "control characters in a file name are shown escaped" 1 \
	'esc\e[2J\x07.yaml|!'$'\e''|!'$'\a' -- $P "$work/esc"$'\e'"[2J"$'\a'".yaml"
JSON=1 check "... and JSON keeps the data exact (escaped as JSON)" 1 '\u001b]0;PWNED' -- $P -f json "$work/escapes.yaml"

# --- directory walks -------------------------------------------------------------
# Links that lead back into a directory being walked once made walks that
# never ended (two links to "." in a data folder: 2^40 visits to depth 64;
# in a rule folder, no depth limit), and a FIFO named *.yaml held the run in
# fopen.  A walk lists each directory once and refuses what is not a
# regular file without opening it.
W=$work/walks
mkdir -p "$W/data/sub" "$W/dag"
cp "$minimal" "$W/data/report.yaml"
cp "$minimal" "$W/data/sub/other.yaml"
ln -s . "$W/data/x"
ln -s . "$W/data/y"
ln -s .. "$W/data/sub/up"
JSON=1 check "two links to . and one to .. in a data folder: each file once" "0|1" \
	'"files":2,' -- $P -f json --fail-on never "$W/data"
# Forty levels, each with two links to the next: 2^40 paths, 41 folders.
for i in $(seq 0 40); do mkdir -p "$W/dag/d$i"; done
for i in $(seq 0 39); do ln -s "../d$((i + 1))" "$W/dag/d$i/a"; ln -s "../d$((i + 1))" "$W/dag/d$i/b"; done
cp "$minimal" "$W/dag/d40/deep.yaml"
JSON=1 check "2^40 paths through links to 41 folders: each folder once" "0|1" \
	'"files":1,' -- $P -f json --fail-on never "$W/dag"
mkfifo "$W/data/pipe.yaml"
check "a FIFO named *.yaml is refused, not waited on" 2 "pipe.yaml|pev.io|不是普通文件" -- $P "$W/data"
# previous() reads the head of every input to find last year's report: the
# FIFO is passed over there too (it blocked in fopen).
mkdir -p "$W/previous"
cat >"$W/previous/previous.lua" <<'LUA'
rule {
  id = "test.previous",
  title = "读上一年度的报告",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local p = previous()
    finding("上一年度：" .. tostring(p and p.unit))
  end,
}
LUA
quickly "previous() passes a FIFO over" 2 "上一年度：nil|不是普通文件" -- $P -r "$W/previous" "$W/data"
rm -f "$W/data/pipe.yaml"
mkdir -p "$W/rules"
cp "$rules/fine/fine.lua" "$W/rules/"
ln -s . "$W/rules/x"
ln -s . "$W/rules/y"
check "two links to . in a rule folder: each rule once" 0 "规则照常运行|!重复" -- $P -r "$W/rules" "$minimal"

mkdir -p "$W/tests"
cp "$rules/fine/fine.lua" "$W/tests/"
cat >"$W/tests/fine.test.yaml" <<'YAML'
cases:
  - name: 规则照常运行
    data: {pev: 1, kind: department, unit: 测试单位, year: 2022, budget: {planned: 1, executed: 1}}
    expect:
      findings:
        - {rule: test.fine}
YAML
ln -s . "$W/tests/x"
ln -s . "$W/tests/y"
check "two links to . in a rule test folder: each test once" 0 "1 passed, 0 failed" -- \
	"$bin" test -r "$W/tests" "$W/tests"

# A rule folder cannot reach a file outside itself: a module or a rule
# file that is a link to one is refused, and nothing of that file is quoted
# (Lua's syntax error once quoted a line of it).
printf 'ordinary text\nTOP-SECRET password = hunter2\n' >"$work/outside.txt"
mkdir -p "$W/leak-module/lib" "$W/leak-rule"
cat >"$W/leak-module/a.lua" <<'LUA'
rule {
  id = "test.hostile.require-link",
  title = "模块是指向规则目录外的链接",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r) require("key") end,
}
LUA
ln -s "$work/outside.txt" "$W/leak-module/lib/key.lua"
check "a module that links outside the rule folder is refused" 2 \
	"test.hostile.require-link|key.lua|规则目录|!hunter2|!TOP-SECRET|!ordinary text" -- $P -r "$W/leak-module" "$minimal"
cp "$rules/fine/fine.lua" "$W/leak-rule/"
ln -s "$work/outside.txt" "$W/leak-rule/stolen.lua"
check "a rule file that links outside the rule folder is refused" 2 \
	"stolen.lua|规则目录|!hunter2|!TOP-SECRET|!ordinary text" -- $P -r "$W/leak-rule" "$minimal"
mkdir -p "$W/leak-dir"
cp "$rules/fine/fine.lua" "$W/leak-dir/"
mkdir -p "$work/elsewhere"
cp "$rules/fine/fine.lua" "$work/elsewhere/other.lua"
ln -s "$work/elsewhere" "$W/leak-dir/shared"
check "a rule folder that links outside the rule directory is refused" 2 "shared|规则目录" -- \
	$P -r "$W/leak-dir" "$minimal"
mkdir -p "$W/inside/lib" "$W/inside/real"
cp "$rules/fine/fine.lua" "$W/inside/real/"
ln -s real "$W/inside/alias"
printf 'return { x = 1 }\n' >"$W/inside/lib/real.lua"
ln -s real.lua "$W/inside/lib/mod.lua"
check "links that stay inside the rule directory still work" 0 "规则照常运行" -- $P -r "$W/inside" "$minimal"

# --- hostile rules --------------------------------------------------------------
# Each directory holds the hostile rule(s) a-*.lua, the benign rules/fine (given after it)
# ("规则照常运行") and sometimes c-check.lua, which looks at what the hostile
# rule tried to change.  They run with a scratch directory as the working
# directory, holding one file a rule might try to rename or delete: after
# all of them it must hold exactly that file, unchanged.
jail=$work/jail
mkdir -p "$jail"
echo "原样" >"$jail/victim.txt"
rm -f /tmp/pevcheck-escaped*
touch "$work/stamp"
sleep 1
R="$bin check -r $root/$rules"
M=$root/$minimal
# The benign rule every hostile directory runs with, after the hostile one:
# it must still run.
FINE=$root/$rules/fine
run_dir=$jail

crash() { # NAME DIR PATTERNS: the rule(s) fail as findings, fine still runs, exit 2
	check "$1" 2 "规则运行出错|规则照常运行：测试单位|$3" -- $R/$2 -r $FINE "$M"
}
crash "os is blocked" hostile-os "test.hostile.os|沙箱中不允许使用 os"
crash "io.open, os.rename, io.popen are blocked" hostile-io \
	"test.hostile.io|test.hostile.rename|test.hostile.popen|沙箱中不允许使用 io.open|沙箱中不允许使用 os.rename"
crash "debug is blocked" hostile-debug "test.hostile.debug|沙箱中不允许使用 debug"
crash "package.loadlib is blocked" hostile-loadlib "test.hostile.loadlib|package"
crash "require of a path outside lib/" hostile-require-path "test.hostile.require-path|require"
crash "require of os" hostile-require-os "test.hostile.require-os|找不到模块“os”"
crash "string.dump is blocked" hostile-string-dump "test.hostile.dump|string.dump"
crash "load of a binary chunk (default mode)" hostile-load-binary "test.hostile.load-binary|binary"
crash "string metatable is locked" hostile-string-metatable "test.hostile.string-mt|字符串方法：ABC，7"
crash "Decimal metatable is locked" hostile-decimal-metatable "test.hostile.decimal-mt|小数运算照常|!被改掉了"
crash "report is read-only to rawset, table.insert, setmetatable, indicator()" hostile-modify-report \
	"test.hostile.rawset|test.hostile.insert|test.hostile.setmetatable|test.hostile.nested|只读|报告未被修改"
crash "collectgarbage(\"stop\") is refused" hostile-collectgarbage "test.hostile.gc|collectgarbage"
crash "endless loop in check" hostile-check-loop "test.hostile.check-loop|超出指令预算"
crash "pcall/xpcall cannot swallow the budget" hostile-pcall-loop "test.hostile.pcall-loop|超出指令预算"
crash "infinite recursion" hostile-recursion "test.hostile.recursion|a-recurse.lua|stack overflow"
crash "huge string.rep" hostile-string-rep "test.hostile.rep|内存"
crash "a table that grows forever" hostile-table-grows "test.hostile.grow|a-grow.lua"
crash "error objects that are tables or nil" hostile-error-objects \
	"test.hostile.error-table|test.hostile.error-nil|test.hostile.error-tostring"
crash "catastrophic pattern backtracking" hostile-pattern "test.hostile.pattern|a-pattern.lua"
# Finalizers (__gc) run when the collector reaches them: during another
# rule's check, whose findings they could then forge, or after every rule,
# when nothing is metered.
check "__gc finalizer with an endless loop" "0|2" "规则照常运行：测试单位" -- $R/hostile-gc-loop -r $FINE "$M"
check "__gc finalizers cannot report in another rule's name" "0|2" \
	"规则照常运行：测试单位|分配完成：200000|!终结器写入的发现  [test.victim]|!终结器写入的发现  [test.fine]" -- \
	$R/hostile-gc-forge -r $FINE "$M"
# Findings live outside the Lua state: a rule that reports without end must
# still be bounded in time and memory.
check "a rule that reports findings without end" "0|2" "test.hostile.finding-flood|超过上限 1000 条|规则照常运行：测试单位" -- \
	$R/hostile-finding-flood -r $FINE -f json "$M"
check "the findings limit can be raised" "0|2" "超过上限 5000 条|规则照常运行：测试单位" -- \
	$R/hostile-finding-flood -r $FINE --limit findings=5000 -f json "$M"
JSON=1 check "a 300 KB message is cut at a character boundary" "0" "消息过长，已截断|规则照常运行：测试单位" -- \
	$R/hostile-long-message -r $FINE -f json "$M"
# set_score notes live outside the Lua state too: cut like messages (200
# notes of 10 MB once reached 4 GB) and counted against the same limit.
check "set_score notes are cut and counted" 2 \
	"消息过长，已截断|test.hostile.score-flood|超过上限 1000 条|规则照常运行：测试单位" -- \
	$R/hostile-score-notes -r $FINE "$M"
check "rule API with extreme integers" "0|2" "test.hostile.api-index|规则照常运行：测试单位|!runtime error" -- \
	$R/hostile-api-edges -r $FINE "$M"
crash "error with a non-UTF-8 message" hostile-error-bytes "test.hostile.error-bytes|坏字节"
JSON=1 check "non-UTF-8 error message gives valid JSON" 2 "test.hostile.error-bytes" -- \
	$R/hostile-error-bytes -r $FINE -f json "$M"

# Work the count hook never saw (issue 16): an xpcall message handler
# that ran unmetered after the budget error, C loops of the library and of
# pevcheck's own sum(), utf8.len of 20 MiB as one instruction, string
# arithmetic and tonumber on long strings, string.rep of "" (each ran for
# days or for ever, deaf to SIGTERM), load of a huge source.  Each is now
# charged by the work it does, and stops.
quickly "unmetered work is charged: every rule stops, the others run" 2 \
	"test.hostile.xpcall-handler|test.hostile.move|test.hostile.sum-len|test.hostile.concat-index|test.hostile.insert-len|test.hostile.utf8-len|test.hostile.string-arith|test.hostile.tonumber|test.hostile.rep-empty|test.hostile.load-many|超出指令预算|test.hostile.load-big|最多载入 1048576 字节|规则照常运行：测试单位" -- \
	$R/hostile-unmetered -r $FINE "$M"
# One instruction on two 20 MiB strings (==, <, a for loop's limit) takes
# milliseconds: only the CPU-time limit stops these; at the default limit
# (3 s) the issue's case ends by itself well under 10 s.
check "long strings compared and converted: the CPU-time limit stops each" 2 \
	"test.hostile.string-equal|test.hostile.string-less|test.hostile.for-limit|超出时间上限：一次检查用了超过 1 秒|!test.hostile.string-equal  [" -- \
	$R/hostile-slow-strings --limit rule-seconds=1 "$M"
mkdir -p "$work/slow-equal"
cp "$root/$rules/hostile-slow-strings/a-equal.lua" "$work/slow-equal/"
quickly "== of two 20 MiB strings at the default limits" 2 "test.hostile.string-equal|超出时间上限：一次检查用了超过 3 秒" -- \
	$P -r "$work/slow-equal" -r $FINE "$M"
# SIGTERM is heard inside a C loop of the library, even with the budget and
# the time limit out of the way.
mkdir -p "$work/long-move"
cp "$root/$rules/hostile-unmetered/a-move.lua" "$work/long-move/"
stopped "SIGTERM stops a rule inside table.move" 1 -- \
	"$bin" check --limit instructions=4611686018427387903 --limit rule-seconds=100000 -r "$work/long-move" "$M"
# A rule that keeps what it allocates in a file-level table filled the
# state after ~30 reports; an unrelated rule then failed, the next document
# could not load and the rest of the file was dropped.  Now the hog is
# stopped for the rest of the run (and says so on every report), a rule
# that needs 16 MiB on every report keeps working, and all 100 reports are
# checked.
python3 -c '
import sys
doc = open(sys.argv[1]).read()
sys.stdout.write("---\n".join(doc.replace("测试单位", "单位%d" % i) for i in range(100)))' "$M" >"$work/hundred.yaml"
quickly "a rule that hoards memory is stopped; every report is still checked" 2 \
	'"documents":100|规则在本次运行余下的报告上停用|一直占着|工作规则照常运行：单位99|规则照常运行：单位99|!无法载入文档' -- \
	$R/hostile-state-hog -r $FINE -f json "$work/hundred.yaml"
run $R/hostile-state-hog -r $FINE -f json "$work/hundred.yaml"
if python3 -c '
import json, sys
d = json.loads(sys.stdin.read().split("\npevcheck:")[0])
msgs = [f["message"] for e in d["files"] for f in e["findings"]]
worker = sum("工作规则照常运行" in m for m in msgs)
fine = sum(m.startswith("规则照常运行") for m in msgs)
stopped = sum("规则在本次运行余下的报告上停用" in m for m in msgs)
sys.exit(0 if (len(d["files"]), worker, fine, stopped) == (100, 100, 100, 98) else 1)' <<<"$out"; then
	passed=$((passed + 1))
else
	fail "the hog: 100 reports, the worker and fine on each, the hog stopped on 98" "counts differ" "$out"
fi
# Five rules keep 30 MiB each in a state of 128 MiB: the ones holding the
# most are stopped, so that reports still load and the other rules run.
quickly "rules that fill the state are stopped, the largest first" 2 \
	'"documents":100|规则占用的内存填满了 Lua 状态|规则照常运行：单位99|!无法载入文档' -- \
	$R/hostile-state-full -r $FINE --limit memory=128M -f json "$work/hundred.yaml"

check "globals a rule sets are its own" 0 "已设置全局变量|看不到其他规则的全局变量|规则照常运行：测试单位" -- \
	$R/hostile-global -r $FINE "$M"
# Globals set only through helper functions of the file, a chunk loaded at
# its top level or a module it requires are per report too: the second
# report must not see the first one's unit.
sed 's/测试单位/第二单位/' "$root/$minimal" | cat "$root/$minimal" <(echo ---) - >"$work/two-reports.yaml"
check "globals set through helpers do not carry over to the next report" 0 \
	"辅助函数看到的单位：测试单位，load 看到的单位：测试单位，模块看到的单位：测试单位|只经辅助函数设置的全局变量：第二单位|辅助函数看到的单位：第二单位，load 看到的单位：第二单位，模块看到的单位：第二单位|!看到的单位：测试单位，load 看到的单位：第二单位" -- \
	$R/hostile-global-helpers "$work/two-reports.yaml"
# Two rules require the same lib/ module: one writes a field of it, the
# other calls a module function that sets a global; c-check must see
# neither (writing the field may fail as a finding, hence 0 or 2).
check "a shared module carries no state from rule to rule" "0|2" \
	"看不到其他规则留下的状态|规则照常运行：测试单位|!看到了其他规则留下的状态" -- $R/hostile-module-state -r $FINE "$M"
check "endless loop at load time" 2 "规则载入失败|a-loop.lua:|超出指令预算" -- $R/hostile-load-loop -r $FINE "$M"

run_dir=
mkdir -p "$work/empty-subdir/rules/nothing-here"
cp "$rules/fine/fine.lua" "$work/empty-subdir/rules/"
check "a rule directory with an empty subdirectory" 0 "规则照常运行" -- \
	$P -r "$work/empty-subdir/rules" "$minimal"

# Nothing written anywhere: the scratch directory holds only its file,
# unchanged; no file appeared in the hostile rule folders, the data folder
# or /tmp.
assert "rules wrote no file in the working directory" \
	test "$(ls -A "$jail")" = victim.txt
assert "rules changed no file" grep -qx "原样" "$jail/victim.txt"
new=$(find tests rules examples /tmp -maxdepth 3 -newer "$work/stamp" -name '*pevcheck-escaped*' 2>/dev/null)
new="$new$(find "$rules"/hostile-* "$data" -newer "$work/stamp" 2>/dev/null)"
assert "rules wrote no file elsewhere" test -z "$new"
[ -n "$new" ] && echo "$new" | sed 's/^/      | /'

finish hardening
