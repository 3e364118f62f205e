/**
 * A seeded pseudo-random source, so every run of a scale generates the same data.
 * mulberry32: tiny, fast and good enough for synthetic test data (not for secrets).
 */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** Log-normal amounts: most small, a few very large, like real revenue figures. */
  logNormal(median: number, spread: number): number {
    const u = Math.max(this.next(), 1e-12)
    const v = this.next()
    const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    return median * Math.exp(spread * gaussian)
  }

  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String(this.int(0, 9))
    return out
  }
}
