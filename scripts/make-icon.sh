#!/usr/bin/env bash
# Draws the app icon (assets/icon/duibi.png, 256×256): 对比 in white on a rounded blue square, in the
# CJK font the app ships, so the icon needs no other artwork. Needs ImageMagick; run once after a
# change of design, and commit the PNG (the build only reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
font=assets/fonts/wqy-microhei-subset.ttf
out=assets/icon/duibi.png
convert -size 256x256 xc:none \
  -fill '#1f5fbf' -draw 'roundrectangle 8,8 247,247 44,44' \
  -fill '#ffffff' -draw 'rectangle 128,40 130,216' \
  -font "$font" -pointsize 92 -fill white \
  -gravity center -annotate -54+0 '对' -annotate +56+0 '比' \
  -strip "PNG32:$out"
echo "wrote $out"
