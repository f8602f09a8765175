#!/usr/bin/env bash
# Installs the Debian packages the app or the tests need, but only those missing, so a machine
# already set up pays nothing.   usage: system-packages.sh app|test
#   app:  the X libraries Qt's xcb plugin loads, and a Chinese font (else Chinese shows as boxes)
#   test: the above, plus Xvfb for screenshots and poppler for looking at PDFs
set -euo pipefail
app=(
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0 fonts-wqy-zenhei
)
test=(xvfb xauth poppler-utils poppler-data x11-apps)
case "${1:-test}" in
  app) packages=("${app[@]}") ;;
  test) packages=("${app[@]}" "${test[@]}") ;;
  *) echo "usage: $0 app|test" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian: install the equivalents by hand
# One dpkg-query for all (the launcher runs this at every start): the installed ones, by name.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
  awk '/install ok installed/ {printf "%s ", $1}' || true) "
missing=()
for p in "${packages[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Missing Debian packages (run as root to install them): ${missing[*]}" >&2; exit 1
  fi
fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
