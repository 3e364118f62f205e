/**
 * A short-lived cache of resolved credentials (session cookie or API token → actor), so a
 * busy client does not pay a database round trip for its identity on every request.
 *
 * Correctness rests on invalidation, not on the TTL alone: every change that can alter who a
 * credential acts as (sign-out, password change, token revocation, membership, role or team
 * edits — anything audited on an administrative object, and every sign-in event) clears the
 * caches of this process. Other processes (several API servers on PostgreSQL) see such a
 * change within the TTL (default 1 s).
 */
import type { SessionAuth, TokenAuth } from './actor.ts'

type Auth = SessionAuth | TokenAuth

const MAX_ENTRIES = 10_000
const live = new Set<CredentialCache>()

export class CredentialCache {
  private readonly entries = new Map<string, { until: number; auth: Auth }>()

  constructor(private readonly ttlMs: number) {
    if (ttlMs > 0) live.add(this)
  }

  get(key: string): Auth | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until < Date.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry.auth
  }

  set(key: string, auth: Auth): void {
    if (this.ttlMs <= 0) return
    // A flood of distinct credentials only resets the cache; it never grows without bound.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    this.entries.set(key, { until: Date.now() + this.ttlMs, auth })
  }

  clear(): void {
    this.entries.clear()
  }

  dispose(): void {
    this.entries.clear()
    live.delete(this)
  }
}

let generation = 0

/** Called by every change that can alter what a credential may do. */
export function forgetCachedCredentials(): void {
  generation++
  for (const cache of live) cache.clear()
}

/**
 * The transaction helpers clear again after a commit that forgot credentials, so a request
 * that re-read the old state before the commit cannot keep it cached.
 */
export const credentialGeneration = (): number => generation
export function clearAfterCommit(startedAt: number): void {
  if (generation !== startedAt) for (const cache of live) cache.clear()
}
