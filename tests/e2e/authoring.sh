#!/usr/bin/env bash
# End-to-end tests of writing rules (issue #17): each mistake a policy
# officer made while encoding a new policy, replayed, must give the message
# that names the fix, in `check` and in `test`.
#
#   tests/e2e/authoring.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=authoring
. "$(dirname "$0")/lib.sh"
example=examples/huangpu-2022.yaml
n=0

# rule_dir BODY: a new rule directory, its path in $d, holding one rule
# whose check function runs BODY (Lua, lines 6 on; r is the report) over
# each target `t` (index i).
rule_dir() {
	n=$((n + 1))
	d="$work/rules-$n"
	mkdir -p "$d"
	cat >"$d/satisfaction.lua" <<LUA
-- 满意度类指标的目标值不得低于 85%。
local P = params { min_rate = 85 } -- 满意度最低（%）
rule { id = "local.target.satisfaction", title = "满意度目标不低于 85%", severity = "warning",
  kinds = { "department" }, policy = "满意度类指标的目标值不得低于 85%。",
  check = function(r) for i, t in ipairs(r.targets or {}) do
$1
  end end,
}
LUA
}

# --- 1. report tables know their fields ------------------------------------------
rule_dir '    if t.gaol < P.min_rate then finding("低", t, "target") end'
check "a misspelt target field names the nearest one, at the rule's line" 2 \
	"satisfaction.lua:6: targets[] 没有字段 gaol；是不是 goal？|!attempt to compare" -- \
	"$bin" check -r "$d" "$example"
rule_dir '    if t.gaol ~= nil and t.gaol < P.min_rate then finding("低", t, "target") end'
check "guarded as the guide recommends, the typo still fails instead of finding nothing" 2 \
	"satisfaction.lua:6: targets[] 没有字段 gaol；是不是 goal？" -- "$bin" check -r "$d" "$example"
cat >"$d/satisfaction.test.yaml" <<YAML
base: $root/$example
cases:
  - name: 目标低于 85
    data: {targets: [{name: 满意度, target: ">= 80%", actual: 90%}]}
    expect:
      findings: [{rule: local.target.satisfaction, path: "targets[0].target"}]
YAML
check "and in pevcheck test" 1 "FAIL|satisfaction.lua:6: targets[] 没有字段 gaol；是不是 goal？|0 passed, 1 failed" -- \
	"$bin" test -r "$d" "$d"
rule_dir '    if t.reason == nil and t.fix == nil and t.blank == nil and t["x-source"] == nil and t.met == false then finding("未达成", t) end'
check "fields a report may lack read as nil" 0 "!没有字段|!规则运行出错" -- "$bin" check -r "$d" "$example"
rule_dir '    local _ = r.facts.anything_at_all and r.facts.x.y; if t.goal_units then finding("x", t) end'
check "facts is free-form; a derived field misspelt names the derived one" 2 \
	"targets[] 没有字段 goal_units；是不是 goal_unit？|!facts 没有字段" -- "$bin" check -r "$d" "$example"
