#!/usr/bin/env bash
# Runs every check CI runs: formatting, lints, the engine-only build, all tests (with and without the
# system-opencc parity feature) and, when ../shared is beside the repo, the CLI contract checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }
# The OCR tests fail instead of skipping when tesseract is missing (install-deps.sh installs it).
export DUIBI_REQUIRE_OCR=1

step "cargo fmt --check"
cargo fmt --all -- --check

# Every feature set: code behind a feature is linted too (the snapshot tests, the engine without the
# GUI, the system libopencc); checking without the GUI also proves the engine builds without egui.
step "clippy (all targets, -D warnings), with the GUI and snapshots"
cargo clippy --all-targets --features gui-snapshots -- -D warnings
step "clippy: engine and CLI without the GUI"
cargo clippy --all-targets --no-default-features -- -D warnings
step "clippy: with the system libopencc"
cargo clippy --all-targets --features system-opencc -- -D warnings

# One test build for everything: the snapshot images need the gui-snapshots feature (wgpu, offscreen
# on Mesa lavapipe), and building the other tests without it as well would compile the crate twice.
step "tests, with the GUI snapshot images (feature gui-snapshots)"
cargo test --features gui-snapshots

step "tests with the system libopencc (parity with ferrous-opencc)"
cargo test --no-default-features --features system-opencc,eframe/glow --lib normalize

step "Debian package of the debug build (contents, desktop entry, the binary runs)"
bash scripts/package.sh --check

if [ -d ../shared/tools ]; then
  step "CLI contract checks (../shared/tools)"
  cargo build --features gui-snapshots
  bin="${CARGO_TARGET_DIR:-target}/debug/duibi"
  ../shared/tools/check-bad-input "$bin"
  ../shared/tools/check-compare "$bin"
  "$bin" analyze --json ../shared/corpus/*.txt > "${CARGO_TARGET_DIR:-target}/analysis.json"
  python3 ../shared/tools/score.py "${CARGO_TARGET_DIR:-target}/analysis.json" ../shared/gold --quiet \
    --require topic_recall=0.95,key_topic_recall=0.97,violation_rate=0.05,kind_accuracy=0.95,fact_recall=0.90,fact_precision=0.95,meta_accuracy=1.0
fi
echo
echo "all checks passed"
