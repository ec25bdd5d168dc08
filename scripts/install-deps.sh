#!/usr/bin/env bash
# Installs the system packages duibi needs on Debian/Ubuntu (run as root or with sudo).
#   scripts/install-deps.sh        build + run the app and the tests
#   scripts/install-deps.sh --ui   also Xvfb/imagemagick/chromium for looking at screenshots
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  build-essential pkg-config python3
  libopencc-dev opencc                      # the system-opencc feature (parity test against ferrous-opencc)
  # eframe (glow) loads X11/Wayland/GL at run time; the file dialog talks to the desktop portal
  # over D-Bus (no GTK), and the app has a path box for desktops without one.
  libx11-dev libxcursor-dev libxrandr-dev libxi-dev libxkbcommon-dev libxkbcommon-x11-0
  libgl1-mesa-dev libegl1-mesa-dev libwayland-dev
  mesa-vulkan-drivers                       # lavapipe: Vulkan on the CPU for the wgpu snapshot tests
  desktop-file-utils                        # scripts/package.sh validates the .deb's desktop entry
  tesseract-ocr tesseract-ocr-chi-sim       # OCR of scanned PDFs (run as a command; tests/ocr.rs)
)
if [ "${1:-}" = "--ui" ]; then pkgs+=(xvfb imagemagick chromium xdotool); fi
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
