#!/usr/bin/env bash
# Debian packages Qt needs (measured in clean chroots; see PLATFORM_NOTES), and poppler-utils
# (pdftotext, pdfinfo) that the tests read PDFs with.
#   packaging/system-deps.sh test   offscreen Qt: tests and CI
#   packaging/system-deps.sh gui    a real X11 window, plus Xvfb for machines without a screen
#   packaging/system-deps.sh package  gui, plus what check_frozen.py's X screenshot uses
#                                     (xwd, netpbm's converters, xdotool)
# As root, installs what is missing; otherwise prints the exact command and fails.
set -euo pipefail
offscreen="libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 fonts-dejavu-core
           poppler-utils"
x11="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
     libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth"
case "${1:-test}" in
  test) wanted="$offscreen" ;;
  gui) wanted="$offscreen $x11" ;;
  package) wanted="$offscreen $x11 x11-apps netpbm xdotool" ;;
  *) echo "usage: $0 test|gui|package" >&2; exit 2 ;;
esac
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-based system: install the equivalents of: $wanted" >&2
  exit 0
fi
missing=""
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system libraries Qt needs:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Qt needs these system libraries. Install them, then run make again:" >&2
  echo "  sudo apt-get install --no-install-recommends$missing" >&2
  exit 1
fi
