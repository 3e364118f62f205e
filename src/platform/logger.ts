/** Structured JSON logs (pino); pretty in a terminal during development. */
import { pino, type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production'
  return pino({
    level,
    base: { service: 'daifuku' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } } : {}),
  })
}
