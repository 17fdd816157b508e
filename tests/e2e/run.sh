#!/usr/bin/env bash
# End-to-end tests: run the pevcheck binary on files under tests/e2e and
# check its output and exit status.
#
#   tests/e2e/run.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=e2e
. "$(dirname "$0")/lib.sh"
data=tests/e2e/data
rules=tests/e2e/rules
example=examples/huangpu-2022.yaml

# json_check NAME PYTHON-EXPRESSIONS -- COMMAND...: run the command (json
# output), parse it, and assert each line of the python snippet.
json_check() {
	local name=$1 code=$2
	shift 3
	local out
	out=$("$@" 2>/dev/null)
	if python3 -c "$code" <<<"$out" 2>"$work/py.err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  e2e: $name"
		sed 's/^/      | /' "$work/py.err" | tail -5
	fi
}

P="$bin check"
# Under valgrind (PEVCHECK_E2E_QUICK) a rule's 20 M instructions take longer
# than its CPU-time limit (rule-seconds, 3 s): lift it there, so that the
# budget and the memory limit speak as they do natively.
[ -n "${PEVCHECK_E2E_QUICK:-}" ] && P="$P --limit rule-seconds=600"
P_RULES="$bin"
S="-r rules -r examples/rules"

# --- the seed report ---------------------------------------------------------
check "seed text" 0 "资产管理|9.5|94.57|优|未核验|312.60 万元|获得科普奖项 37 项|!错误：" -- $P $S "$example"
check "seed fail-on warning" 1 "" -- $P $S --fail-on warning "$example"
check "seed default rules find bundled rules" 0 "312.60" -- $P "$example"

json_check "seed json" '
import json, sys
d = json.load(sys.stdin)
f = d["files"][0]
assert d["pevcheck"]
assert f["kind"] == "department" and f["year"] == 2022, f
assert f["unit"] == "广州市黄埔区科学技术局（广州开发区科技创新局）"
s = f["scores"]
assert s["total"] == {"max": 100, "claimed": 94.57, "computed": 94.57}, s["total"]
assert s["grade"] == {"claimed": "优", "computed": "优"}
ind = {i["path"]: i for i in s["indicators"]}
a = ind["管理效率/资产管理"]
assert a["max"] == 10 and a["claimed"] == 9.5 and a["computed"] == 9.5 and a["status"] == "ok", a
assert a["deductions"][0]["rule"] == "dept.asset.registration-late" and a["deductions"][0]["points"] == 0.5
assert ind["履职效能"]["status"] == "unverified"
assert ind["管理效率"]["status"] == "ok" and ind["管理效率"]["computed"] == 49.5
rules = {x["rule"]: x for x in f["findings"]}
c = rules["budget.carryover"]
assert c["severity"] == "warning" and c["path"] == "budget.carryover" and c["line"] > 0 and "312.60" in c["message"]
assert rules["example.outreach.awards-plausible"]["path"] == "facts.science_outreach.awards"
assert not [x for x in f["findings"] if x["severity"] == "error"]
assert d["summary"] == {"files": 1, "documents": 1, "errors": 0, "warnings": 3, "infos": 0, "waived": 0}, d["summary"]
' -- $P $S -f json "$example"

# --- changes a reviewer would catch, each at its line -------------------------
line_of() { grep -n -- "$2" "$1" | head -1 | cut -d: -f1; }
mutate() { # NAME SED-EXPRESSION
	sed -e "$2" "$example" >"$work/$1.yaml"
	echo "$work/$1.yaml"
}
f=$(mutate claimed-score '/name: 资产管理/,/score:/ s/score: 9.5/score: 10/')
l=$(line_of "$f" "score: 10$")
check "claimed 资产管理 10 is a mismatch at its line" 1 "\"rule\":\"pev.score\"|\"line\":$l|管理效率/资产管理|\"computed\":9.5|\"status\":\"mismatch\"" -- $P $S -f json "$f"
f=$(mutate parent-sum 's/score: 49.5/score: 49.0/')
l=$(line_of "$f" "score: 49.0")
check "管理效率 not the sum of its children" 1 "score.children-sum|\"line\":$l|下级指标得分之和为 49.5" -- $P $S -f json "$f"
f=$(mutate rate 's/execution_rate: "99.9%"/execution_rate: "99.5%"/')
l=$(line_of "$f" "execution_rate:")
check "printed execution rate wrong" 1 "budget.execution-rate|\"line\":$l|99.9" -- $P $S -f json "$f"
f=$(mutate grade 's/grade: 优/grade: 良/')
l=$(line_of "$f" "grade: 良")
check "grade does not match the total" 1 "score.grade|\"line\":$l" -- $P $S -f json "$f"
f=$(mutate total 's/total: 94.57/total: 94.75/')
l=$(line_of "$f" "total: 94.75")
check "total not the sum of indicators" 1 "score.total|\"line\":$l|94.57" -- $P $S -f json "$f"
f=$(mutate no-reason 's/reason: 资产变动登记不够及时/reason: ""/')
check "claimed deduction without a reason" 1 "score.deduction-reason|deductions[0]" -- $P $S -f json "$f"
f=$(mutate sources 's/general_public: "383,193.53"/general_public: "383,193.00"/')
check "sources do not sum to executed" 1 "budget.breakdown-sum|budget.sources" -- $P $S -f json "$f"

