#!/usr/bin/env bash
# Installs the Debian packages the tests and screenshots need (Chinese fonts, poppler, Xvfb and the
# X libraries Qt's xcb plugin loads), but only those missing, so a set-up machine pays nothing.
set -euo pipefail
packages=(
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-wqy-zenhei poppler-utils poppler-data x11-apps
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Missing Debian packages (run as root to install): ${missing[*]}" >&2; exit 1
  fi
else
  SUDO=
fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
