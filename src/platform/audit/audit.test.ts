import { describe, expect, it } from 'vitest'
import { diffRecords } from './audit.ts'

describe('diffRecords', () => {
  const record = {
    tenantId: 't1',
    familyName: '田中',
    givenName: null,
    nickname: undefined,
    emails: [],
    tags: ['vip'],
    custom: { rank: 'A' },
    birthday: new Date('2001-02-03T00:00:00Z'),
    score: Number.NaN,
    updatedAt: new Date(),
    passwordHash: 'secret',
  }

  it('records every field with a value of a new record, and nothing else', () => {
    expect(diffRecords(null, record)).toEqual({
      familyName: { before: null, after: '田中' },
      emails: { before: null, after: [] },
      tags: { before: null, after: ['vip'] },
      custom: { before: null, after: { rank: 'A' } },
      birthday: { before: null, after: '2001-02-03T00:00:00.000Z' },
    })
  })

  it('records a deleted record the other way round', () => {
    expect(diffRecords(record, null)).toEqual({
      familyName: { before: '田中', after: null },
      emails: { before: [], after: null },
      tags: { before: ['vip'], after: null },
      custom: { before: { rank: 'A' }, after: null },
      birthday: { before: '2001-02-03T00:00:00.000Z', after: null },
    })
  })

  it('gives for a new record what comparing with an empty one gives', () => {
    const empty = Object.fromEntries(Object.keys(record).map((key) => [key, null]))
    expect(diffRecords(null, record)).toEqual(diffRecords(empty, record))
    expect(diffRecords(record, null)).toEqual(diffRecords(record, empty))
  })

  it('compares an update field by field, by value', () => {
    expect(diffRecords({ ...record, tags: ['vip'] }, { ...record, tags: ['vip'], familyName: '髙橋', givenName: '一郎' })).toEqual({
      familyName: { before: '田中', after: '髙橋' },
      givenName: { before: null, after: '一郎' },
    })
  })
})