for read in 'r.fatcs|r 没有字段 fatcs；是不是 facts？' 'r.budget.planed|budget 没有字段 planed；是不是 planned？' \
	'r.scores.indicators[1].scroe|indicators[] 没有字段 scroe；是不是 score？' \
	'r.scores.indicators[2].children[1].children|!没有字段' \
	'r.scores.indicators[2].children[6].deductions[1].reson|deductions[] 没有字段 reson；是不是 reason？' \
	'r.scores.totl|scores 没有字段 totl；是不是 total？' \
	'r.budget.items|!没有字段' 'r.budget.satisfaction|budget 没有字段 satisfaction（它的字段：currency initial'; do
	rule_dir "    local _ = ${read%%|*}"
	check "reading ${read%%|*}" "$([ "${read#*|}" = '!没有字段' ] && echo 0 || echo 2)" "${read#*|}" -- \
		"$bin" check -r "$d" "$example"
done

# --- 2. load and run errors that name the Lua spelling ------------------------------
# hint NAME LINE PATTERN: a rule whose check holds LINE fails to load, with
# Lua's message and one line naming the Lua spelling.
hint() {
	local d
	rule_dir "    $2"
	check "load error: $1" 2 "规则载入失败：$d/satisfaction.lua:|提示：$3" -- "$bin" check -r "$d" "$example"
}
hint "!=" 'if t.goal != nil then finding("x", t) end' 'Lua 中“不等于”写作 ~='
hint "&&" 'if t.goal && t.met then finding("x", t) end' 'Lua 中“并且”写作单词 and'
hint "||" 'if t.goal || t.met then finding("x", t) end' 'Lua 中“或者”写作单词 or'
hint "!x" 'if !t.met then finding("x", t) end' 'Lua 中“非”写作单词 not'
hint "+=" 'local k = 0; k += 1' 'Lua 没有 += 和 ++：请写 x = x + 1'
hint "// comment" '// 满意度目标
    local k = 0' 'Lua 的注释以 -- 开头'
hint "[] list" 'local words = ["满意", "很满意"]' 'Lua 的列表用花括号'
hint "key: value" 'local m = {min: 85}' 'Lua 的表写作 { name = "x", points = 0.5 }：键 = 值，不是 键: 值'
hint "else if" 'if t.met then finding("x", t) else if t.goal then finding("y", t) end' \
	'第 6 行：Lua 中“else if”要连写成一个词 elseif'
hint "x = 1 in an if" 'if t.op = ">=" then finding("x", t) end' 'Lua 用 == 比较是否相等'
# Every "第 N 行写成 `…`" row of the guide's step 9 tables, replayed on the
# tutorial rule as the guide writes it: the message the row shows is what
# the mistake gives.
python3 tests/e2e/guide_rows.py "$bin" "$work/guide" >"$work/guide.out" 2>&1
while read -r verdict rest; do
	case $verdict in
	ok) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)); echo "FAIL  authoring: $rest" ;;
	esac
done <"$work/guide.out"
rows=$(sed -n 's/^rows //p' "$work/guide.out")
assert "the guide's tables hold the rows replayed (15 or more)" [ "${rows:-0}" -ge 15 ]
rule_dir '    if i == 1 and r.targets[0].goal ~= nil then finding("x", t) end'
check "run error: [0]" 2 "attempt to index a nil value|提示：Lua 的列表从 1 数起：第一项是 [1]，不是 [0]" -- \
	"$bin" check -r "$d" "$example"
rule_dir '    if t.goal ~= nil and t.goal < "85%" then finding("x", t) end'
check "a Decimal compared with \"85%\": no 'lt', what to write" 2 \
	"把数字与文字“85%”比较|写 85，不写 \"85%\"|!'lt'|!bad argument" -- "$bin" check -r "$d" "$example"
rule_dir '    if t.goal ~= nil and t.goal * P.min_rat > 1 then finding("x", t) end'
check "arithmetic with a misspelt parameter: nil, named as such" 2 \
	"数字与 nil 做运算（*）|参数名（P.x）写错了|!'mul'" -- "$bin" check -r "$d" "$example"
rule_dir '    if t.points > P.min_rate then finding("x", t) end'
check "an absent optional field compared: nil, with the hint" 2 \
	"attempt to compare number with nil|提示：有一边是 nil" -- "$bin" check -r "$d" "$example"

# --- 3. a stricter test runner ----------------------------------------------------
mkdir -p "$work/strict"
cp rules/department/asset-registration.lua "$work/strict/"
# cases FILE-BODY: the test file of the strict directory (base: the seed).
cases() {
	printf 'base: %s\ncases:\n%s\n' "$root/$example" "$1" >"$work/strict/a.test.yaml"
}
cases '  - name: 拼错的编号
    expect:
      no_findings: [dept.asset.registraton-late]'
