#!/usr/bin/env bash
# Generates the prompts of the sample IVR flows (ivr-scripts/flows) and the number/date/time
# fragments of the say node (say/...), in English and Mandarin, as 8 kHz mono G.711 µ-law WAV
# files: what the telephony plays without converting, at half the size of 16-bit PCM. Running the
# server needs no text-to-speech; this script is only for changing or adding prompts.
#
# Needs espeak-ng and sox (Debian/Ubuntu: apt-get install -y espeak-ng sox).
# Usage: ivr-scripts/prompts/generate-ivr.sh            (rewrites the files listed below)
#        ivr-scripts/prompts/generate-ivr.sh welcome    (only prompts whose name contains "welcome")
#
# One line per prompt: name | English | Mandarin. A text starting with "@en:" or "@zh:" is spoken
# with that language's voice whatever the folder (the menu's "for Chinese, press 9" in Chinese).
# Names stay clear of generate.sh's prompts (greeting, hold-music, 0..9, ...), which belong to the
# built-in voice queue.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
only="${1:-}"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate-ivr.sh: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# speak VOICE OUT TEXT: TTS, silence trimmed at both ends, 8 kHz mono µ-law, normalized, a short tail.
speak() {
  local voice="$1" out="$2" text="$3"
  mkdir -p "$(dirname "$out")"
  local speed=160
  [[ "$voice" == cmn ]] && speed=180 # espeak's Mandarin is slow at the same setting
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -e mu-law -b 8 "$out" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3 pad 0 0.08
}

voice_of() { case "$1" in en) echo en-us ;; zh) echo cmn ;; esac; }

prompt() {
  local name="$1" en="$2" zh="$3"
  [[ -n "$only" && "$name" != *"$only"* ]] && return 0
  for lang in en zh; do
    local text voice
    if [[ "$lang" == en ]]; then text="$en"; else text="$zh"; fi
    voice="$(voice_of "$lang")"
    case "$text" in
      @en:*) voice="$(voice_of en)"; text="${text#@en:}" ;;
      @zh:*) voice="$(voice_of zh)"; text="${text#@zh:}" ;;
    esac
    speak "$voice" "$here/$lang/$name.wav" "$text"
  done
}

