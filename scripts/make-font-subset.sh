#!/usr/bin/env sh
# Regenerates assets/fonts/wqy-microhei-subset.ttf, the CJK font the GUI embeds.
# Source: Debian's fonts-wqy-microhei (Apache-2.0, see assets/fonts/LICENSE-wqy.txt).
# Keeps ASCII, Latin-1, general punctuation, CJK symbols/punctuation, full-width forms, enclosed
# numerals (①㈠), and the whole CJK Unified Ideographs block, so both Simplified and Traditional
# reports render. Needs: apt-get install fonts-wqy-microhei; pip install fonttools.
set -eu
SRC="${1:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}"
OUT="$(dirname "$0")/../assets/fonts/wqy-microhei-subset.ttf"
pyftsubset "$SRC" --font-number=0 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+3000-303F,U+3200-32FF,U+3400-4DBF,U+4E00-9FFF,U+FE30-FE4F,U+FF00-FFEF" \
  --layout-features='*' --no-hinting --desubroutinize \
  --output-file="$OUT"
ls -l "$OUT"
