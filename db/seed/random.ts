/**
 * A small seeded PRNG for the story part of the demo data (the population is generated in SQL with
 * hash expressions, see sql-hash.ts). mulberry32: 32-bit state, fast, and the same sequence on every
 * platform, so the same seed always tells the same story.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** A Fisher-Yates shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** A version-4-shaped UUID drawn from this generator (deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Math.floor(this.next() * 4)]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/**
 * Splits `total` into `parts` positive amounts, each a multiple of `unit` (when `total` is), in
 * random proportions, adding up to exactly `total`.
 */
export function splitAmount(rng: Random, total: number, parts: number, unit = 1_000): number[] {
  const units = Math.floor(total / unit);
  const n = Math.max(1, Math.min(parts, units));
  if (units < 1) return [total];
  const weights = Array.from({ length: n }, () => 0.4 + rng.next());
  const sum = weights.reduce((s, w) => s + w, 0);
  // Every part gets at least one unit; the rest is shared by weight.
  const spare = units - n;
  const out = weights.map((w) => 1 + Math.floor((spare * w) / sum));
  let left = units - out.reduce((s, u) => s + u, 0);
  for (let i = 0; left > 0; i = (i + 1) % n, left--) out[i]! += 1;
  const amounts = out.map((u) => u * unit);
  amounts[n - 1]! += total - units * unit;
  return amounts;
}
