import { CamelCasePlugin, type QueryResult, type UnknownRow } from 'kysely'
import { describe, expect, it } from 'vitest'
import { CamelCaseResultsPlugin } from './camel-case.ts'

const transform = (plugin: CamelCasePlugin, rows: UnknownRow[]) =>
  plugin.transformResult({ queryId: { queryId: 'q' }, result: { rows } as QueryResult<UnknownRow> })

describe('CamelCaseResultsPlugin', () => {
  it('maps rows exactly as Kysely’s CamelCasePlugin does (nested objects, arrays, dates, buffers, nulls)', async () => {
    const when = new Date('2026-12-07T10:00:00Z')
    const rows = () => [
      { contact_id: 'a', created_at: when, display_name: '田中 太郎', custom_json: '{"snake_key":1}', emails: [{ is_primary: true, address: 'a@example.jp' }], tags: ['VIP'], owner: { user_name: 'x', team: { team_id: 't' } }, raw_bytes: Buffer.from('ab'), nothing: null, count_all: 3, flag: false },
      { contact_id: 'b', created_at: when, display_name: 'ﾀﾅｶ', custom_json: null, emails: [], tags: [], owner: null, raw_bytes: null, nothing: null, count_all: 0, flag: true },
    ]
    const fast = await transform(new CamelCaseResultsPlugin(), rows())
    const reference = await transform(new CamelCasePlugin(), rows())
    expect(fast).toEqual(reference)
    expect(fast.rows[0]).toMatchObject({ contactId: 'a', createdAt: when, emails: [{ isPrimary: true }], owner: { userName: 'x', team: { teamId: 't' } }, customJson: '{"snake_key":1}' })
    expect(fast.rows[0]!.createdAt).toBeInstanceOf(Date)
    expect((await transform(new CamelCaseResultsPlugin(), [])).rows).toEqual([])
  })
})
