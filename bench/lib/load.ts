/**
 * Closed-loop load: N concurrent clients each send a request, wait for the whole response,
 * record its latency, and go again until the time is up. Used both for the HTTP API
 * (over keep-alive connections on loopback) and for the direct-SQL baseline.
 */
import { Pool } from 'undici'

export interface LatencyStats {
  requests: number
  errors: number
  throughputPerSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

export function summarize(latenciesMs: number[], errors: number, seconds: number): LatencyStats {
  const sorted = Float64Array.from(latenciesMs).sort()
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  const round = (n: number) => Math.round(n * 1000) / 1000
  return {
    requests: sorted.length,
    errors,
    throughputPerSecond: Math.round(sorted.length / seconds),
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1]! : 0),
  }
}

/** Runs `work(client, iteration)` from `concurrency` loops for `seconds`, after a warm-up. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
  work: (client: number, iteration: number) => Promise<void>,
): Promise<LatencyStats> {
  const latencies: number[] = []
  let errors = 0
  let firstError: unknown
  let iteration = 0
  const warmupEnds = performance.now() + warmupSeconds * 1000
  const ends = warmupEnds + seconds * 1000
  const loop = async (client: number) => {
    for (;;) {
      const started = performance.now()
      if (started >= ends) return
      try {
        await work(client, iteration++)
        if (started >= warmupEnds) latencies.push(performance.now() - started)
      } catch (error) {
        errors++
        firstError ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, client) => loop(client)))
  if (errors > 0) console.warn(`  ${errors} errors; first: ${firstError instanceof Error ? firstError.message : String(firstError)}`)
  return summarize(latencies, errors, seconds)
}

/**
 * Open-loop load: `connections` clients together send `ratePerSecond` requests on a fixed
 * schedule, whether or not earlier answers have come back. Latency is counted from the
 * scheduled send time, so a slow server cannot hide its queueing (no coordinated omission).
 */
export async function openLoop(
  connections: number,
  ratePerSecond: number,
  seconds: number,
  warmupSeconds: number,
  work: (client: number, iteration: number) => Promise<void>,
): Promise<LatencyStats> {
  const latencies: number[] = []
  let errors = 0
  let firstError: unknown
  let iteration = 0
  const intervalMs = (1000 * connections) / ratePerSecond
  const start = performance.now()
  const warmupEnds = start + warmupSeconds * 1000
  const ends = warmupEnds + seconds * 1000
  const loop = async (client: number) => {
    // Spread the clients' phases evenly over one interval.
    let scheduled = start + (client * intervalMs) / connections
    while (scheduled < ends) {
      const wait = scheduled - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      try {
        await work(client, iteration++)
        if (scheduled >= warmupEnds) latencies.push(performance.now() - scheduled)
      } catch (error) {
        errors++
        firstError ??= error
      }
      scheduled += intervalMs
    }
  }
  await Promise.all(Array.from({ length: connections }, (_, client) => loop(client)))
  if (errors > 0) console.warn(`  ${errors} errors; first: ${firstError instanceof Error ? firstError.message : String(firstError)}`)
  // A server that falls behind takes longer than planned to answer them all: count that time.
  return summarize(latencies, errors, Math.max(seconds, (performance.now() - warmupEnds) / 1000))
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
  expectStatus: number
}

export class HttpLoad {
  private readonly pool: Pool

  constructor(
    origin: string,
    private readonly token: string,
    connections: number,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 })
  }

  async send(spec: HttpRequestSpec): Promise<unknown> {
    const response = await this.pool.request({
      method: spec.method,
      path: spec.path,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    })
    // Binary answers (the PDF scenario) are read whole, so their transfer is timed, but not parsed.
    const isJson = String(response.headers['content-type'] ?? '').includes('json')
    const body = isJson || response.statusCode !== spec.expectStatus ? await response.body.text() : await response.body.arrayBuffer()
    if (response.statusCode !== spec.expectStatus) {
      throw new Error(`${spec.method} ${spec.path} → ${response.statusCode} (expected ${spec.expectStatus}): ${String(body).slice(0, 200)}`)
    }
    if (typeof body !== 'string') return body
    return body.length > 0 ? JSON.parse(body) : null
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