check "a misspelt id under no_findings fails the case, naming the loaded one" 1 \
	"expect.no_findings：没有编号为 dept.asset.registraton-late 的已载入规则；是不是 dept.asset.registration-late？|0 passed, 1 failed" -- \
	"$bin" test -r "$work/strict" "$work/strict"
cases '  - name: 拼错的编号
    expect:
      findings: [{rule: dept.asset.registration-lat}]
      no_findings: [pev.scor]'
check "and under findings; an engine id too" 1 \
	"expect.findings 第 1 项：没有编号为 dept.asset.registration-lat 的已载入规则；是不是 dept.asset.registration-late？|是不是 pev.score？|!缺少预期的发现" -- \
	"$bin" test -r "$work/strict" "$work/strict"
cases '  - name: 扣分写错
    expect:
      findings:
        - {rule: dept.asset.registration-late, points: 1, path: "facts.asset_changes[1].registered_on", message: 超过 30 天}'
check "a FAIL shows each expected key beside the closest finding, marking those that differ" 1 \
	"缺少预期的发现|    rule       dept.asset.registration-late          dept.asset.registration-late|  ≠ points     1                                     0.5|    path       facts.asset_changes[1].registered_on  facts.asset_changes[1].registered_on|    message    超过 30 天                            资产变动登记不及时（超过 30 天）" -- \
	"$bin" test -r "$work/strict" "$work/strict"
mkdir -p "$work/crash"
printf 'rule { id = "local.crash", title = "x", severity = "warning", kinds = { "department" }, policy = "x",\n  check = function(r)\n    local n = nil\n    return n.x\n  end }\n' >"$work/crash/crash.lua"
printf 'base: %s\ncases:\n  - name: 出错的规则\n    expect:\n      no_findings: [local.crash]\n      findings: [{rule: local.crash, points: 1}]\n      errors: 0\n      scores: {管理效率: 1}\n' \
	"$root/$example" >"$work/crash/crash.test.yaml"
"$bin" test -r "$work/crash" "$work/crash" >"$work/crash.out" 2>&1
check "a failing rule: at its file:line, not line: 0" 0 "at: $work/crash/crash.lua:4}|!line: 0" -- cat "$work/crash.out"
assert "a failing rule's traceback once per case" [ "$(grep -c '调用栈' "$work/crash.out")" = 1 ]
cases '  - name: 没加引号的路径
    expect:
      findings: [{rule: dept.asset.registration-late, path: facts.asset_changes[1].registered_on}]'
check "an unquoted path in a flow mapping: the hint says to quote it" 1 \
	"did not find expected ',' or '}'|提示：写在 { } 或 [ ] 里的值含有 [ 或 { 时要加引号：path: \"facts.asset_changes[1].registered_on\"" -- \
	"$bin" test -r "$work/strict" "$work/strict"

# --- 4. rules that say what they do ------------------------------------------------
mkdir -p "$work/says"
cat >"$work/says/satisfaction.lua" <<'LUA'
-- 满意度类指标：目标值不得低于 85%，未达标的不得自评满分。
local P = params { min_rate = 85 } -- 满意度目标值最低（%）
rule { id = "local.target.satisfaction", title = "满意度目标与得分", severity = "warning",
  kinds = { "department" }, policy = string.format("满意度类指标的目标值不得低于 %s%%。", P.min_rate),
  check = function(r)
    for _, t in ipairs(r.targets or {}) do
      if t.name:find("满意度") and t.goal ~= nil and t.goal < P.min_rate then
        finding("满意度目标值低于 85%", t, "target")
      end
      if t.name:find("满意度") and t.met == false and t.score ~= nil and t.points ~= nil and t.score >= t.points then
        finding{ severity = "error", message = "满意度未达标却自评满分", at = t, field = "score" }
      end
    end
  end,
}
LUA
printf 'base: %s\ncases:\n  - name: 满意度 80%%，目标 85%%，自评满分\n    data: {targets: [{name: 服务对象满意度, target: ">= 85%%", actual: 80%%, points: 5, score: 5}]}\n    expect:\n      findings: [{rule: local.target.satisfaction, severity: error}]\n' \
	"$root/$example" >"$work/says/satisfaction.test.yaml"