# --- data that is not a valid report ------------------------------------------
check "YAML syntax error" 1 "pev.yaml|YAML 语法错误|\"line\":" -- $P -f json $data/syntax-error.yaml
check "duplicate key" 1 "重复的键“planned”（首次出现在第 6 行）|\"line\":8" -- $P -f json $data/duplicate-key.yaml
check "invalid UTF-8" 1 "pev.yaml|UTF-8|\"line\":3" -- $P -f json $data/bad-utf8.yaml
check "top level not a mapping" 1 "pev.format|顶层应当是映射" -- $P -f json $data/not-mapping.yaml
check "top level a plain scalar" 1 "pev.format|顶层应当是映射|\"line\":2" -- $P -f json $data/scalar-top.yaml
check "an empty document among others" 1 "\"document\":2|顶层应当是映射" -- $P -f json $data/empty-document.yaml
check "empty file" 1 "文件为空" -- $P $data/empty.yaml
check "number as text is a finding, not 0" 1 "budget.planned|超过3400万元|\"line\":6|budget.executed|约5万元|\"line\":7|!\"computed\":0" -- $P -f json $data/text-number.yaml
check "full-width and unit forms are numbers" 0 "!pev.format|!budget.execution-rate|!budget.carryover" -- $P -f json $data/fullwidth.yaml
check "project kind needs a project name" 1 "缺少必填字段 project" -- $P $data/project-missing.yaml
check "minimal report is clean" 0 "未发现问题" -- $P $data/minimal.yaml
json_check "two documents, numbered" '
import json, sys
d = json.load(sys.stdin)
assert [f["document"] for f in d["files"]] == [1, 2], d["files"]
assert [f["unit"] for f in d["files"]] == ["第一个单位", "第二个单位"]
assert d["summary"]["files"] == 1 and d["summary"]["documents"] == 2
' -- $P -f json $data/two-documents.yaml
json_check "JSON data file gives the YAML result" '
import json, sys
d = json.load(sys.stdin)
a, b = d["files"]
strip = lambda s: [{k: v for k, v in i.items() if k != "line"} for i in s["indicators"]]
assert strip(a["scores"]) == strip(b["scores"]) and a["scores"]["total"] == b["scores"]["total"], (a, b)
assert "document" not in a
' -- $P -f json $data/minimal.json $data/minimal.yaml
check "directory argument checks its data files" 1 "minimal.json|minimal.yaml|two-documents.yaml" -- $P $data

