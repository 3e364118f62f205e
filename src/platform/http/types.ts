/** Shared HTTP types: the Fastify instance with the Zod type provider, and what routes receive. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RequestAuth } from '../auth/actor.ts'

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  ZodTypeProvider
>

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null
  }
  interface FastifyContextConfig {
    /** Routes callable without signing in (sign-in, password reset, invitation accept, health). */
    public?: boolean
  }
}
