#!/usr/bin/env bash
# Generates the built-in voice prompts as 8 kHz mono 16-bit PCM WAV files, so running the server
# needs no text-to-speech. Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
# Usage: ivr-scripts/prompts/generate.sh   (rewrites en/ and zh/ beside this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# speak LANG VOICE OUT TEXT: TTS to a 22 kHz file, then resample to 8 kHz mono 16-bit, normalized.
speak() {
  local voice="$1" out="$2" text="$3"
  espeak-ng -v "$voice" -s 150 -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out" norm -3
}

# tone OUT SPEC...: sox synth parts, joined.
tone() {
  local out="$1"; shift
  sox -n -r 8000 -c 1 -b 16 -e signed-integer "$out" "$@"
}

lang_prompts() {
  local dir="$1" voice="$2"; shift 2
  mkdir -p "$dir"
  local -n texts="$1"
  for key in "${!texts[@]}"; do
    speak "$voice" "$dir/$key.wav" "${texts[$key]}"
  done
  # Non-speech prompts are the same in every language.
  tone "$dir/beep.wav" synth 0.25 sine 1000 gain -6
  # Hold music: a gentle arpeggio (C major, A minor, F major, G major) with soft fades, about 8 s.
  local parts=()
  local i=0
  for chord in "261.63 329.63 392.00" "220.00 261.63 329.63" "174.61 220.00 261.63" "196.00 246.94 293.66"; do
    for f in $chord $chord; do
      tone "$tmp/n$i.wav" synth 0.33 sine "$f" fade q 0.03 0.33 0.12 gain -12
      parts+=("$tmp/n$i.wav"); i=$((i+1))
    done
  done
  sox "${parts[@]}" "$tmp/hold.wav"
  sox "$tmp/hold.wav" "$dir/hold-music.wav" norm -9
}

declare -A EN=(
  [greeting]="Thank you for calling. Please hold, the next available agent will answer your call."
  [you-are-number]="You are number"
  [in-the-queue]="in the queue."
  [estimated-wait]="Your estimated waiting time is"
  [minutes]="minutes."
  [less-than-a-minute]="less than a minute."
  [voicemail]="Please leave a message after the tone."
  [goodbye]="Thank you. Goodbye."
  [campaign-identification]="Hello, this is OpenUCC Demo calling. We are sorry, no agent is free to take your call right now. We will call you again later. To stop our calls, call us back on 0 3 0, 1 2 3 4 5 6 7. Goodbye."
  [campaign-machine-message]="Hello, this is OpenUCC Demo. We tried to reach you about your account. Please call us back on 0 3 0, 1 2 3 4 5 6 7. Thank you."
  [0]="zero" [1]="one" [2]="two" [3]="three" [4]="four" [5]="five" [6]="six" [7]="seven" [8]="eight" [9]="nine"
)
declare -A ZH=(
  [greeting]="感谢您的来电。请稍候，下一位空闲的座席将为您服务。"
  [you-are-number]="您前面排在第"
  [in-the-queue]="位。"
  [estimated-wait]="预计等待时间为"
  [minutes]="分钟。"
  [less-than-a-minute]="不到一分钟。"
  [voicemail]="请在提示音后留言。"
  [goodbye]="谢谢，再见。"
  [campaign-identification]="您好，这里是 OpenUCC 演示中心。很抱歉，现在没有空闲的座席接听您的电话，我们稍后会再次致电。如不希望再接到我们的电话，请拨打 0 3 0 1 2 3 4 5 6 7。再见。"
  [campaign-machine-message]="您好，这里是 OpenUCC 演示中心。我们致电是关于您的账户，请回电 0 3 0 1 2 3 4 5 6 7。谢谢。"
  [0]="零" [1]="一" [2]="二" [3]="三" [4]="四" [5]="五" [6]="六" [7]="七" [8]="八" [9]="九"
)
lang_prompts "$here/en" en-us EN
lang_prompts "$here/zh" cmn ZH
echo "prompts written to $here/en and $here/zh"
