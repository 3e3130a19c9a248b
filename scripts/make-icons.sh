#!/usr/bin/env bash
# Makes the app's PNG icons (public/icons/) from its logo (public/favicon.svg) with ffmpeg's SVG
# decoder: the logo as it is at 192 and 512 px and as the apple-touch icon (180 px), and "maskable"
# versions, where the glyph sits inside the safe circle (the middle 80 %) of a full-bleed square so
# a launcher's round or squircle mask never cuts it. Run again after changing the logo.
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/icons
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The favicon's glyph (its two strokes), scaled to 85 % and centred (its middle is at 15.5, 16.5) on a square without rounded corners.
cat > "$tmp/maskable.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1f4e5f"/><g transform="translate(2.825 1.975) scale(0.85)"><path d="M8 9h10a5 5 0 0 1 0 10h-3l6 5" fill="none" stroke="#f4c95d" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/><path d="M8 9v15" stroke="#fff" stroke-width="3" stroke-linecap="round"/></g></svg>
SVG

render() { # svg size output
  ffmpeg -v error -y -width "$2" -height "$2" -i "$1" -frames:v 1 -pix_fmt rgba "$3"
}
render public/favicon.svg 192 "$out/icon-192.png"
render public/favicon.svg 512 "$out/icon-512.png"
render "$tmp/maskable.svg" 192 "$out/maskable-192.png"
render "$tmp/maskable.svg" 512 "$out/maskable-512.png"
# iOS rounds the corners itself and shows transparency as black: the full-bleed square.
render "$tmp/maskable.svg" 180 "$out/apple-touch-icon.png"
ls -l "$out"
