import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../testing/test-app.ts'
import { textArrayLiteral } from './bulk.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('bulk rows', () => {
  it('a text[] sent as an array literal reads back element for element: quotes, backslashes, commas, braces, 𠮷', async () => {
    const values = ['山', 'a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h ', '𠮷野', '', 'i\u0001j', 'k\nl']
    const row = await sql<{ v: string[] }>`select ${textArrayLiteral(values)}::text[] as v`.execute(t.app.db)
    expect(row.rows[0]!.v).toEqual(values)
    expect((await sql<{ v: string[] }>`select ${textArrayLiteral([])}::text[] as v`.execute(t.app.db)).rows[0]!.v).toEqual([])
  })
})
