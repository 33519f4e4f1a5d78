// The optional alert tone: a short two-note chime made with Web Audio (no sound file to ship), at the
// volume set in Settings. Off by default; a browser that blocks audio without a gesture stays silent.
let context: AudioContext | null = null;

export function playTone(volumePct: number): void {
  if (volumePct <= 0 || typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const at = context.currentTime;
    const gain = context.createGain();
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(Math.min(1, volumePct / 100) * 0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.5);
    gain.connect(context.destination);
    for (const [freq, start] of [[880, 0], [660, 0.18]] as const) {
      const osc = context.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(at + start);
      osc.stop(at + start + 0.25);
    }
  } catch {
    // No audio device, or the page may not play sound yet: the alert is on screen all the same.
  }
}
