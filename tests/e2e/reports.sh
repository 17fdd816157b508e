#!/usr/bin/env bash
# End-to-end tests of the human report formats, --format html and
# --format markdown: what they show of the seed report, that hostile text is
# escaped, that the HTML is well-formed and self-contained, that Markdown
# tables keep their columns, and that several documents are ranked.
#
#   tests/e2e/reports.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=reports
. "$(dirname "$0")/lib.sh"
data=tests/e2e/data
example=examples/huangpu-2022.yaml
P="$bin check"
S="-r rules -r examples/rules"

# --- checkers, in Python ------------------------------------------------------

# html_check.py FILE [EXPR...]: the file is UTF-8 HTML whose elements nest
# properly, every in-page link has its target, and nothing is loaded from
# elsewhere; then each EXPR (Python, with `text` the visible text, `src`
# the file, `pres` the texts of the quoted YAML lines, `sections` the
# document sections' ids, `rows` the ranking's link targets) must hold.
cat >"$work/html_check.py" <<'EOF'
import html, html.parser, re, sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
raw = open(sys.argv[1], "rb").read()
src = raw.decode("utf-8")  # strict: the page must be UTF-8
bad = [c for c in src if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F]
assert not bad, "control characters in the page: %r" % bad[:5]

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.hrefs = [], [], set(), []
        self.text, self.pres, self.pre, self.sections, self.rows = [], [], None, [], []
        self.doctype = False
        self.in_ranking = False

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id " + a["id"])
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self.in_ranking:
                self.rows.append(a["href"])
        if tag == "table" and "ranking" in (a.get("class") or ""):
            self.in_ranking = True
        if tag == "section" and "document" in (a.get("class") or ""):
            self.sections.append(a.get("id"))
        if tag == "pre" and "source" in (a.get("class") or ""):
            self.pre = []
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form"):
            self.errors.append("<%s> in a self-contained report" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "srcset", "action", "formaction"):
                self.errors.append("attribute %s on <%s>" % (k, tag))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.errors.append("self-closing <%s/>" % tag)
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("end tag for void <%s>" % tag)
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s> at %s" % (tag, self.stack[-1] if self.stack else "nothing", self.getpos()))
        else:
            self.stack.pop()
        if tag == "table":
            self.in_ranking = False
        if tag == "pre" and self.pre is not None:
            self.pres.append("".join(self.pre))
            self.pre = None

    def handle_data(self, data):
        self.text.append(data)
        if self.pre is not None:
            self.pre.append(data)

p = Page()
p.feed(src)
p.close()
assert p.doctype, "no <!DOCTYPE html>"
assert not p.errors, p.errors[:5]
assert not p.stack, "unclosed: %s" % p.stack
for h in p.hrefs:
    assert h.startswith("#") and h[1:] in p.ids, "link to %r" % h
low = src.lower()
for banned in ("<script", "http://", "https://", "url(", "@import", "//fonts", "<link"):
    assert banned not in low, "the page contains %r" % banned
text = html.unescape("".join(p.text))
pres, sections, rows = p.pres, p.sections, p.rows
for expr in sys.argv[2:]:
    assert eval(expr), expr
EOF

# md_check.py FILE [EXPR...]: every table in the Markdown has as many cells
# in each row as in its header (a "|" in text must be escaped), and each
# EXPR holds (`src` the file, `plain` the file without code, `tables` a list
# of (header cells, rows)).
cat >"$work/md_check.py" <<'EOF'
import re, sys

src = open(sys.argv[1], "rb").read().decode("utf-8")

def split_row(line):
    cells, cell, i = [], "", 0
    body = line.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), line
    body = body[1:-1]
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            cell += body[i:i + 2]
            i += 2
            continue
        if c == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += c
        i += 1
    cells.append(cell.strip())
    return cells

