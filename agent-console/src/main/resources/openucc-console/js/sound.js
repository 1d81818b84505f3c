// The offer tone: a short two-note beep from WebAudio, repeated while an offer rings. Browsers only
// start audio after a user gesture; the Ready click is one, so unlock() is called from there.

let ctx = null;

export function unlock() {
  try {
    ctx = ctx || new AudioContext();
    if (ctx.state === 'suspended') ctx.resume();
  } catch {
    ctx = null; // no audio device: the offer card and countdown still demand attention
  }
}

export function beep() {
  if (!ctx) unlock();
  if (!ctx) return;
  const now = ctx.currentTime;
  [[880, 0], [660, 0.18]].forEach(([freq, at]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.2, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(now + at);
    osc.stop(now + at + 0.17);
  });
}

/** Rings until the returned function is called. */
export function ring() {
  beep();
  const timer = setInterval(beep, 1500);
  return () => clearInterval(timer);
}
