/**
 * Auth: sign-in with throttling and lockout, server-side sessions, password reset and change,
 * the signed-in user's profile. Other modules use only what this file exports.
 */
export { PUBLIC_FORM_RATE_LIMIT, registerAuthRoutes, requestInfo, sendInBackground } from './auth.routes.ts'
export { Session, SessionUser } from './auth.schema.ts'
export {
  BAD_CREDENTIALS_MESSAGE,
  ipThrottleError,
  lockoutError,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  type RequestInfo,
  type SignedIn,
  signInWithPassword,
} from './login.service.ts'
export { isValidTimeZone } from './me.service.ts'
export { purgeExpiredAuthRecords, type PurgeResult } from './purge.ts'
// Importing the module registers the hourly purge job with the worker.
export { AUTH_PURGE_JOB, AUTH_PURGE_SCHEDULE } from './purge.job.ts'
export { buildSessionView, createSession, markSignedIn, revokeUserSessions, setSessionCookie } from './sessions.ts'
