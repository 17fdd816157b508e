#!/usr/bin/env bash
# End-to-end tests of the CI output formats (junit, sarif, github): each is
# parsed back with a standard parser (python3's xml.etree and json) and must
# carry the same findings as `-f json`: the same rule ids, messages and
# lines, on the seed report, on tests/e2e/data/*.yaml, and on a hostile
# report whose unit name and rule message hold quotes, markup, control
# characters, newlines, bytes that are not UTF-8 and Chinese text.
#
#   tests/e2e/formats.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=formats
. "$(dirname "$0")/lib.sh"
data=tests/e2e/data
example=examples/huangpu-2022.yaml

# The checker: python3 "$compare" MODE JSON-FILE OTHER-FILE [FAIL-ON]
compare="$work/compare.py"
cat >"$compare" <<'PY'
"""Compare one CI format's output with the -f json output of the same run."""
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

mode, json_file, other_file = sys.argv[1:4]
fail_on = sys.argv[4] if len(sys.argv) > 4 else "error"
RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}
ENGINE_IDS = {"pev.yaml", "pev.format", "pev.score", "pev.io", "pev.rule"}
problems = []


def problem(msg):
    problems.append(msg)


def xml_text(s):
    """What XML 1.0 can carry of s: forbidden characters become U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff"
                   else c for c in s)


def log_text(s):
    """What a workflow command line carries of s (controls become U+FFFD)."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f"
                   else c for c in s)


with open(json_file, encoding="utf-8") as f:
    reference = json.load(f)
findings = []  # (file, document, rule, severity, message, line, column)
documents = []
for doc in reference["files"]:
    key = (doc["path"], doc.get("document", 0))
    documents.append((key, doc))
    for x in doc["findings"]:
        findings.append((key[0], key[1], x["rule"], x["severity"], x["message"],
                         x.get("line", 0), x.get("column", 0)))


def same(name, got, want):
    got, want = sorted(got), sorted(want)
    if got != want:
        missing = [w for w in want if w not in got][:3]
        extra = [g for g in got if g not in want][:3]
        problem(f"{name}: {len(got)} findings, expected {len(want)}; "
                f"missing {missing!r}; unexpected {extra!r}")


