#!/usr/bin/env bash
# Makes a 60-minute 720p H.264 + AAC lesson by looping one encoded minute with stream copy (seconds,
# not an hour of encoding). Index at the end, as cameras write.
#   make-hour-lesson.sh        bench/out/hour-lesson.mp4, about 1 GB (2.2 Mbit/s)
#   make-hour-lesson.sh 2gb    bench/out/2gb-lesson.mp4, about 2 GB (a phone's 4.4 Mbit/s, constant
#                              bitrate with filler so the size does not depend on how simple the picture is)
#   make-hour-lesson.sh camera bench/out/hour-lesson-camera.mp4: the 1 GB hour remuxed into half-second
#                              chunks per track, the layout cameras and phones write (ffmpeg's muxer
#                              alternates single frames)
#   make-hour-lesson.sh busy   bench/out/hour-lesson-busy.mp4: the 1 GB hour's video with a minute of sound
#                              throughout (speech over room noise, no silence), looped: what a classroom
#                              sounds like to the decoder (the plain hour is a sentence and 50 s of silence a minute)
set -euo pipefail
out="$(dirname "$0")/out"; mkdir -p "$out"
case "${1:-hour}" in
  hour) target="$out/hour-lesson.mp4"; rate=(-b:v 2200k -maxrate 2200k -bufsize 4400k) ;;
  camera)
    target="$out/hour-lesson-camera.mp4"
    [ -f "$target" ] && { echo "bench: $target exists"; exit 0; }
    bash "$0" hour
    node "$(dirname "$0")/../scripts/remux-chunked.mjs" "$out/hour-lesson.mp4" "$target.part" && mv "$target.part" "$target"
    ls -l "$target"; exit 0 ;;
  busy)
    target="$out/hour-lesson-busy.mp4"
    [ -f "$target" ] && { echo "bench: $target exists"; exit 0; }
    bash "$0" hour
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    for v in en-gb en-us+f2 en-gb-scotland+m3; do
      espeak-ng -v "$v" -s 160 -w "$tmp/$v.wav" "Good morning everyone. Today we are looking at how plants make their food. Why do you think leaves are green? Take a moment to think, then talk to your partner. Who would like to share what they said?"
    done
    sox "$tmp/en-gb.wav" "$tmp/en-us+f2.wav" "$tmp/en-gb-scotland+m3.wav" "$tmp/en-gb.wav" "$tmp/en-us+f2.wav" -r 48000 -c 2 "$tmp/talk.wav" pad 0 60 trim 0 60
    sox -n -r 48000 -c 2 "$tmp/room.wav" synth 60 pinknoise gain -38
    sox -m "$tmp/talk.wav" "$tmp/room.wav" "$tmp/minute.wav"
    ffmpeg -hide_banner -loglevel error -y -i "$tmp/minute.wav" -c:a aac -b:a 128k "$tmp/minute.m4a"
    ffmpeg -hide_banner -loglevel error -y -i "$out/hour-lesson.mp4" -stream_loop 59 -i "$tmp/minute.m4a" -map 0:v -map 1:a -c copy -shortest "$target.part.mp4"
    mv "$target.part.mp4" "$target"
    ls -l "$target"; exit 0 ;;
  2gb) target="$out/2gb-lesson.mp4"; rate=(-b:v 4400k -minrate 4400k -maxrate 4400k -bufsize 4400k -x264-params nal-hrd=cbr) ;;
  *) echo "usage: $0 [hour|2gb|camera|busy]" >&2; exit 2 ;;
esac
[ -f "$target" ] && { echo "bench: $target exists"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-gb -s 150 -w "$tmp/t.wav" "Good morning everyone. Today we are looking at how plants make their food. Why do you think leaves are green? Take a moment to think, then talk to your partner."
sox "$tmp/t.wav" -r 48000 -c 2 "$tmp/minute.wav" pad 0 60 trim 0 60
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=60" -i "$tmp/minute.wav" \
  -c:v libx264 -preset ultrafast "${rate[@]}" -g 50 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest -f mp4 "$tmp/minute.mp4"
ffmpeg -hide_banner -loglevel error -y -stream_loop 59 -i "$tmp/minute.mp4" -c copy "$target"
ls -l "$target"
