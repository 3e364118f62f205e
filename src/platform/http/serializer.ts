/**
 * How a route's answer becomes JSON (docs/decisions/0036-responses-checked-in-tests-trusted-in-production.md).
 *
 * Checked (development and tests): the answer is encoded with its route's zod schema, and it must already be exactly
 * what the schema describes — a field the schema does not declare, or a value the schema would change, is an error
 * (500) instead of being dropped quietly. Trusted (production): the answer is written as it is, with JSON.stringify.
 * The checked mode is what makes the trusted one safe: every answer the tests see has no extra field to leak, so
 * leaving the schema out of the production path changes no field and no value of any answer (only, at most, the
 * order of keys), and saves re-checking every object of every list page (more than half of a 50-contact page's
 * serialisation time).
 */
import { isDeepStrictEqual } from 'node:util'
import type { FastifySerializerCompiler } from 'fastify/types/schema.js'
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod'

/** Where two JSON values first differ, as a path (`data[3].tenantId`), or null when they are equal. */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | null {
  if (isDeepStrictEqual(actual, expected)) return null
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path || '(root)'} (length ${actual.length}, schema ${expected.length})`
    for (let i = 0; i < actual.length; i++) {
      const found = firstDifference(actual[i], expected[i], `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  if (isObject(actual) && isObject(expected)) {
    for (const key of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
      const found = firstDifference(actual[key], expected[key], path ? `${path}.${key}` : key)
      if (found) return found
    }
    return null
  }
  return path || '(root)'
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

export class UndeclaredResponseError extends Error {
  constructor(route: string, path: string) {
    super(`The answer of ${route} is not exactly what its response schema describes, at ${path}: a field the schema does not declare, or a value it would change. Production writes answers as they are, so fix the route or its schema.`)
    this.name = 'UndeclaredResponseError'
  }
}

export function responseSerializerCompiler(options: { checked: boolean }): FastifySerializerCompiler<unknown> {
  return (route) => {
    if (!options.checked) return (data: unknown) => JSON.stringify(data)
    const encode = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0])
    return (data: unknown) => {
      const json = encode(data)
      // Compared as JSON: what production would write against what the schema lets through.
      const difference = firstDifference(JSON.parse(JSON.stringify(data)), JSON.parse(json))
      if (difference) throw new UndeclaredResponseError(`${route.method} ${route.url}`, difference)
      return json
    }
  }
}
