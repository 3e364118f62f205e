/** How the CLI talks: plain lines on stdout, errors on stderr with an exit code per error kind. */
import { DataDirLockedError } from '../platform/db/database.ts'
import { AppError, exitCodeOf } from '../platform/errors.ts'

export const say = (line = '') => process.stdout.write(`${line}\n`)

/** Prints the error the way a person at a terminal needs it and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof AppError) {
    process.stderr.write(`Error: ${error.message}\n`)
    for (const detail of error.details) process.stderr.write(`  - ${detail.path ? `${detail.path}: ` : ''}${detail.message}\n`)
    return exitCodeOf[error.code]
  }
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`Error: ${error.message}\n`)
    return exitCodeOf.conflict
  }
  const e = error as { code?: string; message?: string }
  if (e?.code === 'ECONNREFUSED') {
    process.stderr.write(`Error: cannot reach the PostgreSQL server (${e.message}). Check DATABASE_URL and that the server is running.\n`)
    return exitCodeOf.internal
  }
  if (e?.code === 'EADDRINUSE') {
    process.stderr.write(`Error: ${e.message}. Another program uses this port; set PORT to another one.\n`)
    return exitCodeOf.conflict
  }
  process.stderr.write(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return exitCodeOf.internal
}
