/**
 * Every failure leaves the API as `{ error: { code, message, details } }` with the right
 * status. This is the one place that maps errors to HTTP; nothing else writes error bodies.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { AppError, type ErrorCode, type ErrorDetail, httpStatusOf, isUniqueViolation } from '../errors.ts'

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details: ErrorDetail[] }
}

export function errorBody(code: ErrorCode | string, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } }
}

interface ValidationIssue {
  keyword?: string
  message?: string
  instancePath?: string
  params?: { keys?: string[] }
}

/** One detail per bad field: "body.name"-style paths relative to the body/query/params. */
function validationDetails(scope: string | undefined, issues: ValidationIssue[]): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const base = (issue.instancePath ?? '').split('/').filter(Boolean)
    if (issue.keyword === 'unrecognized_keys' && issue.params?.keys) {
      return issue.params.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unknown field.' }))
    }
    return [{ path: base.join('.') || scope || '', message: issue.message ?? 'Invalid value.' }]
  })
}

/** Fastify's own error codes for bad requests, and what we tell the caller. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid', message: 'The request body is empty but Content-Type is application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'invalid', message: 'Unsupported Content-Type; send application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid', message: 'Content-Length does not match the body.' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid', message: 'The URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'invalid', message: 'The request could not be routed.' },
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    return reply.status(httpStatusOf[error.code]).send(errorBody(error.code, error.message, error.details))
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const scope = (error as { validationContext?: string }).validationContext
    const details = validationDetails(scope, error.validation as ValidationIssue[])
    return reply.status(400).send(errorBody('invalid', `The request ${scope ?? 'input'} is invalid.`, details))
  }
  if (error.code && FASTIFY_CLIENT_ERRORS[error.code]) {
    const known = FASTIFY_CLIENT_ERRORS[error.code]!
    return reply.status(known.status).send(errorBody(known.code, known.message))
  }
  if (error.statusCode === 429) {
    return reply.status(429).send(errorBody('rate_limited', 'Too many requests. Please wait and try again.'))
  }
  if (isUniqueViolation(error)) {
    return reply.status(409).send(errorBody('conflict', 'A record with the same unique value already exists.'))
  }
  if ((error as { code?: string }).code === '22P02' || (error as { code?: string }).code === '22007') {
    // invalid_text_representation / invalid_datetime_format from PostgreSQL: caller's value, not our bug
    return reply.status(400).send(errorBody('invalid', 'A value has the wrong format.'))
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.status(error.statusCode).send(errorBody('invalid', error.message))
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema')
  } else {
    request.log.error({ err: error }, 'unhandled error')
  }
  return reply.status(500).send(errorBody('internal', `Something went wrong on our side. Request id: ${request.id}`))
}