def check_junit():
    tree = ET.parse(other_file)  # raises on XML that is not well-formed
    root = tree.getroot()
    if root.tag != "testsuites":
        problem(f"root element is <{root.tag}>, not <testsuites>")
    suites = root.findall("testsuite")
    if len(suites) != len(documents):
        problem(f"{len(suites)} testsuites for {len(documents)} documents")
    got = []
    for suite, (key, doc) in zip(suites, documents):
        path, number = key
        want_name = path + (f" #{number}" if number else "")
        if suite.get("name") != want_name:
            problem(f"testsuite name {suite.get('name')!r}, expected {want_name!r}")
        props = {p.get("name"): p.get("value") for p in suite.iterfind("properties/property")}
        for k in ("unit", "kind"):
            want = xml_text(doc[k]) if doc.get(k) is not None else None
            if props.get(k) != want:
                problem(f"{want_name}: property {k} {props.get(k)!r}, expected {want!r}")
        year = str(doc["year"]) if doc.get("year") is not None else None
        if props.get("year") != year:
            problem(f"{want_name}: property year {props.get('year')!r}, expected {year!r}")
        cases = suite.findall("testcase")
        count = {"tests": len(cases), "failures": 0, "errors": 0, "skipped": 0}
        ids = []
        for case in cases:
            if case.get("classname") != path:
                problem(f"classname {case.get('classname')!r}, expected {path!r}")
            rule = case.get("name").split(" ", 1)[0]
            if rule in ids:
                problem(f"{want_name}: two testcases for {rule}")
            ids.append(rule)
            if rule in ENGINE_IDS and case.get("name") != rule:
                problem(f"engine testcase named {case.get('name')!r}")
            failures = case.findall("failure") + case.findall("error")
            count["failures"] += bool(case.findall("failure"))
            count["errors"] += bool(case.findall("error"))
            count["skipped"] += bool(case.findall("skipped"))
            for e in failures:
                body = (e.text or "").split("\n")
                m = re.fullmatch(r"(.*?)(?::(\d+)(?::(\d+))?)?", body[0])
                if m.group(1) != path:
                    problem(f"failure body starts {body[0]!r}, not with the file {path!r}")
                sev = e.get("type")
                if RANK.get(sev, -1) < RANK[fail_on]:
                    problem(f"{rule}: a <failure> of severity {sev!r} below --fail-on {fail_on}")
                got.append((path, number, rule, sev, e.get("message"),
                            int(m.group(2) or 0), int(m.group(3) or 0)))
            out = case.find("system-out")
            quiet = out.text if out is not None else ""
            for x in doc["findings"]:
                if x["rule"] == rule and RANK[x["severity"]] < RANK[fail_on]:
                    if xml_text(x["message"]) not in quiet:
                        problem(f"{rule}: finding below --fail-on missing from <system-out>: "
                                f"{x['message']!r}")
                    got.append((path, number, rule, x["severity"], xml_text(x["message"]),
                                x.get("line", 0), x.get("column", 0)))
        for k, v in count.items():
            if suite.get(k) != str(v):
                problem(f"{want_name}: {k}={suite.get(k)!r}, counted {v}")
        for x in doc["findings"]:
            if x["rule"] not in ids:
                problem(f"{want_name}: no testcase for {x['rule']}")
    same("junit", got, [(f, d, r, s, xml_text(m), l, c) for f, d, r, s, m, l, c in findings])


def check_sarif():
    with open(other_file, encoding="utf-8") as f:
        log = json.load(f)
    if log.get("version") != "2.1.0":
        problem(f"version {log.get('version')!r}")
    if log.get("$schema") != "https://json.schemastore.org/sarif-2.1.0.json":
        problem(f"$schema {log.get('$schema')!r}")
    runs = log.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        problem("runs is not a list of one run")
        return
    run = runs[0]
    driver = run["tool"]["driver"]
    if driver.get("name") != "pevcheck" or not driver.get("version"):
        problem(f"driver {driver.get('name')!r} {driver.get('version')!r}")
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        problem(f"rule ids are not unique: {ids}")
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            if not isinstance(r.get(k, {}).get("text"), str) or not r[k]["text"]:
                problem(f"rule {r['id']}: no {k}.text")
        if r.get("defaultConfiguration", {}).get("level") not in ("error", "warning", "note"):
            problem(f"rule {r['id']}: defaultConfiguration.level {r.get('defaultConfiguration')}")
    level = {"error": "error", "warning": "warning", "info": "note"}
    got = []
    by_doc = {}
    for res in run["results"]:
        i = res.get("ruleIndex")
        if not isinstance(i, int) or not 0 <= i < len(rules) or rules[i]["id"] != res["ruleId"]:
            problem(f"result {res['ruleId']}: ruleIndex {i!r} does not point at its rule")
        if res.get("level") not in ("error", "warning", "note"):
            problem(f"result level {res.get('level')!r}")
        loc = res["locations"][0]["physicalLocation"]
        art = loc["artifactLocation"]
        uri = art["uri"]
        if uri.startswith("file://"):
            path = urllib.parse.unquote(uri[len("file://"):])
            if "uriBaseId" in art:
                problem(f"absolute uri {uri} with a uriBaseId")
        else:
            path = urllib.parse.unquote(uri)
            if art.get("uriBaseId") != "%SRCROOT%":
                problem(f"relative uri {uri} without uriBaseId %SRCROOT%")
            if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", uri):
                problem(f"relative uri {uri!r} reads as a scheme")
        if re.search(r"[^A-Za-z0-9\-._~/%:]", uri):
            problem(f"uri {uri!r} has characters a URI may not hold")
        region = loc.get("region")
        line = column = 0
        if region is not None:
            line = region.get("startLine")
            column = region.get("startColumn", 0)
            if not isinstance(line, int) or line < 1 or column < 0 or "startColumn" in region and column < 1:
                problem(f"region {region} is not positive")
        number = res.get("properties", {}).get("document", 0)
        got.append((path, number, res["ruleId"],
                    {v: k for k, v in level.items()}.get(res["level"]), res["message"]["text"],
                    line, column))
        logical = res["locations"][0].get("logicalLocations")
        by_doc.setdefault((path, number), []).append(
            logical[0]["fullyQualifiedName"] if logical else None)
    # relative paths lose a leading "./" in a URI
    norm = lambda p: re.sub(r"^(\./)+", "", p)
    same("sarif", [(norm(f), *rest) for f, *rest in got],
         [(norm(f), *rest) for f, *rest in findings])
    want_paths = {}
    for doc in reference["files"]:
        want_paths[(norm(doc["path"]), doc.get("document", 0))] = [x.get("path") for x in doc["findings"]]
    for k, paths in by_doc.items():
        if sorted(map(str, paths)) != sorted(map(str, want_paths.get((norm(k[0]), k[1]), []))):
            problem(f"{k}: logical locations {paths} differ from the data paths")
    for f in findings:
        if f[2] not in ids:
            problem(f"no reporting descriptor for {f[2]}")


