#!/usr/bin/env bash
# Installs Debian's `chromium`, once, for the browser tests (test/e2e/browser: the dashboard and the
# GraphQL IDE in a real headless browser, driven by puppeteer-core). Skips when a Chromium is there
# (CHROMIUM_PATH, /usr/bin/chromium); exits non-zero (with the reason) when it cannot install.
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then exit 0; fi
done
if ! command -v apt-get >/dev/null; then
  echo "[setup-chromium] no apt-get: install Chromium yourself and set CHROMIUM_PATH" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "[setup-chromium] not root: run 'sudo bash scripts/setup-chromium.sh' for the browser tests" >&2
  exit 1
fi
echo "[setup-chromium] installing Debian's chromium for the browser tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
