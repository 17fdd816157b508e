#!/usr/bin/env python3
"""Check a checker's JSON output against the corpus manifest written by gen.py.

    agree.py MANIFEST NAME=OUTPUT.json [NAME=OUTPUT.json ...]

For each output: how many of the reports with an injected problem got at
least one error, how many clean reports got an error (should be none), and
which rules fired, by problem.  Exit status 1 when any output disagrees
with the manifest, so run.sh can say the timings compare like with like.
"""

import collections
import json
import os
import sys


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    manifest = {}
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, kind, problem = line.rstrip("\n").split("\t")
            manifest[name] = problem
    injected = sum(1 for p in manifest.values() if p != "-")
    status = 0
    for arg in argv[1:]:
        label, path = arg.split("=", 1)
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        errors_by_file = collections.defaultdict(set)
        warned = set()
        seen = set()
        for entry in data["files"]:
            name = os.path.basename(entry["path"])
            seen.add(name)
            for x in entry.get("findings", []):
                if x["severity"] == "error":
                    errors_by_file[name].add(x["rule"])
                else:
                    warned.add(name)
        found = sum(1 for n, p in manifest.items() if p != "-" and errors_by_file.get(n))
        false = sorted(n for n, p in manifest.items() if p == "-" and errors_by_file.get(n))
        missing = len(set(manifest) - seen)
        rules = collections.defaultdict(collections.Counter)
        for n, p in manifest.items():
            if p != "-":
                for r in errors_by_file.get(n, ()):
                    rules[p][r] += 1
        ok = found == injected and not false and not missing
        status |= not ok
        detail = "; ".join(f"{p}: " + ", ".join(f"{r}×{c}" for r, c in sorted(cnt.items()))
                           for p, cnt in sorted(rules.items()))
        print(f"  {label:<9} {found}/{injected} injected problems caught, {len(false)} clean files "
              f"with errors, {len(warned)} with warnings{', ' + str(missing) + ' files missing' if missing else ''}"
              f" — {'AGREES' if ok else 'DISAGREES'}")
        print(f"            rules: {detail}")
        for n in false[:5]:
            print(f"            clean file with errors: {n}: {sorted(errors_by_file[n])}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
