#!/usr/bin/env python3
"""Random edits between the runs of tests/e2e/cache-identity.sh.

    cache_edits.py WORK SEED ROUND

WORK holds the corpus the suite built: d/ (reports, forms, last year's
reports), r/ (a copy of the standard rules), config.yaml, elsewhere/ (a
last year's report named by previous:, outside the inputs), forms/ and
aside/ (files taken out of d/).  Each round makes an edit of two or three
kinds, chosen and applied from SEED and ROUND alone, as a repository sees
between two CI runs: a number in a report, a comment, a report taken out
or put back; a rule's parameter or severity, a module's message; rules
switched off, severities overridden or grade bands in .pevcheck.yaml;
waivers added, removed or expired; last year's report edited, taken out or
put back; the workbook replaced.  Prints one line per edit.
"""
import os
import random
import re
import shutil
import sys

work, seed, rnd = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(f"{seed}/{rnd}")
D, R = os.path.join(work, "d"), os.path.join(work, "r")
CONFIG = os.path.join(work, "config.yaml")
ASIDE = os.path.join(work, "aside")
os.makedirs(ASIDE, exist_ok=True)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def reports():
    return sorted(os.path.join(D, n) for n in os.listdir(D) if n.endswith(".yaml"))


def edit_number():
    """A number of a report changed: findings and scores change."""
    path = rng.choice(reports())
    text = read(path)
    spots = [m for m in re.finditer(r"(?m)^\s*(?:executed|planned|score|actual|total|max): \"?([0-9][0-9,]*\.?[0-9]*)", text)]
    if not spots:
        return edit_comment()
    m = rng.choice(spots)
    old = m.group(1)
    digits = [i for i, c in enumerate(old) if c.isdigit()]
    i = rng.choice(digits)
    new = old[:i] + str((int(old[i]) + rng.randint(1, 9)) % 10) + old[i + 1:]
    write(path, text[:m.start(1)] + new + text[m.end(1):])
    return f"{os.path.basename(path)}: {old} -> {new}"


def edit_comment():
    """Bytes changed, results not: the file is checked again all the same."""
    path = rng.choice(reports())
    write(path, read(path) + f"# edit {rnd}\n")
    return f"{os.path.basename(path)}: a comment"


def move_report():
    """A report taken out of the inputs, or one put back."""
    aside = sorted(os.listdir(ASIDE))
    if aside and rng.random() < 0.6:
        name = rng.choice(aside)
        shutil.move(os.path.join(ASIDE, name), os.path.join(D, name))
        return f"{name}: put back"
    candidates = [p for p in reports() if "hist" not in p]
    path = rng.choice(candidates)
    shutil.move(path, os.path.join(ASIDE, os.path.basename(path)))
    return f"{os.path.basename(path)}: taken out"


def rule_files():
    out = []
    for dirpath, _, names in os.walk(R):
        if "/lib" in dirpath or "testdata" in dirpath:
            continue
        out += [os.path.join(dirpath, n) for n in names if n.endswith(".lua")]
    return sorted(out)


def edit_parameter():
    """A rule's parameter: what it deducts or when it reports changes."""
    files = [p for p in rule_files() if re.search(r"(?m)^  \w+ = \d", read(p))]
    path = rng.choice(files)
    text = read(path)
    m = rng.choice(list(re.finditer(r"(?m)^  (\w+) = (\d+(?:\.\d+)?)", text)))
    old = m.group(2)
    new = str(max(0, round(float(old) * rng.choice([0.5, 0.8, 1.5, 2]), 1))).rstrip("0").rstrip(".") or "0"
    write(path, text[:m.start(2)] + new + text[m.end(2):])
    return f"{os.path.relpath(path, R)}: {m.group(1)} {old} -> {new}"


def edit_severity():
    """A rule's declared severity."""
    path = rng.choice([p for p in rule_files() if re.search(r'(?m)^  severity = "', read(p))])
    text = read(path)
    m = re.search(r'(?m)^  severity = "(\w+)"', text)
    new = rng.choice([s for s in ("error", "warning", "info") if s != m.group(1)])
    write(path, text[:m.start(1)] + new + text[m.end(1):])
    return f"{os.path.relpath(path, R)}: severity {m.group(1)} -> {new}"


