// A call's recording, as the simulator serves it: a short WAV (8 kHz, 16-bit mono, 1-4 s) of two tones
// whose pitch is drawn from the record's id, so each recording is small, playable and tells calls apart.
const RATE = 8000;

export function recordingWav(id: string, seconds: number): Buffer {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const f1 = 300 + (h % 400);
  const f2 = 500 + ((h >>> 9) % 500);
  const n = RATE * seconds;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(RATE, 24);
  buf.writeUInt32LE(RATE * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    const f = i < n / 2 ? f1 : f2;
    // A soft envelope at each end so playback does not click.
    const edge = Math.min(1, i / 400, (n - i) / 400);
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * f * i) / RATE) * 6000 * edge), 44 + i * 2);
  }
  return buf;
}
