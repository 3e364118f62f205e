/**
 * The one way the UI talks to the server: JSON in and out, the CSRF header on writes,
 * and the `{ error: { code, message, details } }` body turned into an ApiError.
 */
import type { ErrorCode, ErrorDetail } from './types.ts'

export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly details: ErrorDetail[]

  constructor(status: number, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }

  /** Field errors keyed by the first path segment, for form.setErrors(). */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const detail of this.details) {
      const key = detail.path.split('.')[0] ?? ''
      if (key && !(key in errors)) errors[key] = detail.message
    }
    return errors
  }
}

let csrfToken: string | null = null
let onUnauthenticated: (() => void) | null = null

/** The session's CSRF token, sent as X-CSRF-Token on every non-GET call. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called when a signed-in call answers 401 (the session ended): the app shows sign-in. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler
}

export type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

interface RequestOptions {
  query?: Query
  body?: unknown
  /** A 401 here is an expected answer (sign-in, session probe), not an expired session. */
  expectUnauthenticated?: boolean
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
  } catch {
    throw new ApiError(0, 'network', 'network')
  }

  // 202 answers may carry a body (e.g. how many deliveries were queued); an empty one reads as undefined.
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const json: unknown = text ? safeParse(text) : undefined
  if (response.ok) return json as T

  const error = toApiError(response.status, json)
  if (error.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.()
  throw error
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function toApiError(status: number, json: unknown): ApiError {
  const body = (json as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error
  const code = (body?.code as ErrorCode | undefined) ?? fallbackCode(status)
  return new ApiError(status, code, body?.message ?? `HTTP ${status}`, Array.isArray(body?.details) ? body.details : [])
}

function fallbackCode(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'invalid'
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  return 'internal'
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: (path: string) => request<void>('DELETE', path),
}
