/**
 * Secrets we hand out (session cookies, API tokens, reset and invitation links) are
 * random, shown once, and stored only as SHA-256 hashes. Passwords use argon2id.
 */
import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

export const API_TOKEN_PREFIX = 'dfk_'

export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url')
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && crypto.timingSafeEqual(left, right)
}

/** `dfk_<8-char prefix>_<secret>`: the prefix is stored in clear so admins can tell tokens apart. */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const prefix = randomSecret(6)
  const token = `${API_TOKEN_PREFIX}${prefix}_${randomSecret(32)}`
  return { token, prefix, hash: hashSecret(token) }
}

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

export const MIN_PASSWORD_LENGTH = 10