check "explain lists the severity finding{} reports beside the declared one" 0 \
	"级别 severity:   warning|                 也会报告 error（finding{severity = ...}，在 $work/says/satisfaction.lua:11）" -- \
	"$bin" explain -r "$work/says" local.target.satisfaction
check "and a standard rule's" 0 "级别 severity:   error|也会报告 warning（finding{severity = ...}，在 rules/targets/indicator-points.lua:" -- \
	"$bin" explain -r rules target.indicator-points
check "pevcheck test warns when a new rule reports on the data a standard one does" 0 \
	"警告：规则 local.target.satisfaction 和 target.full-score-unmet 报告同一项数据 targets[0].score，共 1 个用例|1 passed, 0 failed" -- \
	"$bin" test "$work/says"
check "the standard rules' own overlaps are for rules --overlap, not every test run" 0 "!报告同一项数据|passed, 0 failed" -- \
	"$bin" test rules
check "rules --overlap lists every pair of rules reporting on the same data" 0 \
	"规则 budget.low-execution 和 dept.budget.execution-rate 报告同一项数据 budget.executed|对规则报告同一项数据|!规则测试中有 0 对" -- \
	"$bin" rules --overlap -r rules
# The policy text dept.asset.registration-late had before it was built
# from its parameters: 30 and 0.5 written out while params could change them.
mkdir -p "$work/lint"
sed -e 's|policy = string.format("资产新增、调拨、处置等变动应在变动后 %d 天内登记入账；"|policy = "资产新增、调拨、处置等变动应在变动后 30 天内登记入账；"|' \
	-e 's|"有任何一项登记不及时的，扣 %s 分（|"有任何一项登记不及时的，扣 0.5 分（|' -e '/^    P.deadline_days, P.points),$/d' \
	rules/department/asset-registration.lua >"$work/lint/asset-registration.lua"
cp rules/department/asset-registration.test.yaml "$work/lint/"
sed -i "s|^base: .*|base: $root/$example|" "$work/lint/asset-registration.test.yaml"
check "a policy repeating a parameter's value is a lint warning in test" 0 \
	"asset-registration.lua:16: 规则 dept.asset.registration-late 的 policy 把参数 deadline_days 的值 30 写成了固定文字|参数 points 的值 0.5|passed, 0 failed" -- \
	"$bin" test -r "$work/lint" "$work/lint"
check "no standard rule does" 0 "!policy 把参数|passed, 0 failed" -- "$bin" test rules examples/rules

# --- 5. edit, save, see: --watch -------------------------------------------------------
# The watch sets its folders up before it says it is watching, so a file
# changed after that line cannot be missed: no test here depends on timing
# beyond the (generous) time allowed for each step.
# wait_for FILE PATTERN [COUNT]: until FILE holds PATTERN (COUNT times), 60 s at most.
wait_for() {
	for _ in $(seq 1 600); do
		[ "$(grep -cF -- "$2" "$1" 2>/dev/null)" -ge "${3:-1}" ] && return 0
		sleep 0.1
	done
	return 1
}
# wait_exit PID: its exit status in $status once it ends (killed after 60 s).
wait_exit() {
	for _ in $(seq 1 600); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && kill -9 "$1"
	wait "$1"
	status=$?
}
mkdir -p "$work/watch"
cp rules/department/asset-registration.lua "$work/watch/"
printf 'base: %s\ncases:\n  - name: 扣 1 分\n    expect:\n      findings: [{rule: dept.asset.registration-late, points: 1}]\n' \
	"$root/$example" >"$work/watch/a.test.yaml"
