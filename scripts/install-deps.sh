#!/bin/sh
# Install the Debian packages pevcheck needs to build and test, and only those
# that are missing.  Called by the Makefile before every build, so it must be
# quick and quiet when everything is already there.
#
#   scripts/install-deps.sh build   libraries for `make`
#   scripts/install-deps.sh test    also the test tools for `make test`
set -eu

want="pkg-config liblua5.4-dev libyaml-dev libutf8proc-dev libzip-dev libexpat1-dev libssl-dev gettext"
if [ "${1:-build}" = test ]; then
	want="$want libcmocka-dev python3 lua-check valgrind"
fi

missing=""
for pkg in $want; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "pevcheck: missing packages:$missing; install them with your package manager" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "pevcheck: missing packages:$missing; run as root or install sudo" >&2
	exit 1
fi

echo "pevcheck: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list would make the install fail; refresh it once.
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
