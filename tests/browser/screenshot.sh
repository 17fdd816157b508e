#!/usr/bin/env bash
# Browser test: render the seed report's HTML (--format html) in headless
# Chromium, check the DOM the browser built, and keep a screenshot at
# tests/artifacts/seed-report.png for a person to look at.
#
#   tests/browser/screenshot.sh PEVCHECK_BINARY
#
# Needs chromium and a Chinese font (fonts-noto-cjk); installs them with
# apt-get when missing (as root, or through sudo), saying so first.
# Prints one line per failing check and ends with "N passed, N failed".
suite=browser
. "$(dirname "$0")/../e2e/lib.sh"
chromium=/usr/bin/chromium
artifacts=tests/artifacts
shot=$artifacts/seed-report.png

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL  browser: $1"
}

# --- what the test needs ------------------------------------------------------
need=()
[ -x "$chromium" ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
	echo "installing ${need[*]} with apt-get (needed to render the report)"
	as_root=()
	[ "$(id -u)" = 0 ] || as_root=(sudo)
	# A fresh machine's package lists may be empty or old: refresh first.
	DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -qq >"$work/apt.log" 2>&1
	if ! DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --no-install-recommends \
		"${need[@]}" >"$work/apt.log" 2>&1; then
		tail -5 "$work/apt.log"
		fail "could not install ${need[*]}"
		finish
		exit 1
	fi
fi

# --- the page -----------------------------------------------------------------
html=$work/seed-report.html
"$bin" check -r rules -r examples/rules -f html -o "$html" examples/huangpu-2022.yaml 2>/dev/null
status=$?
if [ "$status" = 0 ] && [ -s "$html" ]; then pass; else fail "pevcheck -f html exited $status"; fi

# Chromium flags: no network, no first-run work, a throw-away profile.
browse() {
	"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

# The DOM after parsing and layout: what a reader sees.
browse --dump-dom "file://$html" >"$work/dom.html"
for want in 94.57 资产管理 9.5 'budget.carryover' '<mark>carryover: 0</mark>'; do
	if grep -qF -- "$want" "$work/dom.html"; then pass; else fail "rendered DOM lacks '$want'"; fi
done
if grep -qi '<script' "$work/dom.html"; then fail "rendered DOM has a script"; else pass; fi

mkdir -p "$artifacts"
rm -f "$shot"
browse --hide-scrollbars --screenshot="$root/$shot" --window-size=1280,2400 "file://$html" >/dev/null
if [ -s "$shot" ]; then pass; else fail "no screenshot at $shot"; tail -5 "$work/chromium.log"; fi

# The screenshot is a PNG of the asked size, and not blank: a page that
# failed to render is one colour.
python3 - "$shot" <<'EOF' 2>"$work/png.err"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1280, 2400), (width, height)
idat, pos = b"", 8
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(idat)
assert len(set(raw[1:width * 4 * 50:7])) > 4, "the top of the page is blank"
EOF
if [ $? = 0 ]; then pass; else fail "screenshot: $(tail -1 "$work/png.err")"; fi

# Chinese must have a font: with none, Chromium draws boxes (tofu).
if fc-match -f '%{family}\n' 'Noto Sans CJK SC:lang=zh-cn' | grep -qi 'cjk\|han\|hei\|ping'; then
	pass
else
	fail "no Chinese font for the page's font stack"
fi

finish
