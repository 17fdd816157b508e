#!/usr/bin/env python3
"""Replay the mistakes of docs/规则编写指南.md, step 9: every table row that
says "第 N 行写成 `CODE`" is applied to the tutorial rule of step 2 (line N
replaced by CODE, at that line's indentation), the rule is run on the
tutorial's report, and every `…` span of the row's message cell must be in
the output ("……" in a span elides, "…" before it stands for the file).

    guide_rows.py PEVCHECK WORKDIR

Prints "ok NAME" or "FAIL NAME: why" per row, then "rows N".
"""
import os, re, subprocess, sys

pevcheck, work = sys.argv[1], sys.argv[2]
guide = open("docs/规则编写指南.md", encoding="utf-8").read()
rule = next(b for b in re.findall(r"```lua\n(.*?)```", guide, re.S)
            if "tutorial.three-public.over" in b and "params" in b)
lines = rule.split("\n")
report = open("examples/huangpu-2022.yaml", encoding="utf-8").read() + \
    "\n  three_public: {budget: 12.5, actual: 12.8}\n"
step9 = guide[guide.index("## 第 9 步"):guide.index("## 参考：")]

def cells(row):
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]

rows = 0
for row in step9.split("\n"):
    if not row.startswith("|"):
        continue
    c = cells(row)
    m = re.search(r"第 (\d+) 行写成 `((?:[^`\\]|\\.)*)`", c[0]) if len(c) >= 2 else None
    if not m:
        continue
    rows += 1
    n, code = int(m.group(1)), m.group(2).replace("\\|", "|")
    edited = list(lines)
    indent = re.match(r"\s*", edited[n - 1]).group(0)
    edited[n - 1] = indent + code
    d = os.path.join(work, "row-%d" % rows, "tutorial")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "three-public-over.lua"), "w", encoding="utf-8").write("\n".join(edited))
    open(os.path.join(work, "report.yaml"), "w", encoding="utf-8").write(report)
    out = subprocess.run([pevcheck, "check", "--no-config", "-r", os.path.dirname(d),
                          os.path.join(work, "report.yaml")], capture_output=True, text=True)
    text = out.stdout + out.stderr
    missing = []
    for span in re.findall(r"`((?:[^`\\]|\\.)*)`", c[1]):
        span = span.replace("\\|", "|").lstrip("…")
        missing += [part for part in span.split("……") if part and part not in text]
    name = "guide 9: line %d written %s" % (n, code)
    if missing or out.returncode != 2:
        print("FAIL %s: exit %d, output lacks %r: %s" % (name, out.returncode, missing, text[:1500].replace("\n", " / ")))
    else:
        print("ok %s" % name)
print("rows %d" % rows)