def edit_module():
    """A message a module (lib/std/budget.lua) writes for the most frequent
    findings (the execution rate's base)."""
    path = os.path.join(R, "lib", "std", "budget.lua")
    text = re.sub(r'"全年预算数(〔r\d+〕)? %s"', f'"全年预算数〔r{rnd}〕 %s"', read(path))
    write(path, text)
    return "lib/std/budget.lua: a message"


def config():
    text = read(CONFIG)
    return text


# rules that report on many reports of the corpus, the most often first
RULE_IDS = ["budget.adjustment", "dept.budget.execution-rate", "dept.asset.registration-late",
            "dept.budget.carryover-rate", "dept.cost.three-public"]


def set_section(text, key, body):
    """Replace or add the top-level `key:` section of the configuration."""
    text = re.sub(rf"(?ms)^{key}:.*?(?=^\S|\Z)", "", text)
    return text + (f"{key}:\n{body}" if body else "")


def edit_disable():
    ids = rng.sample(RULE_IDS, rng.randint(1, 2))
    write(CONFIG, set_section(config(), "disable", "".join(f"  - {i}\n" for i in ids)))
    return f"config: disable {ids}"


def edit_overrides():
    ids = rng.sample(RULE_IDS, rng.randint(1, 2))
    # info: none of them reports at that level by itself
    body = "".join(f"  {i}: info\n" for i in ids)
    write(CONFIG, set_section(config(), "severity", body))
    return f"config: severity {body.strip() or 'none'}"


def edit_grades():
    if rng.random() < 0.5:
        write(CONFIG, set_section(config(), "grades", ""))
        return "config: default grade bands"
    # cut-offs many totals of the corpus (in the nineties) fall across
    top, good = rng.choice([93, 96, 99]), rng.choice([70, 85])
    body = f"  - {{grade: 优, min: {top}}}\n  - {{grade: 良, min: {good}}}\n  - {{grade: 中, min: 60}}\n  - {{grade: 差, min: 0}}\n"
    write(CONFIG, set_section(config(), "grades", body))
    return f"config: 优 from {top}, 良 from {good}"


def edit_waivers():
    """Waivers for findings of the last run, some of them expired."""
    waivers = []
    for _ in range(rng.randint(0, 3)):
        rule = rng.choice(RULE_IDS + ["target.reason", "pev.yaml", "pev.score", "pev.form"])
        name = rng.choice([os.path.basename(p) for p in reports()] + ["*.yaml", "form.xlsx"])
        expires = rng.choice(["2099-12-31", "2001-01-01"])
        waivers.append(f"  - {{rule: {rule}, files: \"*/{name}\", reason: 已批准, approved_by: 张三, expires: {expires}}}\n")
    write(CONFIG, set_section(config(), "waivers", "".join(waivers)))
    return f"config: {len(waivers)} waivers"


def edit_last_year():
    """Last year's report: its value, taken out, put back; or the one the
    2022 report names by previous:."""
    hist = os.path.join(D, "hist")
    here, away = os.path.join(hist, "2021.yaml"), os.path.join(ASIDE, "hist-2021.yaml")
    choice = rng.random()
    if choice < 0.3 and os.path.exists(here):
        shutil.move(here, away)
        return "hist/2021.yaml: taken out"
    if choice < 0.5 and os.path.exists(away):
        shutil.move(away, here)
        return "hist/2021.yaml: put back"
    path = here if os.path.exists(here) and choice < 0.8 else os.path.join(work, "elsewhere", "2021.yaml")
    text = read(path)
    value = rng.choice(["300", "320", "350.88", "399"])
    write(path, re.sub(r"value: [0-9.]+", f"value: {value}", text, count=1))
    return f"{os.path.relpath(path, work)}: value {value}"


def edit_form():
    forms = os.path.join(work, "forms")
    name = rng.choice(sorted(os.listdir(forms)))
    shutil.copy(os.path.join(forms, name), os.path.join(D, "form.xlsx"))
    return f"form.xlsx: now {name}"


# Each round edits two or three of these, one edit of each chosen kind, so
# that over the rounds every kind of dependency changes several times.
KINDS = {
    "report": [edit_number, edit_number, edit_comment, move_report],
    "rule": [edit_parameter, edit_parameter, edit_severity, edit_module],
    "config": [edit_disable, edit_overrides, edit_grades],
    "waivers": [edit_waivers],
    "last year": [edit_last_year],
    "form": [edit_form],
}

for kind in rng.sample(sorted(KINDS), rng.randint(2, 3)):
    print(rng.choice(KINDS[kind])())