while IFS='|' read -r name en zh; do
  name="$(echo "$name" | xargs)"
  [[ -z "$name" || "$name" == \#* ]] && continue
  prompt "$name" "$(echo "$en" | sed 's/^ *//;s/ *$//')" "$(echo "$zh" | sed 's/^ *//;s/ *$//')"
done <<'PROMPTS'
# --- main menu ----------------------------------------------------------------------------------
welcome             | Welcome to Open U C C. Calls may be recorded for training and quality. | 欢迎致电Open U C C。为保证服务质量，您的通话可能会被录音。
vip-welcome         | Welcome back. As one of our valued customers, we are connecting you to your account team. | 欢迎回来。作为我们的贵宾客户，我们正在为您接通专属服务团队。
main-menu           | For sales, press 1. For support, press 2. For billing, press 3. To hear the status of your case, press 4. For the status of an order, press 5. For the operator, press 0. | 销售请按1。技术支持请按2。账单查询请按3。查询案件进度请按4。查询订单状态请按5。人工服务请按0。
language-option     | @zh:中文服务，请按9。 | @en:For English, press 9.
invalid-option      | Sorry, that is not a valid choice. | 抱歉，您的选择无效。
no-input            | Sorry, we did not hear your choice. | 抱歉，我们没有收到您的选择。
sales-busy          | All our sales agents are busy at the moment. To be called back, press 1. To wait, press 2. | 所有销售人员正忙。如需回电，请按1。如需继续等待，请按2。
connecting-operator | Please hold, we are connecting you to the operator. | 请稍候，正在为您转接人工服务。
please-hold         | Please hold, the next available agent will be with you shortly. | 请稍候，下一位空闲的客服人员将尽快为您服务。
thank-you-goodbye   | Thank you for calling. Goodbye. | 感谢您的来电，再见。
# --- identification -----------------------------------------------------------------------------
enter-account       | Please enter your six digit account number, followed by the hash key. | 请输入您的六位账号，并以井号键结束。
enter-pin           | Please enter your four digit PIN, followed by the hash key. | 请输入您的四位密码，并以井号键结束。
invalid-account     | That is not a valid account number. | 这不是有效的账号。
not-recognised      | Sorry, we could not verify these details. Please try again. | 抱歉，我们无法验证您的信息，请重试。
identification-failed | We could not verify your account. We will connect you to an agent. | 我们无法验证您的账户，将为您转接客服人员。
identified          | Thank you, your account is verified. | 谢谢，您的账户已通过验证。
# --- self-service: cases --------------------------------------------------------------------------
open-case-count     | Number of open cases: | 未结案件数量：
latest-case         | Your most recent case, about | 您最近的案件，关于
case-status-open    | is open, and we are working on it. | 正在处理中。
case-status-pending | is pending, and waiting for information. | 正在等待相关信息。
case-opened-on      | It was opened on | 立案日期为
no-open-cases       | You have no open cases. | 您目前没有未结案件。
agent-or-goodbye    | To speak to an agent, press 1. Otherwise, thank you for calling. | 如需人工服务，请按1。否则，感谢您的来电。
case-subject/refund-for-delayed-shipment | refund for delayed shipment, | 延迟发货退款，
case-subject/invoice-question   | invoice question, | 发票问题，
case-subject/delivery-delayed   | delayed delivery, | 交货延迟，
case-subject/change-of-address  | change of address, | 地址变更，
case-subject/contract-renewal   | contract renewal, | 合同续签，
case-subject/product-defect     | product defect, | 产品缺陷，
case-subject/password-reset     | password reset, | 密码重置，
case-subject/cancel-subscription | cancelling a subscription, | 取消订阅，
case-subject/upgrade-request    | upgrade request, | 升级申请，
case-subject/billing-error      | billing error, | 账单错误，
case-subject/missing-parts      | missing parts, | 缺少零件，
case-subject/other              | your request, | 您的请求，
# --- self-service: orders (http) ------------------------------------------------------------------
enter-order         | Please enter your order number, followed by the hash key. | 请输入您的订单号，并以井号键结束。
order-total         | The total of your order is | 您的订单金额为
order-shipped-on    | It was shipped on | 发货日期为
order-delivery-at   | Delivery is expected at | 预计送达时间为
order-unavailable   | Sorry, order information is not available right now. | 抱歉，订单信息暂时无法查询。
# --- queue ----------------------------------------------------------------------------------------
queue-position      | You are number | 您排在第
queue-position-end  | in the queue. | 位。
queue-wait          | Your estimated waiting time is | 预计等待时间为
queue-minutes       | minutes. | 分钟。
queue-under-a-minute | less than a minute. | 不到一分钟。
long-wait-offer     | The wait is longer than usual. To keep your place and be called back, press 1. | 当前等待时间较长。如需保留您的位置并等待回电，请按1。
queue-full          | All our agents are busy and the queue is full. | 所有客服人员正忙，排队人数已满。
max-wait-sorry      | We are sorry to keep you waiting so long. | 很抱歉让您久等了。
# --- callback, after hours, voicemail -----------------------------------------------------------
callback-confirmed  | Thank you. We will call you back on | 谢谢。我们将回拨
callback-end        | as soon as an agent is free. | ，客服人员空闲后将立即与您联系。
enter-callback-number | We cannot see your number. Please enter the number to call back, followed by the hash key. | 我们无法识别您的号码。请输入回拨号码，并以井号键结束。
closed              | Our offices are closed now. | 我们现在已经下班。
holiday             | Our offices are closed today for a public holiday. | 今天是公众假期，我们暂停营业。
opening-hours       | We are open Monday to Friday, from | 我们的营业时间是周一至周五，
opening-hours-to    | to | 至
after-hours-menu    | To be called back when we open, press 1. To leave a message, press 2. | 如需在营业时间回电，请按1。如需留言，请按2。
leave-message       | Please leave your message after the tone. Press the hash key when you are done. | 请在提示音后留言，留言完毕请按井号键。
message-saved       | Thank you, your message has been recorded. Goodbye. | 谢谢，您的留言已保存。再见。
# --- say: English numbers, ordinals, months, time, money; Mandarin units ---------------------------
say/0  | zero | 零
say/1  | one | 一
say/2  | two | 二
say/3  | three | 三
say/4  | four | 四
say/5  | five | 五
say/6  | six | 六
say/7  | seven | 七
say/8  | eight | 八
say/9  | nine | 九
say/hundred  | hundred | 百
say/thousand | thousand | 千
say/minus    | minus | 负
say/am       | a m | 上午
say/pm       | p m | 下午
PROMPTS

# Fragments that exist in one language only.
en_only() {
  local name="$1" text="$2"
  [[ -n "$only" && "$name" != *"$only"* ]] && return 0
  speak en-us "$here/en/$name.wav" "$text"
}
zh_only() {
  local name="$1" text="$2"
  [[ -n "$only" && "$name" != *"$only"* ]] && return 0
  speak cmn "$here/zh/$name.wav" "$text"
}

words=(ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen)
for i in "${!words[@]}"; do en_only "say/$((i + 10))" "${words[$i]}"; done
tens=(twenty thirty forty fifty sixty seventy eighty ninety)
for i in "${!tens[@]}"; do en_only "say/$(((i + 2) * 10))" "${tens[$i]}"; done
ordinals=(first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
  fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "twenty first" "twenty second"
  "twenty third" "twenty fourth" "twenty fifth" "twenty sixth" "twenty seventh" "twenty eighth" "twenty ninth"
  thirtieth "thirty first")
for i in "${!ordinals[@]}"; do en_only "say/ord-$((i + 1))" "${ordinals[$i]}"; done
months=(January February March April May June July August September October November December)
for i in "${!months[@]}"; do en_only "say/month-$((i + 1))" "${months[$i]}"; done
en_only say/million million
en_only say/billion billion
en_only say/oclock "o'clock"
en_only say/oh oh
en_only say/and and
en_only say/euro euro
en_only say/euros euros
en_only say/dollar dollar
en_only say/dollars dollars
en_only say/cent cent
en_only say/cents cents

zh_only say/ten 十
zh_only say/wan 万
zh_only say/yi 亿
zh_only say/liang 两
zh_only say/year 年
zh_only say/month 月
zh_only say/day 日
zh_only say/hour 点
zh_only say/minute 分
zh_only say/euro 欧元
zh_only say/euro-cent 欧分
zh_only say/dollar 美元
zh_only say/dollar-cent 美分

# Queue music: a slow pentatonic pattern with soft fades, about 10 s, looped by the telephony.
if [[ -z "$only" || "queue-music" == *"$only"* ]]; then
  parts=()
  i=0
  for f in 293.66 329.63 392.00 440.00 392.00 329.63 293.66 246.94 220.00 246.94 293.66 329.63 \
           392.00 440.00 493.88 440.00 392.00 329.63 293.66 246.94; do
    sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/n$i.wav" synth 0.5 sine "$f" fade q 0.05 0.5 0.2 gain -14
    parts+=("$tmp/n$i.wav"); i=$((i + 1))
  done
  sox "${parts[@]}" "$tmp/music.wav"
  for lang in en zh; do
    sox "$tmp/music.wav" -r 8000 -c 1 -e mu-law -b 8 "$here/$lang/queue-music.wav" norm -10
  done
fi
echo "IVR prompts written to $here/en and $here/zh"