PEVCHECK_WATCH_RUNS=2 "$bin" test --watch -r "$work/watch" "$work/watch" >"$work/watch.out" 2>&1 &
pid=$!
wait_for "$work/watch.out" "Ctrl-C 结束"
touch "$work/watch/notes.swp" # an editor's swap file is no change
sed -i 's/points = 0.5,/points = 1,/' "$work/watch/asset-registration.lua"
wait_exit $pid
check "test --watch runs again when a rule changes, saying what changed" 0 \
	"pevcheck test --watch：第 1 次运行|0 passed, 1 failed|第 2 次运行|；改动的文件：$work/watch/asset-registration.lua|FAIL → ok  $work/watch/a.test.yaml: 扣 1 分|1 passed, 0 failed|!notes.swp" -- \
	bash -c "cat '$work/watch.out'; exit $status"
cp "$example" "$work/watch/report.yaml"
"$bin" check --watch --no-config -r rules "$work/watch/report.yaml" >"$work/watch-check.out" 2>&1 &
pid=$!
wait_for "$work/watch-check.out" "Ctrl-C 结束"
sed 's/score: 49.5/score: 49.0/' "$example" >"$work/watch/report.yaml.tmp"
mv "$work/watch/report.yaml.tmp" "$work/watch/report.yaml" # saved as editors do: renamed over
wait_for "$work/watch-check.out" "Ctrl-C 结束" 2
kill -INT $pid
wait_exit $pid
check "check --watch: the findings new since the last run; Ctrl-C ends with the last run's status" 1 \
	"第 2 次运行|改动的文件：$work/watch/report.yaml|与上次运行相比：|+ error  $work/watch/report.yaml  score.total  scores.total: 总分为 94.57，但一级指标得分之和为 94.07|pevcheck: 监视结束（信号 2）|!report.yaml.tmp" -- \
	bash -c "cat '$work/watch-check.out'; exit $status"

# --- 6. the language pinned by the project ---------------------------------------------
# A Chinese team's CI runs in C.UTF-8: the rules' messages are Chinese, and
# so must be the engine's once .pevcheck.yaml says language: zh.
ci() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$@"; }
mkdir -p "$work/team"
printf 'rules: [%s/rules]\nlanguage: zh\n' "$root" >"$work/team/.pevcheck.yaml"
cp "$example" "$work/team/report.yaml"
check "language: zh in C.UTF-8: the engine speaks Chinese beside the rules' Chinese" 0 \
	"共检查 1 个文件（1 份报告）|资产变动登记不及时|!Checked|!Scores" -- bash -c "cd '$work/team' && $(declare -f ci); ci '$bin' check report.yaml"
check "--lang en on the command line stands over the project's" 0 "Checked 1 file (1 report)|!共检查" -- \
	bash -c "cd '$work/team' && $(declare -f ci); ci '$bin' check --lang en report.yaml"
check "--lang=zh without a project, usage errors included" 2 "没有给出要检查的文件|用法 Usage|!no files to check" -- ci "$bin" --lang=zh check
check "--lang takes zh or en" 2 "pevcheck: --lang takes zh (Chinese) or en (English), not 'fr'" -- ci "$bin" check --lang fr x.yaml
printf 'language: zh-TW\n' >"$work/bad-language.yaml"
check "language: in the configuration is checked at its line" 2 "bad-language.yaml:1: language 应为 zh（中文）或 en（英文）" -- \
	"$bin" check --config "$work/bad-language.yaml" "$example"
check "pevcheck test with a directory follows the project's language" 1 \
	"无法读取测试文件|提示：写在 { } 或 [ ] 里的值|0 passed, 1 failed|!cannot read the test file|!hint:" -- \
	bash -c "cd '$work/team' && $(declare -f ci); ci '$bin' test -r '$work/strict' '$work/strict'"
check "and rules, explain" 0 "级别 severity:|!severity:    " -- bash -c "cd '$work/team' && $(declare -f ci); ci '$bin' explain dept.asset.registration-late"

finish authoring
