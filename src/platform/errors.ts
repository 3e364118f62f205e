/**
 * The one error type services throw. Its code maps to an HTTP status in one place
 * (platform/http/errors.ts) and to a CLI exit code in the CLI.
 */
export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal'

export interface ErrorDetail {
  path?: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const invalid = (message: string, details: ErrorDetail[] = []) => new AppError('invalid', message, details)
export const forbidden = (message = 'You do not have permission to do this.') => new AppError('forbidden', message)
export const notFound = (what = 'Record') => new AppError('not_found', `${what} not found.`)
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError('conflict', message, details)
export const unauthenticated = (message = 'Sign in first.') => new AppError('unauthenticated', message)
export const rateLimited = (message: string) => new AppError('rate_limited', message)

export const httpStatusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
}

export const exitCodeOf: Record<ErrorCode, number> = {
  invalid: 2,
  unauthenticated: 3,
  forbidden: 3,
  not_found: 4,
  conflict: 5,
  payload_too_large: 2,
  rate_limited: 6,
  internal: 1,
}

/** PostgreSQL unique violation → a conflict the user can act on. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}
