import { isResponseSerializationError } from 'fastify-type-provider-zod'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { firstDifference, responseSerializerCompiler, UndeclaredResponseError } from './serializer.ts'

const Person = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()), company: z.object({ id: z.string(), name: z.string() }).nullable() })
const Page = z.object({ data: z.array(Person), nextCursor: z.string().nullable() })
const serializerFor = (checked: boolean) =>
  responseSerializerCompiler({ checked })({ schema: Page, method: 'GET', url: '/people', httpStatus: '200' } as never) as (data: unknown) => string

const page = {
  data: [
    { id: 'a', name: '山田 太郎', tags: ['名刺交換'], company: { id: 'c', name: '大福商事' } },
    { id: 'b', name: '佐藤 花子', tags: [], company: null },
  ],
  nextCursor: null,
}

describe('response serializer', () => {
  it('checked: an answer that is exactly its schema is written as it is', () => {
    expect(JSON.parse(serializerFor(true)(page))).toEqual(page)
  })

  it('checked: a field the schema does not declare is an error naming where it is, not dropped quietly', () => {
    const leaking = { ...page, data: [page.data[0], { ...page.data[1], passwordHash: 'x' }] }
    expect(() => serializerFor(true)(leaking)).toThrow(UndeclaredResponseError)
    expect(() => serializerFor(true)(leaking)).toThrow(/data\[1\]\.passwordHash/)
    const nested = { ...page, data: [{ ...page.data[0], company: { id: 'c', name: '大福商事', tenantId: 't' } }] }
    expect(() => serializerFor(true)(nested)).toThrow(/data\[0\]\.company\.tenantId/)
  })

  it('checked: a value of the wrong type is refused by the schema', () => {
    const wrong = { ...page, data: [{ ...page.data[0], tags: 'a,b' }] }
    let caught: unknown
    try {
      serializerFor(true)(wrong)
    } catch (error) {
      caught = error
    }
    expect(isResponseSerializationError(caught)).toBe(true)
  })

  it('trusted (production): the answer is written with JSON.stringify, the schema is not consulted', () => {
    expect(serializerFor(false)(page)).toBe(JSON.stringify(page))
    // Why the checked mode runs in every test: production would write this field.
    expect(serializerFor(false)({ ...page, secret: 1 })).toContain('"secret":1')
  })

  it('firstDifference ignores key order and names the first path that differs', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBeNull()
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 3 }] })).toBe('b[1].c')
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toBe('a (length 2, schema 1)')
    expect(firstDifference(1, 2)).toBe('(root)')
  })
})

describe('which mode a server runs', () => {
  it('checks outside production, trusts in production, and DAIFUKU_CHECK_RESPONSES decides when set', async () => {
    const { loadConfig } = await import('../config.ts')
    expect(loadConfig({ NODE_ENV: 'test' }).checkResponses).toBe(true)
    expect(loadConfig({}).checkResponses).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production' }).checkResponses).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', DAIFUKU_CHECK_RESPONSES: 'true' }).checkResponses).toBe(true)
    expect(loadConfig({ NODE_ENV: 'test', DAIFUKU_CHECK_RESPONSES: 'false' }).checkResponses).toBe(false)
  })
})
