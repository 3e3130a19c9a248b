#!/usr/bin/env bash
# Makes bench/out/hour-lesson.mp4: a 60-minute, ~1 GB, 720p H.264 + AAC lesson, by looping one
# encoded minute with stream copy (seconds, not an hour of encoding). Index at the end, as cameras write.
set -euo pipefail
out="$(dirname "$0")/out"; mkdir -p "$out"
target="$out/hour-lesson.mp4"
[ -f "$target" ] && { echo "bench: $target exists"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-gb -s 150 -w "$tmp/t.wav" "Good morning everyone. Today we are looking at how plants make their food. Why do you think leaves are green? Take a moment to think, then talk to your partner."
sox "$tmp/t.wav" -r 48000 -c 2 "$tmp/minute.wav" pad 0 60 trim 0 60
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=60" -i "$tmp/minute.wav" \
  -c:v libx264 -preset ultrafast -b:v 2200k -maxrate 2200k -bufsize 4400k -g 50 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$tmp/minute.mp4"
ffmpeg -hide_banner -loglevel error -y -stream_loop 59 -i "$tmp/minute.mp4" -c copy "$target"
ls -l "$target"
