/** HTTP for sign-in, sessions, password reset and the signed-in user's own profile. */
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { forbidden, invalid } from '../../platform/errors.ts'
import { requireActor, withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import { recordAuthEvent } from '../../platform/audit/audit.ts'
import {
  LoginBody,
  MePatchBody,
  PasswordChangeBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  Session,
  SessionUser,
  SwitchTenantBody,
} from './auth.schema.ts'
import { type RequestInfo, signInWithPassword } from './login.service.ts'
import { changeMyPassword, updateMe } from './me.service.ts'
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.ts'
import { buildSessionView, clearSessionCookie, deleteSession, setSessionCookie } from './sessions.ts'

const tags = ['Auth']
/** Per-IP limits for public routes that send email or spend tokens (on top of the global limit). */
export const PUBLIC_FORM_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }
const Accepted = NoContent.describe('Accepted')

export function requestInfo(request: FastifyRequest): RequestInfo {
  const agent = request.headers['user-agent']
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null, requestId: request.id }
}

/** Sends mail after the response's transaction committed; a mail failure must not undo the change. */
export function sendInBackground(app: App, message: MailMessage): void {
  app.mailer.send(message).catch((error: unknown) => app.logger.error({ err: error, mail: { subject: message.subject } }, 'sending email failed'))
}

export function registerAuthRoutes(http: HttpServer, app: App): void {
  http.post(
    '/api/v1/auth/login',
    { config: { public: true }, schema: { tags, summary: 'Sign in with email and password', body: LoginBody, response: { 200: Session, ...errorResponses } } },
    async (request, reply) => {
      const signedIn = await signInWithPassword(app.db, app.config, request.body, requestInfo(request))
      // Signing in again from a browser that still had a session replaces it rather than leaving it alive.
      const previous = request.auth
      if (previous?.via === 'session') await inSystemTransaction(app.db, (tx) => deleteSession(tx, previous.sessionId))
      setSessionCookie(reply, app.config, signedIn.cookie)
      return signedIn.session
    },
  )

  // Public so that a browser with an expired session can still clear its cookie.
  http.post(
    '/api/v1/auth/logout',
    { config: { public: true }, schema: { tags, summary: 'Sign out (ends this session)', response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const auth = request.auth
      if (auth?.via === 'session') {
        const info = requestInfo(request)
        await inSystemTransaction(app.db, async (tx) => {
          const user = await tx.selectFrom('users').select('email').where('id', '=', auth.actor.userId).executeTakeFirst()
          await deleteSession(tx, auth.sessionId)
          await recordAuthEvent(tx, { tenantId: auth.actor.tenantId, userId: auth.actor.userId, action: 'logout', email: user?.email ?? '', requestId: info.requestId, ip: info.ip })
        })
      }
      clearSessionCookie(reply, app.config)
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/auth/session',
    { schema: { tags, summary: 'The current session', response: { 200: Session, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request)
      const auth = request.auth!
      const session = await inSystemTransaction(app.db, (tx) => buildSessionView(tx, actor.userId, actor.tenantId, auth.via === 'session' ? auth.csrfToken : ''))
      // An API token acts with its own role, not the member's.
      return auth.via === 'token' ? { ...session, role: actor.role } : session
    },
  )

  http.post(
    '/api/v1/auth/switch-tenant',
    { schema: { tags, summary: 'Switch this session to another company you belong to', body: SwitchTenantBody, response: { 200: Session, ...errorResponses } } },
    async (request) => {
      const auth = request.auth
      if (auth?.via !== 'session') throw invalid('API tokens belong to one company; only browser sessions can switch.')
      const { tenantId } = request.body
      return inSystemTransaction(app.db, async (tx) => {
        const membership = await tx
          .selectFrom('memberships')
          .select('id')
          .where('userId', '=', auth.actor.userId)
          .where('tenantId', '=', tenantId)
          .where('status', '=', 'active')
          .executeTakeFirst()
        if (!membership) throw forbidden('You are not a member of that company.')
        await tx.updateTable('sessions').set({ tenantId }).where('id', '=', auth.sessionId).execute()
        await tx.updateTable('users').set({ lastTenantId: tenantId }).where('id', '=', auth.actor.userId).execute()
        return buildSessionView(tx, auth.actor.userId, tenantId, auth.csrfToken)
      })
    },
  )

  http.post(
    '/api/v1/auth/password-reset',
    {
      config: { public: true, rateLimit: PUBLIC_FORM_RATE_LIMIT },
      schema: { tags, summary: 'Email a password reset link (always 202)', body: PasswordResetRequestBody, response: { 202: Accepted, ...errorResponses } },
    },
    async (request, reply) => {
      const mail = await requestPasswordReset(app.db, app.config, request.body.email)
      // Sent after answering, so the response time does not tell whether the address exists.
      if (mail) sendInBackground(app, mail)
      return reply.status(202).send(null)
    },
  )

  http.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { public: true, rateLimit: PUBLIC_FORM_RATE_LIMIT },
      schema: { tags, summary: 'Set a new password with a reset link', body: PasswordResetConfirmBody, response: { 204: NoContent, ...errorResponses } },
    },
    async (request, reply) => {
      await confirmPasswordReset(app.db, request.body, requestInfo(request))
      return reply.status(204).send(null)
    },
  )

  http.patch(
    '/api/v1/me',
    { schema: { tags: ['Me'], summary: 'Update your name, language or time zone', body: MePatchBody, response: { 200: SessionUser, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateMe(ctx, request.body)),
  )

  http.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['Me'],
        summary: 'Change your password (signs out your other sessions)',
        body: PasswordChangeBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const sessionId = request.auth?.via === 'session' ? request.auth.sessionId : null
      await changeMyPassword(app.db, { actor, requestId: request.id, ip: request.ip }, request.body, sessionId)
      return reply.status(204).send(null)
    },
  )
}