# --- the command line ---------------------------------------------------------
check "unreadable file" 2 "pev.io|无法读取文件|minimal.yaml" -- $P $data/minimal.yaml $data/no-such-file.yaml
check "unknown format" 2 "未知的输出格式" -- $P -f xml $data/minimal.yaml
check "unknown option" 2 "" -- $P --no-such-option $data/minimal.yaml
check "bad --fail-on" 2 "fail-on" -- $P --fail-on sometimes $data/minimal.yaml
check "no files" 2 "没有给出要检查的文件" -- $P
check "unknown command" 2 "未知命令" -- "$bin" frobnicate
check "version" 0 "pevcheck " -- "$bin" --version
check "help" 0 "check|test|rules|explain" -- "$bin" --help
check "fail-on never" 0 "" -- $P --fail-on never $data/syntax-error.yaml
$P $S -o "$work/out.json" -f json "$example" >"$work/stdout.txt" 2>/dev/null
if cmp -s <($P $S -f json "$example" 2>/dev/null) "$work/out.json" && [ ! -s "$work/stdout.txt" ] &&
	[ -z "$(ls "$work" | grep '\.tmp\.')" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: -o writes the same report, nothing on stdout, no temporary left"
fi
# make install: the installed binary finds its rules, without flags and
# from any directory, and the authoring kit and man page are there.  Not
# under valgrind, where $bin is a wrapper script that cannot be moved.
if [ -z "${PEVCHECK_E2E_QUICK:-}" ]; then
make -s --no-print-directory install DESTDIR="$work/stage" PREFIX=/usr INSTALL_BINARY="$bin" >"$work/install.log" 2>&1
check "installed binary finds its rules" 0 "dept.asset.registration-late|budget.carryover" -- \
	bash -c "cd / && '$work/stage/usr/bin/pevcheck' rules"
check "installed binary checks the installed example" 0 "94.57|资产管理" -- \
	bash -c "cd / && '$work/stage/usr/bin/pevcheck' check --fail-on never '$work/stage/usr/share/pevcheck/examples/huangpu-2022.yaml'"
mkdir -p "$work/outside/rules"
check "new-rule outside the checkout: the scaffold's test passes as written" 0 "2 passed, 0 failed" -- \
	bash -c "cd '$work/outside' && '$work/stage/usr/bin/pevcheck' new-rule my.first-rule >/dev/null && '$work/stage/usr/bin/pevcheck' test rules | tail -1"
for f in share/man/man1/pevcheck.1 share/pevcheck/lua/pevcheck-api.lua share/pevcheck/luacheckrc; do
	if [ -f "$work/stage/usr/$f" ]; then passed=$((passed + 1)); else
		failed=$((failed + 1)); echo "FAIL  e2e: make install did not install $f"; cat "$work/install.log"
	fi
done
fi

# Output to a file or pipe: a one-line summary on stderr, but not into the
# same pipe (2>&1), where it would break the JSON.
$P $S -f json "$example" >"$work/sum.out" 2>"$work/sum.err"
if grep -qE '^pevcheck: 1 个文件（1 份报告）：0 个错误，3 个警告，0 个提示，0 个已豁免$' "$work/sum.err" &&
	$P $S -f json "$example" 2>&1 | python3 -c 'import json, sys; json.load(sys.stdin)'; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: stderr summary when piped, and none into the report's own pipe: $(cat "$work/sum.err")"
fi
# The report gets the mode fopen would give it (not mkstemp's 0600), and
# an existing report keeps its own.
(umask 022 && $P $S -o "$work/mode-new.json" -f json "$example" 2>/dev/null)
touch "$work/mode-old.json" && chmod 640 "$work/mode-old.json"
$P $S -o "$work/mode-old.json" -f json "$example" 2>/dev/null
if [ "$(stat -c %a "$work/mode-new.json")" = 644 ] && [ "$(stat -c %a "$work/mode-old.json")" = 640 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: -o file mode: new $(stat -c %a "$work/mode-new.json"), want 644; kept $(stat -c %a "$work/mode-old.json"), want 640"
fi
$P $S -o /dev/null -f json "$example" 2>/dev/null
if [ -c /dev/null ]; then passed=$((passed + 1)); else
	failed=$((failed + 1)); echo "FAIL  e2e: -o /dev/null must write to the device, not replace it"
	rm -f /dev/null && mknod -m 666 /dev/null c 1 3
fi
check "--profile lists every rule, slowest first, with file:line" 0 "规则耗时 (profile)|calls|dept.asset.registration-late (|asset-registration.lua:|合计" -- $P $S --profile -j 2 -f json -o "$work/profiled.json" "$example" "$example"
check "-o into a missing directory" 2 "无法写入" -- $P -o "$work/no/such/dir/out.txt" $data/minimal.yaml
sed 's/^kind: department/kind: ~/' $data/minimal.yaml >"$work/kind-blank.yaml"
check "kind: ~ is an error at its line, not a blank cell that lets the report pass unchecked" 1 \
	"2:1     错误 必填字段 kind（报告类型）为空|pev.format kind|!pev.blank|!表格未填完" -- $P "$work/kind-blank.yaml"
check "rules lists the rules" 0 "dept.asset.registration-late|〈资产登记〉|budget.carryover" -- "$bin" rules
# columns.py REGEX: on every line of stdin, what REGEX's group 1 matches at
# the start (the columns before the one checked) is equally wide on a
# terminal; CJK and 〈〉 count two columns, “” one.
cat >"$work/columns.py" <<'PY'
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
starts = set()
for line in sys.stdin.read().splitlines():
    m = re.match(sys.argv[1], line.rstrip())
    if not m:
        sys.exit("no such column in: " + line)
    starts.add(width(m.group(1)))
sys.exit(0 if len(starts) == 1 else "the column starts at %s" % sorted(starts))
PY
assert "rules: the title column lines up after 〈“三公经费”控制率〉" \
	bash -c "'$bin' rules | sed '1d; /^\$/,\$d' | python3 '$work/columns.py' '^(\S+ +\S+ +\S+ +)\S'"
assert "--help: the summaries line up after frameworks" \
	bash -c "'$bin' --help | grep '^  [a-z-]* ' | grep -v '^  pevcheck' | python3 '$work/columns.py' '^(  \S+ +)\S'"
check "explain shows policy, parameters, location" 0 "资产变动登记不及时|deadline_days = 30|points        = 0.5|asset-registration.lua:|行政事业性国有资产管理条例" -- "$bin" explain dept.asset.registration-late
check "explain unknown rule" 2 "没有编号或名称为" -- "$bin" explain no.such.rule

# --- many files, in parallel, identical output ----------------------------------
# PEVCHECK_E2E_QUICK (set for the run under valgrind) keeps the corpora small.
many=150 few=100 long=4000
[ -n "${PEVCHECK_E2E_QUICK:-}" ] && many=6 few=4 long=400
mkdir -p "$work/many/sub"
for i in $(seq 1 $many); do cp "$example" "$work/many/r$i.yaml"; done
for i in $(seq 1 $few); do cp $data/minimal.yaml "$work/many/sub/m$i.yml"; done
cp $data/two-documents.yaml $data/syntax-error.yaml $data/minimal.json "$work/many/sub/"
$P -j 1 -f json "$work/many" >"$work/j1.json" 2>/dev/null
$P -j 2 -f json "$work/many" >"$work/j2.json" 2>/dev/null
$P -j 7 -f text "$work/many" >"$work/j7.txt" 2>/dev/null
$P -j 1 -f text "$work/many" >"$work/j1.txt" 2>/dev/null
if cmp -s "$work/j1.json" "$work/j2.json" && cmp -s "$work/j1.txt" "$work/j7.txt" &&
	[ "$(grep -c '"path"' "$work/j1.json")" -gt $((many + few)) ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: -j 2 and -j 7 print exactly what -j 1 prints"
fi
(cd "$work/many" && ls r1.yaml sub/m1.yml) >"$work/list.txt"
check "--files-from a list" 0 "r1.yaml|sub/m1.yml|共检查 2 个文件" -- bash -c "cd '$work/many' && $P --no-config --files-from '$work/list.txt' -r '$root/rules'"
check "--files-from stdin" 0 "r1.yaml|共检查 1 个文件" -- bash -c "cd '$work/many' && echo r1.yaml | $P --no-config --files-from - -r '$root/rules'"
check "summary line on stderr when piped" 0 "pevcheck: 1 个文件（1 份报告）：0 个错误，3 个警告" -- bash -c "$P $S '$example' | cat >/dev/null"

# --- project configuration and waivers -------------------------------------------
mkdir -p "$work/proj/reports/2022"
cp "$example" "$work/proj/reports/2022/a.yaml"
cat >"$work/proj/.pevcheck.yaml" <<YAML
rules: [$root/rules, $root/examples/rules]
fail_on: warning
severity:
  example.outreach.awards-plausible: info
waivers:
  - rule: budget.carryover
    files: reports/2022/*.yaml
    reason: 差额 312.60 万元已由财政收回
    approved_by: 财政局绩效科
    expires: 2099-12-31
  - rule: dept.asset.registration-late
    files: reports/2022/*.yaml
    reason: 旧的豁免
    approved_by: 张三
    expires: 2020-01-01
  - rule: score.total
    files: reports/2022/*.yaml
    reason: 不再匹配
    approved_by: 李四
    expires: 2099-12-31
  - rule: budget.carryover
    files: reports/2021/*.yaml
    reason: 这次没有检查 2021 年的文件，无从判断是否还需要
    approved_by: 王五
    expires: 2099-12-31
YAML
json_check "waivers: waived stays visible, expired and unused are reported" '
import json, sys
d = json.load(sys.stdin)
a, cfg = d["files"]
r = {f["rule"]: f for f in a["findings"]}
w = r["budget.carryover"]
assert w["waived"] is True and w["waiver"]["approved_by"] == "财政局绩效科", w
assert "waived" not in r["dept.asset.registration-late"]
assert r["example.outreach.awards-plausible"]["severity"] == "info"
assert cfg["path"].endswith(".pevcheck.yaml")
msgs = " ".join(f["message"] for f in cfg["findings"])
assert "已于 2020-01-01 到期" in msgs and "没有匹配任何发现" in msgs, msgs
assert [f["line"] for f in cfg["findings"]] == [11, 16], cfg["findings"]
assert d["summary"]["waived"] == 1
assert d["summary"]["documents"] == 1, d["summary"]
' -- bash -c "cd '$work/proj' && $P -f json reports"
printf 'rules: [%s/rules, %s/examples/rules]\ndisable: [budget.carryover]\nseverity:\n  score.total: warning\n' "$root" "$root" >"$work/proj/tools.yaml"
check "rules follows the configuration: its directories, off, severities" 0 "example.outreach.awards-plausible|budget.carryover                   off|score.total                        warning|tools.yaml" -- \
	bash -c "cd '$work/proj' && $P_RULES rules --config tools.yaml"
check "explain says a rule is switched off" 0 "budget.carryover|tools.yaml" -- bash -c "cd '$work/proj' && $P_RULES explain --config tools.yaml budget.carryover"
check "test runs the configured rule directories' tests" 0 "passed, 0 failed|!rules failed" -- bash -c "cd '$work/proj' && $P_RULES test --config tools.yaml | tail -1"
check "rules --no-config" 0 "!example.outreach" -- bash -c "cd '$root' && $P_RULES rules --no-config --config '$work/proj/tools.yaml'"
check "config fail_on: warning gives exit 1" 1 "[已豁免]|豁免：差额 312.60 万元已由财政收回" -- bash -c "cd '$work/proj/reports' && $P 2022"
check "--fail-on on the command line beats the config" 0 "" -- bash -c "cd '$work/proj' && $P --fail-on error reports"
check "--no-config ignores it" 0 "!豁免：" -- bash -c "cd '$work/proj' && $P --no-config -r '$root/rules' reports"
printf 'rules: [rules]\nwaivres: []\n' >"$work/bad-config.yaml"
check "unknown config key names its line" 2 "bad-config.yaml:2: 未知的配置项“waivres”" -- $P --config "$work/bad-config.yaml" $data/minimal.yaml
printf 'disable: [no.such.rule]\n' >"$work/bad-disable.yaml"
check "disabling an unknown rule is an error" 2 "disable 中的规则“no.such.rule”不存在" -- $P --config "$work/bad-disable.yaml" $data/minimal.yaml
printf 'waivers:\n  - rule: budget.carryover\n    files: "*.yaml"\n    reason: x\n' >"$work/bad-waiver.yaml"
check "a waiver needs who approved it" 2 "bad-waiver.yaml:2: 豁免缺少 approved_by" -- $P --config "$work/bad-waiver.yaml" $data/minimal.yaml
printf 'waivers:\n  - rule: budget.caryover\n    files: "*.yaml"\n    reason: x\n    approved_by: y\n    expires: 2099-12-31\n' >"$work/typo-waiver.yaml"
check "a waiver for a rule that does not exist" 2 "typo-waiver.yaml:2|budget.caryover" -- $P --config "$work/typo-waiver.yaml" $data/minimal.yaml
printf 'waivers:\n  - rule: budget.carryover\n    files: "*.yaml"\n    reason: x\n    approved_by: y\n    expires: 2023-02-29\n' >"$work/date-waiver.yaml"
check "a waiver expiring on a day that does not exist" 2 "date-waiver.yaml|expires" -- $P --config "$work/date-waiver.yaml" $data/minimal.yaml
printf 'disable: [budget.carryover]\n' >"$work/disable.yaml"
# unverified(reason): the reason is shown under the indicator.
sed 's/asset_changes:/asset_changez:/' "$example" >"$work/no-assets.yaml"
check "a rule's unverified reason shows under its indicator" 0 "未能核验：报告没有 facts.asset_changes（资产变动记录） [dept.asset.registration-late]" -- \
	$P $S --fail-on never "$work/no-assets.yaml"
check "and in JSON as unverified_by" 0 '"unverified_by":[{"rule":"dept.asset.registration-late","reason":"报告没有 facts.asset_changes（资产变动记录）"}]' -- \
	$P $S --fail-on never -f json "$work/no-assets.yaml"
check "disabled rule does not run" 0 "![budget.carryover|资产管理" -- $P --config "$work/disable.yaml" "$example"

# --- limits and interruption ---------------------------------------------------------
check "--limit depth gives a finding at its line" 1 "嵌套过深：超过上限 3 层|\"line\":44" -- $P $S -f json --limit depth=3 "$example"
check "--limit scalar" 1 "标量过长：超过上限 10 字节" -- $P $S --limit scalar=10 "$example"
check "--limit file-size" 2 "文件过大" -- $P $S --limit file-size=1K "$example"
check "--limit instructions stops a rule" 2 "超出指令预算" -- $P -r $rules/runtime-error -r $rules/fine --limit instructions=1 $data/minimal.yaml
check "unknown limit" 2 "未知的限制“dpth”" -- $P --limit dpth=3 "$example"
check "bad limit value" 2 "限制 depth 的值“-1”无效" -- $P --limit depth=-1 "$example"
printf 'limits:\n  depth: 3\n' >"$work/limits.yaml"
check "limits in the configuration" 1 "嵌套过深：超过上限 3 层" -- $P --config "$work/limits.yaml" "$example"
for i in $(seq 1 $long); do echo "$root/$example"; done >"$work/long-list.txt"
# A rule directory's file that cannot be read ends the load cleanly.  An
# interrupted read of a framework file failed the same way, and freed
# memory never set (exit 139 under valgrind when SIGINT came while a second
# engine loaded; the valgrind pass runs this file, so the FIFO shows it
# deterministically).
mkdir -p "$work/fifo-rules/frameworks"
cp rules/scores/grade.lua "$work/fifo-rules/"
mkfifo "$work/fifo-rules/frameworks/pipe.yaml"
check "a FIFO among the framework files: refused, not a crash" 2 "pipe.yaml: 不是普通文件" -- $P -r "$work/fifo-rules" "$example"
rm "$work/fifo-rules/frameworks/pipe.yaml"
mkfifo "$work/fifo-rules/pipe.lua"
check "a FIFO among the rule files: not a regular file" 2 "pipe.lua: 无法读取规则文件：不是普通文件" -- $P -r "$work/fifo-rules" "$example"
rm -r "$work/fifo-rules"
# A signal while the rules load (a rule file whose top level never ends)
# is an interrupted check, exit 128 + signal, not "rules failed to load".
mkdir -p "$work/slow-load"
cp rules/scores/grade.lua "$work/slow-load/"
printf 'local n = 0\nwhile true do n = n + 1 end\n' >"$work/slow-load/slow.lua"
$P --limit instructions=4611686018427387903 -r "$work/slow-load" "$example" 2>"$work/slow-load.err" &
pid=$!
sleep $([ -n "${PEVCHECK_E2E_QUICK:-}" ] && echo 3 || echo 0.4)
kill -INT $pid
wait $pid
status=$?
if [ $status = 130 ] && grep -q "检查被中断" "$work/slow-load.err" && ! grep -q "规则载入失败" "$work/slow-load.err"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: SIGINT while the rules load: exit $status (want 130)"
	cat "$work/slow-load.err"
fi
for sig in INT TERM; do
	for j in 1 2; do
		# each run on its own: one that dies must not fail the next
		echo "the old report" >"$work/old.json"
		rm -f "$work"/old.json.tmp*
		# --no-cache: the same file again and again, which the results
		# cache would hand over before the signal came
		$P $S -j $j --no-cache --files-from "$work/long-list.txt" -f json -o "$work/old.json" 2>/dev/null &
		pid=$!
		sleep $([ -n "${PEVCHECK_E2E_QUICK:-}" ] && echo 3 || echo 0.4)
		kill -$sig $pid
		wait $pid
		status=$?
		want=$([ $sig = INT ] && echo 130 || echo 143)
		if [ "$status" = "$want" ] && [ "$(cat "$work/old.json")" = "the old report" ] &&
			[ -z "$(ls "$work" | grep 'old.json.tmp')" ]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "FAIL  e2e: SIG$sig with -j $j: exit $status (want $want), old report kept, no temporary left"
		fi
	done
done

# --- scoring frameworks (profiles) ----------------------------------------------------
mkdir -p "$work/fw/profiles"
cp rules/department/asset-registration.lua "$work/fw/"
cp rules/scores/grade.lua "$work/fw/"
cat >"$work/fw/profiles/strict.yaml" <<YAML
title: 更严格的资产登记期限
params:
  dept.asset.registration-late: {deadline_days: 10, points: 1}
grades:
  - {grade: 优, min: 95}
  - {grade: 良, min: 80}
  - {grade: 中, min: 60}
  - {grade: 差, min: 0}
YAML
json_check "--framework overrides parameters and grade bands" '
import json, sys
d = json.load(sys.stdin)
f = d["files"][0]
assert f["framework"]["name"] == "strict" and f["framework"]["chosen_by"] == "option", f.get("framework")
r = {x["rule"]: x for x in f["findings"]}
a = r["dept.asset.registration-late"]
assert a["points"] == 1 and "超过 10 天" in a["message"], a
ind = {i["path"]: i for i in f["scores"]["indicators"]}
assert ind["管理效率/资产管理"]["computed"] == 9
assert f["scores"]["grade"]["computed"] == "良"
assert "score.grade" in r
' -- $P -r "$work/fw" --framework strict -f json "$example"
sed 's/^year: 2022/year: 2022\nframework: strict/' "$example" >"$work/framework.yaml"
check "a report chooses its framework" 1 "\"framework\":{\"name\":\"strict\",\"chosen_by\":\"report\"|\"points\":1" -- $P -r "$work/fw" -f json "$work/framework.yaml"
check "without a framework: field the framework is detected and the rule's own parameters apply" 0 "\"points\":0.5|\"framework\":{\"name\":\"履职效能-管理效率\",\"chosen_by\":\"detected\"" -- $P -r "$work/fw" -f json "$example"
sed 's/^year: 2022/year: 2022\nframework: nowhere/' "$example" >"$work/unknown-framework.yaml"
check "a report naming an unknown framework gets a warning at its line" 0 "pev.framework|未知的评分框架“nowhere”|strict|\"line\":5" -- $P -r "$work/fw" -f json "$work/unknown-framework.yaml"
check "--framework with an unknown name is a usage error" 2 "未知的评分框架“nowhere”（可用：|strict）" -- $P -r "$work/fw" --framework nowhere "$example"
mkdir -p "$work/fw-bad/profiles"
cp rules/department/asset-registration.lua "$work/fw-bad/"
printf 'params:\n  dept.asset.registration-late: {deadline: 10}\n' >"$work/fw-bad/profiles/typo.yaml"
check "a profile naming a parameter the rule lacks" 2 "typo.yaml:2: 规则 dept.asset.registration-late 没有参数“deadline”" -- $P -r "$work/fw-bad" "$example"

# --- history: the previous year's report among the inputs ------------------------------
mkdir -p "$work/hist"
python3 - "$root/$example" "$work/hist/2022.yaml" <<'PY'
import sys
a = open(sys.argv[1]).read().replace("facts:\n", "facts:\n  yoy:\n    - {name: 科技服务业营收, value: 400, growth: 20%}\n", 1)
open(sys.argv[2], "w").write(a)
PY
cp rules/testdata/department-2021.yaml "$work/hist/2021.yaml"
check "previous() finds last year's report among the inputs" 1 "history.yoy-growth|（400 − 350.88）÷ 350.88 = 14%" -- $P -r rules "$work/hist"
sed 's|^year: 2022|year: 2022\nprevious: no-such-2021.yaml|' "$work/hist/2022.yaml" >"$work/prev-missing.yaml"
check "an unreadable previous: is a warning at its line" 0 '"rule":"pev.history","severity":"warning"|no-such-2021.yaml|"line":13,"column":1' -- \
	$P -r rules --fail-on error -f json "$work/prev-missing.yaml"
check "alone, the 2022 report cannot be compared" 0 "没有上一年度数值|!350.88" -- $P -r rules --fail-on error "$work/hist/2022.yaml"

# --- rules that fail ------------------------------------------------------------
check "rule that does not compile" 2 "broken.lua:9:|规则载入失败" -- $P -r $rules/compile-error $data/minimal.yaml
check "rule that errors at run time" 2 "test.crash|a-crash.lua:8:|规则照常运行" -- $P -r $rules/runtime-error -r $rules/fine $data/minimal.yaml
check "endless loop is stopped" 2 "test.loop|超出指令预算|规则照常运行" -- $P -r $rules/endless-loop -r $rules/fine $data/minimal.yaml
check "memory hog is stopped" 2 "test.hog|超出内存上限|规则照常运行" -- $P -r $rules/memory-hog -r $rules/fine $data/minimal.yaml
rm -f /tmp/pevcheck-escaped
check "os is blocked" 2 "test.os|沙箱中不允许使用 os.execute|规则照常运行" -- $P -r $rules/escape-os -r $rules/fine $data/minimal.yaml
if [ -e /tmp/pevcheck-escaped ]; then failed=$((failed + 1)); echo "FAIL  e2e: a rule ran a command"; else passed=$((passed + 1)); fi
check "binary chunks are refused" 2 "test.binary|二进制" -- $P -r $rules/escape-load-binary $data/minimal.yaml
check "report is read-only" 2 "test.modify|只读|规则照常运行：测试单位" -- $P -r $rules/modify-report -r $rules/fine $data/minimal.yaml
check "duplicate rule id" 2 "规则 id“test.same”重复|b.lua:1:" -- $P -r $rules/duplicate-id $data/minimal.yaml
check "unknown severity" 2 "severity“critical”无效|a.lua:1:" -- $P -r $rules/bad-severity $data/minimal.yaml
check "deduction on an indicator the report lacks: a finding that says nothing was deducted, not a rule failure" 0 "扣一分；应扣 1 分，但报告的评分表中没有指标“管理效率/不存在的指标”，未扣分|!规则出错|!pev.rule" -- $P -r $rules/missing-indicator $data/minimal.yaml
check "set_score in a rule with neither indicator nor concept: the error names both" 2 "规则 test.set-score-nowhere 没有声明 indicator 或 concept，不能设定得分|concept = \"它核验的内容\"" -- $P -r $rules/set-score-nowhere $data/minimal.yaml
check "missing rule directory" 2 "无法打开规则目录" -- $P -r $rules/no-such-dir $data/minimal.yaml

# --- pevcheck test ----------------------------------------------------------------
mkdir -p "$work/failing"
cp rules/department/asset-registration.lua "$work/failing/"
cat >"$work/failing/a.test.yaml" <<YAML
base: $root/$example
cases:
  - name: 故意写错的预期
    expect:
      scores: {管理效率/资产管理: 10}
      findings:
        - {rule: dept.asset.registration-late, points: 1}
YAML
check "a failing rule test shows expected beside actual" 1 "FAIL|预期 10，实际 9.5|缺少预期的发现|实际发现|points: 0.5|0 passed, 1 failed" -- "$bin" test -r "$work/failing" "$work/failing"

# A misspelt key must fail the case, not silently check nothing.
mkdir -p "$work/typo"
cp rules/department/asset-registration.lua "$work/typo/"
cat >"$work/typo/a.test.yaml" <<YAML
base: $root/$example
bsae: typo
cases:
  - name: expect 里拼错的键
    expect:
      finding: [{rule: dept.asset.registration-late}]
  - name: 发现里拼错的键
    expect:
      findings: [{rule: dept.asset.registration-late, point: 0.5}]
  - name: 用例里拼错的键
    dta: {}
    expect: {}
YAML
check "test files with misspelt keys fail and name the key" 1 "未知的键“bsae”|未知的键“finding”|未知的键“point”|未知的键“dta”|0 passed, 4 failed" -- "$bin" test -r "$work/typo" "$work/typo"

mkdir -p "$work/scaffold/rules"
check "new-rule writes a rule and a test" 0 "已创建|three-public-over.lua|three-public-over.test.yaml" -- bash -c "cd '$work/scaffold' && $bin new-rule --base '$root/$example' dept.three-public.over"
check "the scaffold's test passes as written" 0 "2 passed, 0 failed" -- "$bin" test -r "$work/scaffold/rules" "$work/scaffold/rules"
check "new-rule never overwrites" 2 "已存在" -- bash -c "cd '$work/scaffold' && $bin new-rule dept.three-public.over"
check "new-rule checks the id" 2 "规则编号“Bad Id”无效" -- bash -c "cd '$work/scaffold' && $bin new-rule 'Bad Id'"
check "new-rule refuses an id that would not load (an empty part)" 2 "dept..late|!已创建" -- bash -c "cd '$work/scaffold' && $bin new-rule dept..late"
# From outside the checkout a build/ binary finds no bundled rules (an installed one
# does): name them, as the scaffold's concept needs the bundled frameworks.
check "new-rule accepts what loading accepts: the scaffold loads" 0 "passed, 0 failed" -- bash -c "cd '$work/scaffold' && $bin new-rule --base '$root/$example' dept.x_y-z >/dev/null && PEVCHECK_RULES='$root/rules' $bin test rules | tail -1"
check "test --coverage lists lines never run" 0 "规则覆盖率|asset-registration.lua|未执行的行|合计|passed, 0 failed" -- "$bin" test --coverage rules
check "rule tests' last line is the summary" 0 "passed, 0 failed" -- bash -c "$bin test rules | tail -1"

# --- the language of the engine's messages -------------------------------------------
# Chinese when LANGUAGE, LC_ALL, LC_MESSAGES or LANG says zh (the rest of this
# file runs under LANG=zh_CN.UTF-8), English otherwise; the rules' own
# messages are what their authors wrote, in either.
sed '/name: 资产管理/,/score:/ s/score: 9.5/score: 10/' "$example" >"$work/lang-mismatch.yaml"
zh_run() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$@"; }
en_run() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$@"; }
mismatch_en="indicator '管理效率/资产管理' claims 10 points, the rules compute 9.5"
mismatch_zh="指标“管理效率/资产管理”自评 10 分，按规则计算应为 9.5 分"
rule_msg="获得科普奖项 37 项，多于参赛者 36 人"
check "LANG=C: the engine speaks English" 1 "$mismatch_en|Checked 1 file (1 report): 2 errors, 3 warnings, 0 info|Scores (claimed and computed by the rules)|$rule_msg|312.60 万元|!$mismatch_zh|!共检查" -- en_run $P $S "$work/lang-mismatch.yaml"
check "LANG=en_US.UTF-8: English" 1 "$mismatch_en|Checked 1 file|$rule_msg|!共检查" -- env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 $P $S "$work/lang-mismatch.yaml"
check "LANG unset: English" 1 "$mismatch_en|!共检查" -- env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $P $S "$work/lang-mismatch.yaml"
check "LANG=zh_CN.UTF-8: Chinese" 1 "$mismatch_zh|共检查 1 个文件（1 份报告）：2 个错误，3 个警告，0 个提示|$rule_msg|!$mismatch_en|!Checked" -- zh_run $P $S "$work/lang-mismatch.yaml"
check "LANGUAGE=zh_CN: Chinese" 1 "$mismatch_zh|共检查|$rule_msg|!Checked" -- env -u LC_ALL -u LC_MESSAGES -u LANG LANGUAGE=zh_CN $P $S "$work/lang-mismatch.yaml"
check "LANGUAGE=zh_CN beats LANG=en_US.UTF-8" 1 "$mismatch_zh|!Checked" -- env -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 LANGUAGE=zh_CN $P $S "$work/lang-mismatch.yaml"
check "LANGUAGE=en beats LANG=zh_CN.UTF-8" 1 "$mismatch_en|!共检查" -- env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 LANGUAGE=en $P $S "$work/lang-mismatch.yaml"
check "LC_ALL=C wins over LANGUAGE=zh_CN, as in gettext" 1 "$mismatch_en|!共检查" -- env LC_ALL=C LANGUAGE=zh_CN $P $S "$work/lang-mismatch.yaml"
check "LC_MESSAGES=zh_TW.UTF-8: Chinese" 1 "$mismatch_zh" -- env -u LANGUAGE -u LC_ALL LANG=C LC_MESSAGES=zh_TW.UTF-8 $P $S "$work/lang-mismatch.yaml"
check "LANG=zh: Chinese" 1 "$mismatch_zh" -- env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh $P $S "$work/lang-mismatch.yaml"
check "LC_ALL=zh_CN.GB18030: Chinese, still UTF-8" 1 "$mismatch_zh|$rule_msg" -- env -u LANGUAGE LC_ALL=zh_CN.GB18030 $P $S "$work/lang-mismatch.yaml"
check "English usage errors" 2 "pevcheck: no files to check|Usage: pevcheck check|!没有给出" -- en_run $P
check "English unknown command" 2 "unknown command 'frobnicate'|Usage: pevcheck COMMAND" -- en_run "$bin" frobnicate
check "English --help" 0 "Usage: pevcheck COMMAND|check report data files|!用法" -- en_run "$bin" --help
check "Chinese --help" 0 "用法 Usage: pevcheck COMMAND|检查报告数据文件" -- zh_run "$bin" --help
check "PEVCHECK_LOCALEDIR without a catalog: English" 0 "Usage: pevcheck COMMAND|!用法" -- env PEVCHECK_LOCALEDIR="$work/no-locale" LANG=zh_CN.UTF-8 "$bin" --help
if [ -d "$root/build/locale" ]; then
	check "PEVCHECK_LOCALEDIR names the catalog" 0 "用法 Usage" -- env PEVCHECK_LOCALEDIR="$root/build/locale" LANG=zh_CN.UTF-8 "$bin" --help
fi
# Nothing Chinese (no CJK character or punctuation) in what only the engine writes.
for args in "--help" "check --help" "test --help" "rules --help" "explain --help" "new-rule --help" \
	"check --fail-on sometimes x.yaml" "check --limit dpth=3 x.yaml" "explain no.such.rule" \
	"check -f json $data/no-such-file.yaml" "check $data/empty.yaml" "check $data/syntax-error.yaml"; do
	# shellcheck disable=SC2086
	out=$(en_run "$bin" $args 2>&1)
	if LC_ALL=C.UTF-8 grep -qP '[\x{2E80}-\x{9FFF}\x{F900}-\x{FAFF}\x{FE30}-\x{FE4F}\x{FF00}-\x{FFEF}]' <<<"$out"; then
		failed=$((failed + 1))
		echo "FAIL  e2e: LANG=C pevcheck $args prints Chinese"
		LC_ALL=C.UTF-8 grep -P '[\x{2E80}-\x{9FFF}\x{FF00}-\x{FFEF}]' <<<"$out" | head -5 | sed 's/^/      | /'
	else
		passed=$((passed + 1))
	fi
done
en_run $P $S -f json "$work/lang-mismatch.yaml" $data >"$work/lang-en.json" 2>/dev/null
zh_run $P $S -f json "$work/lang-mismatch.yaml" $data >"$work/lang-zh.json" 2>/dev/null
if python3 - "$work/lang-en.json" "$work/lang-zh.json" 2>"$work/py.err" <<'PY'; then
import json, sys
en = json.load(open(sys.argv[1]))
zh = json.load(open(sys.argv[2]))
engine = lambda d: [x["message"] for f in d["files"] for x in f.get("findings", []) if x["rule"].startswith("pev.")]
assert any("claims 10 points" in m for m in engine(en)), engine(en)
assert not [m for m in engine(en) if m in engine(zh)], "engine messages not translated"
for d in (en, zh):
    for f in d["files"]:
        if "framework" in f:
            f["framework"]["why"] = "-"
        # the engine's own reason when a rule lacked the data it needs
        for i in f.get("scores", {}).get("indicators", []):
            for u in i.get("unverified_by", []):
                if u.get("reason", "").startswith(("the report has no ", "报告没有 ")):
                    u["reason"] = "-"
        for x in f.get("findings", []):
            if x["rule"].startswith("pev."):
                x["message"] = "-"
            # what the engine adds to a rule's deduction it cannot make
            for tail in ("; under the scoring standard ", "；按评分标准应扣 "):
                x["message"] = x["message"].split(tail)[0]
assert en == zh, "the JSON differs beyond the engine's messages"
PY
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  e2e: JSON is the same in both languages but for the engine's message text"
	sed 's/^/      | /' "$work/py.err" | tail -5
fi

check "the standard rules' tests pass in English too" 0 "passed, 0 failed|!FAIL" -- en_run "$bin" test rules
check "pevcheck test in English" 1 "FAIL|computed score: expected 10, got 9.5|expected finding not found|actual findings|0 passed, 1 failed|!预期 10" -- en_run "$bin" test -r "$work/failing" "$work/failing"
finish e2e