tables, current, fence, plain = [], None, None, []
for line in src.split("\n"):
    stripped = line.lstrip()
    if fence:
        if stripped.rstrip() == fence:
            fence = None
        continue
    m = re.match(r"(`{3,})", stripped)
    if m:
        fence = m.group(1)
        continue
    plain.append(re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", line))
    if line.startswith("|"):
        if current is None:
            current = []
            tables.append(current)
        current.append(line)
    else:
        current = None
assert fence is None, "unclosed code fence"
parsed = []
for t in tables:
    assert len(t) >= 2, t
    head = split_row(t[0])
    assert re.fullmatch(r"\|( *:?-{3,}:? *\|)+", t[1].strip()), t[1]
    assert len(split_row(t[1])) == len(head), t[1]
    for row in t[2:]:
        assert len(split_row(row)) == len(head), "%d cells, header has %d: %s" % (len(split_row(row)), len(head), row)
    parsed.append((head, [split_row(r) for r in t[2:]]))
tables = parsed
plain = "\n".join(plain)
assert "<script" not in plain.lower(), "raw <script outside code"
for expr in sys.argv[2:]:
    assert eval(expr), expr
EOF

# run_check NAME CHECKER FILE EXPR... : run a checker, count the result.
run_check() {
	local name=$1 checker=$2 file=$3
	shift 3
	if python3 "$work/$checker" "$file" "$@" 2>"$work/py.err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  reports: $name"
		tail -3 "$work/py.err" | sed 's/^/      | /'
	fi
}

# status_is NAME WANT GOT
status_is() {
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  reports: $1: exit status $3, expected $2"
	fi
}

# --- the seed report ------------------------------------------------------------
$P $S -f html "$example" >"$work/seed.html" 2>/dev/null
status_is "seed html" 0 $?
$P $S -f json "$example" >"$work/seed.json" 2>/dev/null
carryover=$(python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]
c = [x for x in f["findings"] if x["rule"] == "budget.carryover"][0]
print(c["message"])' "$work/seed.json")
carry_line=$(python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]
print([x for x in f["findings"] if x["rule"] == "budget.carryover"][0]["line"])' "$work/seed.json")
yaml_line=$(sed -n "${carry_line}p" "$example" | sed 's/[[:space:]]*$//')
asset_line=$(sed -n "$(grep -n 'registered_on: 2022-06-28' "$example" | cut -d: -f1)p" "$example" | sed 's/[[:space:]]*$//')

run_check "seed html: well-formed, self-contained, shows the scores" html_check.py "$work/seed.html" \
	'"94.57" in text and "资产管理" in text and "9.5" in text' \
	'"312.60" in text' \
	'sections == ["doc-1"] and not rows'
run_check "seed html: lang, charset, Chinese font stack, print rules" html_check.py "$work/seed.html" \
	'"<html lang=\"zh-CN\">" in src and "<meta charset=\"utf-8\">" in src' \
	'all(f in src for f in ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"))' \
	'"@page{size:A4" in src and "@media print" in src and "page-break-before:always" in src'
CARRY=$carryover run_check "seed html: the carryover finding's message" html_check.py "$work/seed.html" \
	'__import__("os").environ["CARRY"] in text'
LINE=$yaml_line ASSET=$asset_line run_check "seed html: findings quote their YAML line" html_check.py "$work/seed.html" \
	'any(__import__("os").environ["LINE"] in p for p in pres)' \
	'any(__import__("os").environ["ASSET"] in p for p in pres)'
run_check "seed html: score tree, deductions with policy and fix, budget, targets" html_check.py "$work/seed.html" \
	'"dept.asset.registration-late" in text and "政策依据" in text and "行政事业性国有资产管理条例" in text' \
	'"改进措施" in text and "加强资产日常管理" in text' \
	'"383,506.13" in text and "99.9%" in text and "99.92%" in text and "年末结转和结余" in text and "财政收回" in text' \
	'"科技型中小企业入库数" in text and "无法判断" in text and "未达成" in text' \
	'"depth-1" in src and "未核验" in text and "pevcheck 标准规则集" in text'

$P $S -f markdown "$example" >"$work/seed.md" 2>/dev/null
status_is "seed markdown" 0 $?
CARRY=$carryover LINE=$yaml_line run_check "seed markdown: content and table columns" md_check.py "$work/seed.md" \
	'"94.57" in src and "资产管理" in src and "9.5" in src' \
	'__import__("os").environ["CARRY"] in src' \
	'__import__("os").environ["LINE"] in src' \
	'"政策依据" in src and "改进措施" in src and "383,506.13" in src' \
	'[len(h) for h, _ in tables] == [4, 5, 3, 8]' \
	'tables[1][0] == ["指标", "满分", "自评", "计算", "状态"]' \
	'len(tables[3][1]) == 13'

# --- the budget as the framework computes its rate; blank cells vs fields not written ---------
hunan=examples/hunan-2018-department.yaml
$P -f markdown "$hunan" >"$work/hunan.md" 2>/dev/null
run_check "Hunan markdown: the rate over budget + opening balance, the opening balance shown" md_check.py "$work/hunan.md" \
	'"| 预算执行率（按执行数 ÷（预算数 + 年初结转结余）计算） | 99.27% |" in src' \
	'"| 年初结转结余 | 19.8 |" in src' \
	'"未填写" not in src and "财政收回" not in src'
$P -f html "$hunan" >"$work/hunan.html" 2>/dev/null
run_check "Hunan html: the same" html_check.py "$work/hunan.html" \
	'"预算执行率（按执行数 ÷（预算数 + 年初结转结余）计算）99.27%" in text' '"年初结转结余19.8" in text' \
	'"100.00%" not in text and "未填写" not in text'
$P -f markdown examples/project-half-filled.yaml >"$work/half.md" 2>/dev/null
run_check "a blank cell shows as 未填写, a field never written as — or not at all" md_check.py "$work/half.md" \
	'"| 1 | 发放(缴纳)覆盖率 | = 100% | 未填写 | % | — |" in src' \
	'"| 预算执行率（报告所列） |" not in src and "| 年末结转和结余 |" not in src'
sed 's/^  opening_balance: 19.8 .*$//' "$hunan" >"$work/hunan-no-ob.yaml"
$P -f markdown "$work/hunan-no-ob.yaml" >"$work/hunan-no-ob.md" 2>/dev/null
run_check "no opening balance under Hunan: no rate computed, and why" md_check.py "$work/hunan-no-ob.md" \
	'"| 预算执行率（按执行数 ÷（预算数 + 年初结转结余）计算） | — | 评分框架的执行率计入年初结转结余，报告没有写年初结转结余，无法计算 |" in src'

# --- hostile text ---------------------------------------------------------------
hostile=$work/hostile.yaml
sed -e "s/^unit: .*/unit: '<script>alert(1)<\/script> \& \"x\" | \`y\` *z* [l](#doc-1)'/" \
	-e 's/reason: 资产变动登记不够及时/reason: "原因 <b>粗<\/b>\\n第二行 | 管道 \\x01 \\u0085 \\uFFFE"/' \
	"$example" >"$hostile"
$P $S -f html "$hostile" >"$work/hostile.html" 2>/dev/null
status_is "hostile html" 0 $?
run_check "hostile unit escaped in HTML" html_check.py "$work/hostile.html" \
	'"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in src' \
	'"<script>alert(1)</script> & \"x\"" in text' \
	'"<b>粗</b>" in text and "&lt;b&gt;" in src and "\ufffd" in text'
$P $S -f markdown "$hostile" "$example" >"$work/hostile.md" 2>/dev/null
status_is "hostile markdown" 0 $?
run_check "hostile unit escaped in Markdown, tables keep their columns" md_check.py "$work/hostile.md" \
	'"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in src' \
	'"\\| \\`y\\` \\*z\\* \\[l\\](\\#doc-1)" in src' \
	'"<b>" not in plain and "&lt;b&gt;粗&lt;/b&gt;<br>第二行 \\| 管道" in src' \
	'len(tables[0][0]) == 11 and len(tables[0][1]) == 2'

# Text that is not UTF-8 reaches a printer only through messages; the page
# stays UTF-8 (html_check decodes strictly) whatever the data file holds.
$P -f html $data/bad-utf8.yaml >"$work/bad-utf8.html" 2>/dev/null
status_is "bad UTF-8 html" 1 $?
run_check "bad UTF-8 data file: page is still valid UTF-8" html_check.py "$work/bad-utf8.html" '"UTF-8" in text'
$P -f markdown $data/bad-utf8.yaml >"$work/bad-utf8.md" 2>/dev/null
run_check "bad UTF-8 data file: Markdown is still valid UTF-8" md_check.py "$work/bad-utf8.md" '"UTF-8" in src'

# --- several documents: the ranking comes first ----------------------------------
low=$work/low.yaml
sed -e 's/score: 45.07/score: 40.07/' -e 's/total: 94.57/total: 89.57/' \
	-e 's/^unit: .*/unit: 低分单位/' "$example" >"$low"
$P $S -f html "$data/two-documents.yaml" "$low" "$example" >"$work/many.html" 2>/dev/null
status_is "several files html" 1 $?
run_check "several files: html ranking by computed total, before the sections" html_check.py "$work/many.html" \
	'sections == ["doc-1", "doc-2", "doc-3", "doc-4"]' \
	'rows == ["#doc-4", "#doc-3", "#doc-1", "#doc-2"]' \
	'src.index("class=\"ranking\"") < src.index("id=\"doc-1\"")' \
	'text.index("94.57") < text.index("89.57")' \
	'"报告排名" in text and "低分单位" in text and "第一个单位" in text'
# Every finding with a line quotes it, from its own file, in every document.
$P $S -f json "$data/two-documents.yaml" "$low" "$example" >"$work/many.json" 2>/dev/null
quoted=$(python3 -c '
import json, sys
print(sum(1 for f in json.load(open(sys.argv[1]))["files"] for x in f["findings"] if x.get("line")))' "$work/many.json")
run_check "several files: each finding quotes its line" html_check.py "$work/many.html" \
	"len(pres) == $quoted and $quoted > 6" \
	'any("executed: 90" in p for p in pres)'
$P $S -f markdown "$data/two-documents.yaml" "$low" "$example" >"$work/many.md" 2>/dev/null
status_is "several files markdown" 1 $?
run_check "several files: markdown ranking table at the top" md_check.py "$work/many.md" \
	'tables[0][0][:2] == ["名次", "单位"] and len(tables[0][0]) == 11' \
	'[r[5] for r in tables[0][1]] == ["**94.57**", "**89.57**", "**—**", "**—**"]' \
	'[r[1].split("](")[1] for r in tables[0][1]] == ["#doc-4)", "#doc-3)", "#doc-1)", "#doc-2)"]' \
	'src.index("## 报告排名") < src.index("<a id=\"doc-1\">")' \
	'all(("<a id=\"doc-%d\"></a>" % i) in src for i in range(1, 5))'

# Equal totals share a place.
cp "$example" "$work/same.yaml"
$P $S -f markdown "$example" "$work/same.yaml" >"$work/tie.md" 2>/dev/null
run_check "equal totals share a place" md_check.py "$work/tie.md" \
	'[r[0] for r in tables[0][1]] == ["1", "1"]'

# -o writes the page, nothing on stdout.
$P $S -f html -o "$work/out.html" "$example" >"$work/stdout.txt" 2>/dev/null
if [ -s "$work/out.html" ] && [ ! -s "$work/stdout.txt" ] && tail -1 "$work/out.html" | grep -q '</html>'; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  reports: -o writes the whole page and nothing on stdout"
fi

# Both names are listed where formats are named.
if $P -f no-such-format "$example" 2>&1 | grep -q 'markdown, html'; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL  reports: unknown format message lists markdown and html"
fi

finish
