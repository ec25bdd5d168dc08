#!/usr/bin/env bash
# Builds the Debian package with cargo-deb (metadata in Cargo.toml [package.metadata.deb]) and checks
# it: the files it installs, the desktop entry (desktop-file-validate), and that the packaged binary
# runs. The .deb lands in target/debian/.
#   scripts/package.sh           release build, then package and check
#   scripts/package.sh --check   package the debug build instead (CI: release builds are too slow there)
#   scripts/package.sh --install also install it with dpkg and run `duibi --version` from PATH (root)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
if [ "$mode" = "--check" ]; then
  cargo build
  args=(--no-build --profile dev --no-strip)
else
  args=()
fi
cargo deb "${args[@]}" --output target/debian/duibi.deb
deb=target/debian/duibi.deb

step() { printf '  %s\n' "$*"; }
contents=$(dpkg-deb --contents "$deb")
for want in ./usr/bin/duibi ./usr/share/applications/duibi.desktop \
  ./usr/share/icons/hicolor/256x256/apps/duibi.png ./usr/share/doc/duibi/README.md; do
  grep -q " $want\$" <<<"$contents" || { echo "package lacks $want"; exit 1; }
done
step "contents ok: binary, desktop entry, icon, docs"
desktop-file-validate assets/duibi.desktop
step "desktop entry validates"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/duibi" --version
step "the packaged binary runs"
if [ "$mode" = "--install" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO dpkg -i "$deb" || $SUDO apt-get install -f -y -qq
  (cd / && duibi --version)
  step "installed: duibi on PATH ($(command -v duibi))"
fi
echo "package ok: $deb"
