#!/usr/bin/env bash
# The translations of the engine's messages (po/*.po): for each, msgfmt
# --check passes, no entry is untranslated or fuzzy, and every message in
# src/ has its translation (so none falls back to English in that language).
#
#   tests/po-check.sh [PO_DIR]      (default po)
#
# Prints one line per failing check and ends with "N passed, N failed".
# After changing messages in src/: make po-update, then translate.
set -u
cd "$(dirname "$0")/.." || exit 2
dir=${1:-po}
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	echo "FAIL  po: $1"
	sed 's/^/      | /' "$work/out" | head -20
}

# The same extraction as `make po-update`.
if xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	-o "$work/current.pot" src/*.c src/*.h >"$work/out" 2>&1; then
	ok
else
	bad "xgettext cannot extract the messages from src/"
fi
for po in "$dir"/*.po; do
	[ -e "$po" ] || continue
	name=$(basename "$po")
	if msgfmt --check --statistics -o /dev/null "$po" >"$work/out" 2>&1; then ok; else
		bad "$name: msgfmt --check fails"
	fi
	# msgattrib keeps the header entry: the entries are the msgids after it.
	msgattrib --untranslated --no-obsolete --no-wrap "$po" 2>&1 | grep '^msgid ' | tail -n +2 >"$work/out"
	if [ -s "$work/out" ]; then
		bad "$name: $(wc -l <"$work/out") untranslated entries"
	else ok; fi
	msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" 2>&1 | grep '^msgid ' | tail -n +2 >"$work/out"
	if [ -s "$work/out" ]; then
		bad "$name: $(wc -l <"$work/out") fuzzy entries (check them, then drop the fuzzy mark)"
	else ok; fi
	# Every message in the sources is there, translated (run make po-update).
	if msgcmp "$po" "$work/current.pot" >"$work/out" 2>&1; then ok; else
		bad "$name: messages in src/ without a translation (make po-update, then translate)"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
