import { describe, expect, it } from 'vitest'
import { isUuid, newId } from './ids.ts'

describe('newId', () => {
  it('makes UUIDv7 keys that are unique, in creation order, stamped with the time and random in their tail', () => {
    const before = Date.now()
    const ids = Array.from({ length: 20_000 }, () => newId())
    const after = Date.now()
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    for (const id of [ids[0]!, ids.at(-1)!]) {
      expect(isUuid(id)).toBe(true)
      expect(id[14]).toBe('7')
      expect('89ab').toContain(id[19])
      const stamp = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
      expect(stamp).toBeGreaterThanOrEqual(before)
      expect(stamp).toBeLessThanOrEqual(after)
    }
    // The last 48 bits come from the random source: across 20,000 ids (more than the 4 KiB buffer holds) they repeat
    // almost never and use every hex digit.
    const tails = new Set(ids.map((id) => id.slice(24)))
    expect(tails.size).toBeGreaterThan(19_990)
    expect(new Set(ids.map((id) => id.slice(24)).join('')).size).toBe(16)
  })
})
