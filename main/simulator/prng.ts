// Seeded pseudo-random numbers for the simulator (sfc32): the same seed gives the same floor, so tests and
// demos are reproducible. Math.random is never used for anything that shapes the floor.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Exponential with the given mean. */
  exp(mean: number): number;
  /** Poisson-distributed count with the given mean (normal approximation for large means). */
  poisson(mean: number): number;
  /** A random v4-shaped UUID. */
  uuid(): string;
  /** `n` random decimal digits. */
  digits(n: number): string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createRng(seed: number): Rng {
  // sfc32 seeded through splitmix32 so that nearby seeds give unrelated streams.
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();

  const next = (): number => u32() / 4294967296;
  const hx = (byte: number): string => HEX[byte & 255] as string;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    exp: (mean) => -Math.log(1 - next()) * mean,
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 30) {
        // Box-Muller normal approximation: Knuth's loop would cost O(mean) draws.
        const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
      }
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    uuid: () => {
      // Byte-table formatting: a 10,000-agent floor makes ~40,000 of these at start.
      const a = u32();
      const b = u32();
      const c = u32();
      const d = u32();
      return hx(a >>> 24) + hx(a >>> 16) + hx(a >>> 8) + hx(a) + '-' + hx(b >>> 24) + hx(b >>> 16) + '-'
        + hx(0x40 | ((b >>> 8) & 0x0f)) + hx(b) + '-' + hx(0x80 | ((c >>> 24) & 0x3f)) + hx(c >>> 16) + '-'
        + hx(c >>> 8) + hx(c) + hx(d >>> 24) + hx(d >>> 16) + hx(d >>> 8) + hx(d);
    },
    digits: (n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
      return out;
    },
  };
  return rng;
}
