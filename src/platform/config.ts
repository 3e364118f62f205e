/**
 * Runtime configuration, read once from the environment.
 * Every setting has a safe default so `npm start` needs none.
 */
import path from 'node:path'

export interface SmtpConfig {
  host: string
  port: number
  secure: boolean
  user?: string
  password?: string
  from: string
}

export interface Config {
  env: 'development' | 'test' | 'production'
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  databaseUrl?: string
  dataDir: string
  host: string
  port: number
  /** Public base URL used in emailed links. */
  publicUrl: string
  role: 'all' | 'api' | 'worker'
  logLevel: string
  smtp?: SmtpConfig
  /** Cookies get the Secure flag when the public URL is https. */
  secureCookies: boolean
  sessionTtlHours: number
  bodyLimitBytes: number
  rateLimitPerMinute: number
  /** How long a resolved session or API token is reused without asking the database (0 = never). */
  authCacheMs: number
  login: { maxFailuresPerAccount: number; lockoutMinutes: number; maxAttemptsPerIpPerMinute: number }
  poolSize: number
  /**
   * Check every answer against its route's response schema, strictly (decision 0036): on by default outside
   * production; DAIFUKU_CHECK_RESPONSES=true/false overrides (the browser tests run a production server with it on).
   */
  checkResponses: boolean
  /** Where attached files are kept on local disk; unset = `<dataDir>/files`. */
  filesDir?: string
  /** The built web app to serve (DAIFUKU_WEB_DIR); unset = web/dist beside the code. */
  webDir?: string
  /** Largest file a documents upload accepts. */
  fileMaxBytes: number
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number.parseInt(value, 10)
  if (!Number.isFinite(n)) throw new Error(`Expected an integer, got "${value}"`)
  return n
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development'
  const port = intFrom(env.PORT, 3000)
  const host = env.HOST ?? '127.0.0.1'
  const publicUrl = (env.DAIFUKU_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '')
  const smtp: SmtpConfig | undefined = env.SMTP_HOST
    ? {
        host: env.SMTP_HOST,
        port: intFrom(env.SMTP_PORT, 587),
        secure: env.SMTP_SECURE === 'true',
        user: env.SMTP_USER || undefined,
        password: env.SMTP_PASSWORD || undefined,
        from: env.SMTP_FROM ?? 'Daifuku <no-reply@localhost>',
      }
    : undefined
  const role = env.DAIFUKU_ROLE === 'api' || env.DAIFUKU_ROLE === 'worker' ? env.DAIFUKU_ROLE : 'all'
  return {
    env: nodeEnv,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DAIFUKU_DATA_DIR ?? 'data'),
    webDir: env.DAIFUKU_WEB_DIR ? path.resolve(env.DAIFUKU_WEB_DIR) : undefined,
    host,
    port,
    publicUrl,
    role,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    smtp,
    secureCookies: publicUrl.startsWith('https://'),
    sessionTtlHours: intFrom(env.DAIFUKU_SESSION_TTL_HOURS, 24 * 14),
    bodyLimitBytes: intFrom(env.DAIFUKU_BODY_LIMIT_BYTES, 1024 * 1024),
    rateLimitPerMinute: intFrom(env.DAIFUKU_RATE_LIMIT_PER_MINUTE, 1200),
    authCacheMs: intFrom(env.DAIFUKU_AUTH_CACHE_MS, 1000),
    login: {
      maxFailuresPerAccount: intFrom(env.DAIFUKU_LOGIN_MAX_FAILURES, 5),
      lockoutMinutes: intFrom(env.DAIFUKU_LOGIN_LOCKOUT_MINUTES, 15),
      maxAttemptsPerIpPerMinute: intFrom(env.DAIFUKU_LOGIN_MAX_PER_IP_PER_MINUTE, 20),
    },
    poolSize: intFrom(env.DAIFUKU_POOL_SIZE, 20),
    checkResponses: env.DAIFUKU_CHECK_RESPONSES ? env.DAIFUKU_CHECK_RESPONSES === 'true' : nodeEnv !== 'production',
    filesDir: env.DAIFUKU_FILES_DIR ? path.resolve(env.DAIFUKU_FILES_DIR) : undefined,
    fileMaxBytes: intFrom(env.DAIFUKU_FILE_MAX_BYTES, 25 * 1024 * 1024),
    ...overrides,
  }
}
