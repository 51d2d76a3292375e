#!/usr/bin/env bash
# Makes the machine ready for the browser tests: finds Chromium or Chrome, or installs Debian's
# chromium and a CJK font (as root, with apt-get). Says what it did.
set -euo pipefail

find_browser() {
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome \
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if browser=$(find_browser); then
  echo "browser: using $browser"
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "browser: none found; installing Debian's chromium and fonts-wqy-microhei with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  echo "browser: installed $(find_browser)"
else
  echo "browser: no Chromium or Chrome found. Install one (Debian/Ubuntu: sudo apt-get install chromium fonts-wqy-microhei;"
  echo "         macOS: install Google Chrome) or set CHROMIUM_PATH; the browser tests fail without it."
  exit 0
fi

# Chinese text renders as boxes in screenshots without a CJK font.
if command -v fc-list >/dev/null && ! fc-list :lang=zh | grep -q . ; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "fonts: installing fonts-wqy-microhei"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null
  else
    echo "fonts: no CJK font found; screenshots will show boxes (install fonts-wqy-microhei or Noto CJK)"
  fi
fi