def unescape(s, prop):
    table = {"%25": "%", "%0D": "\r", "%0A": "\n"}
    if prop:
        table.update({"%3A": ":", "%2C": ","})
    return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: table.get(m.group(0), m.group(0)), s)


def check_github():
    with open(other_file, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[-1] != "":
        problem("output does not end with a newline")
    lines = lines[:-1]
    if not lines or not lines[-1].startswith("pevcheck: "):
        problem(f"last line is not the summary: {lines[-1:]!r}")
    got = []
    command = {"error": "error", "warning": "warning", "notice": "info"}
    for line in lines[:-1]:
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        if not m:
            problem(f"not a workflow command: {line!r}")
            continue
        if "\r" in line:
            problem(f"raw carriage return in {line!r}")
        props = {}
        for item in m.group(2).split(","):
            k, _, v = item.partition("=")
            props[k] = unescape(v, True)
        got.append((props.get("file"), props.get("title"), command[m.group(1)],
                    unescape(m.group(3), False), int(props.get("line", 0)),
                    int(props.get("col", 0))))
    same("github", got, [(f, r, s, log_text(m), l, c) for f, d, r, s, m, l, c in findings])


{"junit": check_junit, "sarif": check_sarif, "github": check_github}[mode]()
for p in problems[:12]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# py_check NAME PYTHON-ARGS...: run the checker, which prints what differs.
py_check() {
	local name=$1
	shift
	if python3 "$@" 2>"$work/py.err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  formats: $name"
		sed 's/^/      | /' "$work/py.err" | tail -12
	fi
}

# same_findings NAME WANT_STATUS [check args] -- FILES...: run every format
# on the same files and compare each with -f json.
n=0
same_findings() {
	local name=$1 want=$2
	shift 2
	local args=()
	while [ "$1" != "--" ]; do
		args+=("$1")
		shift
	done
	shift
	n=$((n + 1))
	local j="$work/$n.json" status
	"$bin" check "${args[@]}" -f json "$@" >"$j" 2>/dev/null
	status=$?
	for fmt in junit sarif github; do
		for fail_on in error info; do
			local o="$work/$n.$fmt.$fail_on"
			"$bin" check "${args[@]}" --fail-on "$fail_on" -f "$fmt" "$@" >"$o" 2>/dev/null
			local s=$?
			local w=$want
			[ "$fail_on" = info ] && [ "$want" = 0 ] && grep -q '"severity"' "$j" && w=1
			if [ "$s" != "$w" ]; then
				failed=$((failed + 1))
				echo "FAIL  formats: $name: -f $fmt --fail-on $fail_on exits $s, expected $w"
			else
				passed=$((passed + 1))
			fi
			py_check "$name: $fmt (--fail-on $fail_on) carries the json findings" \
				"$compare" "$fmt" "$j" "$o" "$fail_on"
		done
	done
	if [ "$status" != "$want" ]; then
		failed=$((failed + 1))
		echo "FAIL  formats: $name: -f json exits $status, expected $want"
	else
		passed=$((passed + 1))
	fi
}

S=(-r rules -r examples/rules)

# --- the seed report and the test data ---------------------------------------
same_findings "seed" 0 "${S[@]}" -- "$example"
same_findings "test data" 2 -- $data/*.yaml $data/no-such-file.yaml
same_findings "test data, two jobs" 1 -j 2 -- $data/*.yaml

# --- a hostile report -----------------------------------------------------------
mkdir -p "$work/rules" "$work/报告 目录"
cat >"$work/rules/hostile.lua" <<'LUA'
rule {
  id = "hostile.message",
  title = "恶意\"标题\" <b>&amp;</b> 'q'",
  severity = "error",
  kinds = { "department" },
  policy = "政策 <policy> & \"引号\"\n第二行",
  reference = "《某文件》<ref>",
  check = function(r)
    finding(string.format("单位“%s”：<script>alert(\"x\")</script> & 'q' \1\2\27[31m 100%% done %%0A\r\n" ..
      "第二行\tTab \255 结束 ::error file=x::injected", r.unit), r, "unit")
    finding{message = "提示级 ]]> --> <!-- info, a:b", severity = "info"}
    finding{message = "警告级 %25 %2C", severity = "warning", at = r.budget, field = "planned"}
  end,
}
LUA
hostile="$work/报告 目录/hostile #1,a:b.yaml"
cat >"$hostile" <<'YAML'
pev: 1
kind: department
unit: "测试\"单位\" <script>alert('x')</script> & Co\x01\n第二行 ]]> 100%"
year: 2022
budget: {planned: 100, executed: 100, carryover: 0}
YAML
same_findings "hostile report" 1 -r rules -r "$work/rules" -- "$hostile"
(
	cd "$work" || exit 2
	"$bin" check -r "$root/rules" -r rules -f json "./报告 目录/hostile #1,a:b.yaml" >rel.json 2>/dev/null
	"$bin" check -r "$root/rules" -r rules -f sarif "./报告 目录/hostile #1,a:b.yaml" >rel.sarif 2>/dev/null
	"$bin" check -r "$root/rules" -r rules --fail-on info -f junit "./报告 目录/hostile #1,a:b.yaml" >rel.xml 2>/dev/null
	exit 0
)
py_check "hostile report by a relative path: sarif" "$compare" sarif "$work/rel.json" "$work/rel.sarif"
py_check "hostile report by a relative path: junit" "$compare" junit "$work/rel.json" "$work/rel.xml" info
check "sarif: relative uri is percent-encoded, relative to %SRCROOT%" 0 \
	'"uri":"%E6%8A%A5%E5%91%8A%20%E7%9B%AE%E5%BD%95/hostile%20%231%2Ca%3Ab.yaml","uriBaseId":"%SRCROOT%"' \
	-- cat "$work/rel.sarif"

# what each format must have made of the hostile text
hj="$work/hostile.json"
"$bin" check -r rules -r "$work/rules" -f json "$hostile" >"$hj" 2>/dev/null
hx="$work/hostile.xml"
"$bin" check -r rules -r "$work/rules" -f junit "$hostile" >"$hx" 2>/dev/null
py_check "junit: hostile text parses back as written" - "$hx" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
unit = {p.get("name"): p.get("value") for p in suite.iter("property")}["unit"]
assert unit == "测试\"单位\" <script>alert('x')</script> & Co\ufffd\n第二行 ]]> 100%", repr(unit)
case = [c for c in suite.iter("testcase") if c.get("name").startswith("hostile.message")][0]
assert case.get("name") == "hostile.message 恶意\"标题\" <b>&amp;</b> 'q'", case.get("name")
f = case.find("failure")
m = f.get("message")
assert "<script>alert(\"x\")</script> & 'q' \ufffd\ufffd\ufffd[31m 100% done %0A\r\n第二行\tTab \ufffd 结束" in m, repr(m)
assert f.get("type") == "error"
assert f.text.endswith(":3:1\npath: unit"), repr(f.text)
out = case.find("system-out").text
assert "提示级 ]]> --> <!-- info, a:b" in out and "警告级 %25 %2C" in out, repr(out)
assert suite.get("failures") == "1" and suite.get("errors") == "0", suite.attrib
PY
check "junit: no raw control character or markup from the data" 0 \
	"!<script>|!$(printf '\x01')|!$(printf '\x1b')|&lt;script&gt;|&amp;|&quot;|&#10;|&#13;" -- cat "$hx"
hg="$work/hostile.github"
"$bin" check -r rules -r "$work/rules" -f github "$hostile" >"$hg" 2>/dev/null
check "github: newlines, CR and % escaped in the message" 0 \
	"100%25 done %250A%0D%0A第二行|警告级 %2525 %252C|!$(printf '\r')" -- cat "$hg"
check "github: , : # and spaces in the file property" 0 \
	"::error file=$work/报告 目录/hostile #1%2Ca%3Ab.yaml,line=3,col=1,title=hostile.message::" \
	-- cat "$hg"
check "github: the injected command stays inside the message" 0 \
	"结束 ::error file=x::injected" -- cat "$hg"
if [ "$(grep -c '^::' "$hg")" = 3 ] && [ "$(wc -l <"$hg")" = 4 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  formats: github: one line per finding and a summary line"
	sed 's/^/      | /' "$hg"
fi
hs="$work/hostile.sarif"
"$bin" check -r rules -r "$work/rules" -f sarif "$hostile" >"$hs" 2>/dev/null
py_check "sarif: hostile rule metadata survives" - "$hs" <<'PY'
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
r = rules["hostile.message"]
assert r["shortDescription"]["text"] == "恶意\"标题\" <b>&amp;</b> 'q'", r
assert r["fullDescription"]["text"] == "政策 <policy> & \"引号\"\n第二行", r
assert r["help"]["text"] == "政策 <policy> & \"引号\"\n第二行\n依据：《某文件》<ref>", r
assert r["defaultConfiguration"]["level"] == "error"
assert r["properties"]["kinds"] == ["department"] and r["properties"]["source"].endswith("hostile.lua:1")
c = rules["dept.asset.registration-late"]
assert c["properties"]["concept"] == "资产登记" and c["defaultConfiguration"]["level"] == "warning"
res = [x for x in run["results"] if x["level"] == "error"][0]
assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
assert res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "unit"
assert "\x01\x02\x1b[31m" in res["message"]["text"], res["message"]
assert [x["level"] for x in run["results"]] == ["note", "error", "warning"], run["results"]
PY

# --- what CI needs of each format ---------------------------------------------------
sj="$work/seed.xml"
"$bin" check "${S[@]}" -f junit "$example" >"$sj" 2>/dev/null
ss="$work/seed.sarif"
"$bin" check "${S[@]}" -f sarif "$example" >"$ss" 2>/dev/null
py_check "junit: every applicable rule is a testcase, passing ones too" - "$sj" "$ss" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
rules = json.load(open(sys.argv[2], encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]
want = [r["id"] for r in rules if "department" in r["properties"].get("kinds", [])
        and r["properties"].get("yearFrom", 0) <= 2022 <= r["properties"].get("yearUntil", 9999)]
got = [c.get("name").split(" ")[0] for c in suite.iter("testcase")]
assert got == want, (got, want)
assert suite.get("failures") == "0" and suite.get("tests") == str(len(want)), suite.attrib
passing = [c for c in suite.iter("testcase") if len(c) == 0]
flagged = {c.get("name").split(" ")[0] for c in suite.iter("testcase") if len(c)}
assert len(passing) == len(want) - len(flagged) and len(flagged) >= 3, (len(passing), flagged)
assert suite.get("timestamp") and len(suite.get("timestamp")) == 19
PY
check "junit: warnings fail with --fail-on warning" 1 \
	'!failures="0"|<failure message="全年预算数|type="warning">examples/huangpu-2022.yaml:33:3' \
	-- "$bin" check "${S[@]}" --fail-on warning -f junit "$example"
check "junit: unreadable file is an error, not a failure" 2 \
	'errors="1"|<testcase classname="no-such.yaml" name="pev.io">|<error message=' \
	-- "$bin" check -f junit no-such.yaml
check "junit: multi-document file numbers its suites" 0 \
	'name="tests/e2e/data/two-documents.yaml #1"|name="tests/e2e/data/two-documents.yaml #2"' \
	-- "$bin" check -f junit $data/two-documents.yaml
check "sarif: engine ids get descriptors after the loaded rules" 1 \
	'"ruleId":"pev.yaml","ruleIndex":|"id":"pev.yaml"' -- "$bin" check -f sarif $data/syntax-error.yaml
check "sarif: no region when the line is unknown" 2 '!"region"|"uri":"no-such.yaml"' \
	-- "$bin" check -f sarif no-such.yaml
check "sarif: empty run is still a log" 0 '"results":[' -- "$bin" check -f sarif $data/minimal.yaml
check "github: summary line" 0 "pevcheck: 1 个文件（1 份报告）：0 个错误，" \
	-- "$bin" check "${S[@]}" -f github "$example"
check "github: no line or col when unknown" 2 "::error file=no-such.yaml,title=pev.io::" \
	-- "$bin" check -f github no-such.yaml
check "unknown format lists the CI formats" 2 "junit|sarif|github" -- "$bin" check -f xml $data/minimal.yaml
check "usage lists the CI formats" 0 "json | junit | sarif | github" -- "$bin" check --help

# --- JSON budget: the rate over the framework's base, opening balance and funds received -----
check "JSON: Hunan's computed rate counts the opening balance, which is output" 0 \
	'"opening_balance":19.8,"execution_rate_computed":99.27,"execution_rate_base":"planned+opening_balance"' \
	-- "$bin" check -f json examples/hunan-2018-department.yaml
check "JSON: the national framework's base for the same report" 0 \
	'"execution_rate_computed":100,"execution_rate_base":"planned"' \
	-- "$bin" check --framework 投入-过程-产出-效果 --fail-on never -f json examples/hunan-2018-department.yaml
sed 's/^  opening_balance: 19.8 .*$//' examples/hunan-2018-department.yaml >"$work/hunan-no-ob.yaml"
check "JSON: no rate computed when the framework's base lacks the opening balance" 0 \
	'"carryover":19.8,"execution_rate_base":"planned+opening_balance"}|!execution_rate_computed' \
	-- "$bin" check -f json "$work/hunan-no-ob.yaml"
sed 's/^year: 2022/year: 2022\nframework: 决策-过程-产出-效益/; s/^  planned: 480 /  received: 500\n  planned: 480 /' \
	rules/testdata/project-2022.yaml >"$work/received.yaml"
check "JSON: funds received, and the rate over them" 1 \
	'"received":500,"execution_rate_computed":91.26,"execution_rate_base":"received"' \
	-- "$bin" check -f json "$work/received.yaml"

finish formats
