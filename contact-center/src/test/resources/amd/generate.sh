#!/usr/bin/env bash
# Generates the answering-machine detection test audio as 8 kHz mono 16-bit PCM WAV files, so the
# tests need no text-to-speech. Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
# Usage: contact-center/src/test/resources/amd/generate.sh   (rewrites the WAV files beside it)
#   human-hello.wav       0.4 s of line silence, "Hello?", then 2 s of silence (a person waiting)
#   machine-greeting.wav  0.4 s, a 7 s greeting, 0.2 s (plus the TTS tail: about 0.5 s in all), a 1 kHz beep of 0.5 s, then 2 s of silence
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# speak OUT VOICE SPEED TEXT: TTS, resampled to 8 kHz mono 16-bit, at a telephone level (-6 dBFS peak).
speak() {
  espeak-ng -v "$2" -s "$3" -w "$tmp/raw.wav" "$4"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$1" norm -6
}
quiet() {
  sox -n -r 8000 -c 1 -b 16 -e signed-integer "$1" trim 0 "$2"
}

quiet "$tmp/lead.wav" 0.4
quiet "$tmp/half.wav" 0.2
quiet "$tmp/tail.wav" 2
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/beep.wav" synth 0.5 sine 1000 gain -9

speak "$tmp/hello.wav" en-us+f3 150 "Hello?"
sox "$tmp/lead.wav" "$tmp/hello.wav" "$tmp/tail.wav" "$here/human-hello.wav"

speak "$tmp/greeting.wav" en-us 160 \
  "Hi, you have reached the Miller family. We cannot take your call right now, please leave a message after the tone."
sox "$tmp/lead.wav" "$tmp/greeting.wav" "$tmp/half.wav" "$tmp/beep.wav" "$tmp/tail.wav" "$here/machine-greeting.wav"

for f in human-hello machine-greeting; do
  printf '%s.wav: %s s\n' "$f" "$(soxi -D "$here/$f.wav")"
done
