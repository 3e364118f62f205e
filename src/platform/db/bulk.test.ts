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
    const read = async (values: string[]) => (await sql<{ v: string[] }>`select ${textArrayLiteral(values)}::text[] as v`.execute(t.app.db)).rows[0]!.v
    // Written by JSON.stringify (the usual path) …
    const plain = ['山', 'a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h ', '𠮷野', '', '\\"']
    expect(await read(plain)).toEqual(plain)
    // … and element by element when JSON would escape a character another way (control characters).
    const control = ['i\u0001j', 'k\nl', 'a"b', 'c\\d']
    expect(await read(control)).toEqual(control)
    expect(await read([])).toEqual([])
  })
})
