#!/usr/bin/env bash
# Makes bench/out/2gb-lesson.mp4: a 60-minute lesson of about 2 GB (a phone's 4.5 Mbit/s 720p), by
# looping one constant-bitrate minute with stream copy. Index at the end, as cameras write.
set -euo pipefail
out="$(dirname "$0")/out"; mkdir -p "$out"
target="$out/2gb-lesson.mp4"
[ -f "$target" ] && { echo "bench: $target exists"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-gb -s 150 -w "$tmp/t.wav" "Right, everyone, eyes this way. What happens to the water in the leaf? Hands down, think first. Now tell the person next to you."
sox "$tmp/t.wav" -r 48000 -c 2 "$tmp/minute.wav" pad 0 60 trim 0 60
# Constant bitrate with filler, so the size does not depend on how simple the test picture is.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=60" -i "$tmp/minute.wav" \
  -c:v libx264 -preset ultrafast -b:v 4400k -minrate 4400k -maxrate 4400k -bufsize 4400k -x264-params nal-hrd=cbr -g 50 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -shortest -f mp4 "$tmp/minute.mp4"
ffmpeg -hide_banner -loglevel error -y -stream_loop 59 -i "$tmp/minute.mp4" -c copy "$target"
ls -l "$target"
