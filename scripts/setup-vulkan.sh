#!/usr/bin/env bash
# Installs what the WebGPU tests need, once: the Vulkan loader (libvulkan1) and Mesa's Vulkan drivers
# >= 25 (lavapipe, a software Vulkan device; Dawn needs features that Mesa 22.3 lacks). On Debian
# bookworm they come from bookworm-backports, which this adds to apt's sources if missing.
# Skips when already installed; exits non-zero (with the reason) when it cannot install.
set -euo pipefail

min_mesa=25
installed_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
mesa=$(installed_version mesa-vulkan-drivers)
if [ -n "$(installed_version libvulkan1)" ] && [ -n "$mesa" ] && dpkg --compare-versions "$mesa" ge "$min_mesa"; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "[setup-vulkan] no apt-get: install the Vulkan loader and Mesa's lavapipe >= $min_mesa yourself" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "[setup-vulkan] not root: run 'sudo bash scripts/setup-vulkan.sh' for the WebGPU tests" >&2
  exit 1
fi

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
target=()
if [ "$codename" = bookworm ]; then
  if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "[setup-vulkan] adding bookworm-backports to apt's sources (for mesa-vulkan-drivers $min_mesa.x)"
    cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  target=(-t bookworm-backports)
fi
echo "[setup-vulkan] installing libvulkan1 and mesa-vulkan-drivers (lavapipe) for the WebGPU tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${target[@]}" \
  libvulkan1 mesa-vulkan-drivers >/dev/null
mesa=$(installed_version mesa-vulkan-drivers)
if ! dpkg --compare-versions "$mesa" ge "$min_mesa"; then
  echo "[setup-vulkan] mesa-vulkan-drivers $mesa installed, but Dawn needs >= $min_mesa" >&2
  exit 1
fi
