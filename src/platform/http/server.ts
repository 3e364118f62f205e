/**
 * The Fastify server: request ids, structured logs, auth resolution, CSRF, rate limits,
 * body limits, OpenAPI 3.1 + docs, health checks, the built web UI, and one error shape.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyRequest } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import type { App } from '../../app.ts'
import { resolveApiToken, resolveSession } from '../auth/actor.ts'
import { CredentialCache } from '../auth/credential-cache.ts'
import { safeEqual } from '../auth/credentials.ts'
import { newId } from '../ids.ts'
import { errorBody, handleError } from './errors.ts'
import { responseSerializerCompiler } from './serializer.ts'
import type { HttpServer } from './types.ts'

export const SESSION_COOKIE = 'daifuku_session'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const REQUEST_ID_PATTERN = /^[\w.-]{1,64}$/
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist')

export type RouteRegistrar = (http: HttpServer, app: App) => void

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match ? match[1]! : null
}

export async function buildHttpServer(app: App, registrars: RouteRegistrar[]): Promise<HttpServer> {
  const http = Fastify({
    loggerInstance: app.logger,
    bodyLimit: app.config.bodyLimitBytes,
    trustProxy: process.env.DAIFUKU_TRUST_PROXY === 'true',
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : newId()
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>() as unknown as HttpServer

  http.setValidatorCompiler(validatorCompiler)
  // Answers are checked against their schemas in development and tests, and written as they are in production.
  http.setSerializerCompiler(responseSerializerCompiler({ checked: app.config.checkResponses }))
  http.setErrorHandler(handleError)
  http.decorateRequest('auth', null)

  http.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'same-origin')
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
  })

  await http.register(cookie)
  await http.register(rateLimit, {
    global: true,
    max: app.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // The limit guards the API; the web app's files and pages (one sign-in loads dozens) are not counted.
    allowList: (request) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`) as Error & { statusCode: number }
      error.statusCode = 429
      return error
    },
  })

  await http.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Daifuku CRM API',
        version: '1',
        description:
          'REST API of Daifuku. Authenticate with `Authorization: Bearer dfk_…` (API token) or the session cookie plus the `X-CSRF-Token` header. Errors are always `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (dfk_…)' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  await http.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  // Who is calling: a bearer token, else the session cookie. Routes decide whether they need one.
  const credentials = new CredentialCache(app.config.authCacheMs)
  http.addHook('onClose', async () => credentials.dispose())
  http.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return
    const token = bearerToken(request)
    const raw = token ? null : request.cookies[SESSION_COOKIE]
    if (!token && !raw) return
    const key = token ? `token:${token}` : `session:${raw}`
    const cached = credentials.get(key)
    if (cached) {
      request.auth = cached
      return
    }
    request.auth = token ? await resolveApiToken(app.db, token) : await resolveSession(app.db, raw!)
    if (request.auth) credentials.set(key, request.auth)
  })

  // Every /api/v1 route needs a signed-in caller unless it says it is public, and cookie
  // calls that change something must echo the session's CSRF token.
  http.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/')) return
    const isPublic = request.routeOptions.config?.public === true
    if (!request.auth) {
      if (isPublic) return
      const hadCredentials = Boolean(bearerToken(request) || request.cookies[SESSION_COOKIE])
      return reply
        .status(401)
        .send(errorBody('unauthenticated', hadCredentials ? 'Your session or API token is invalid or has expired.' : 'Sign in or send an API token.'))
    }
    if (request.auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || !safeEqual(sent, request.auth.csrfToken)) {
        return reply
          .status(403)
          .send(errorBody('forbidden', 'Missing or wrong CSRF token.', [{ path: 'X-CSRF-Token', message: 'Send the csrfToken of your session in this header.' }]))
      }
    }
  })

  http.get('/health', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }))
  http.get('/ready', { schema: { hide: true }, config: { public: true } }, async (_request, reply) => {
    if (app.state.shuttingDown) return reply.status(503).send({ status: 'shutting_down', database: app.database.kind })
    try {
      await sql`select 1`.execute(app.db)
      return { status: 'ready', database: app.database.kind }
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: app.database.kind })
    }
  })
  http.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => http.swagger())

  for (const register of registrars) register(http, app)

  const webDir = app.config.webDir ?? WEB_DIST
  const hasWebBuild = fs.existsSync(path.join(webDir, 'index.html'))
  if (hasWebBuild) {
    await http.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h', immutable: false })
  }

  http.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api') && (request.headers.accept ?? '').includes('text/html')
    if (wantsPage && hasWebBuild) {
      reply.header('cache-control', 'no-cache')
      return reply.type('text/html').sendFile('index.html')
    }
    return reply.status(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`))
  })

  return http
}
