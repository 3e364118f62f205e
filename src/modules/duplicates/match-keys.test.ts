/**
 * Stored 名寄せ keys sent with bulk-written contacts (migration 0408) must be exactly what the database computes,
 * and the database must keep computing them for every other writer.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { contactMatchKeys, type ContactKeySource } from '../../platform/japanese/match-keys.ts'
import { asUser, createTestTenant, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createContact, updateContact } from '../contacts/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const CONTACTS: ContactKeySource[] = [
  { familyName: '髙橋', givenName: '一郎', displayName: '髙橋 一郎', familyNameKana: 'ﾀｶﾊｼ', givenNameKana: 'イチロウ', emails: [{ address: 'Ichiro@Example.JP' }, { address: 'ｉｃｈｉｒｏ@example.jp' }], phones: [{ number: '03-1234-5678' }, { number: '+81 90 1111 2222' }, { number: '内線123' }] },
  { familyName: null, givenName: null, displayName: 'ジョン・スミス', familyNameKana: null, givenNameKana: null, emails: [], phones: [] },
  { familyName: '渡邊', givenName: null, displayName: '渡邊', familyNameKana: 'わたなべ', givenNameKana: '', emails: [{ address: 'b@x.jp' }, { address: 'A@x.jp' }], phones: [{ number: '０９０（３３３３）４４４４' }] },
  { familyName: 'Smith', givenName: 'JOHN', displayName: 'John Smith', emails: [{ address: 'JOHN.SMITH@EXAMPLE.COM' }], phones: [{ number: '+1 (415) 555-0100' }] },
]

// Where JavaScript and the database's C character type fold differently: left to the database.
const APART: ContactKeySource[] = [
  { familyName: 'Émile', givenName: 'Zola', displayName: 'Émile Zola', familyNameKana: 'エミール', givenNameKana: 'ゾラ', emails: [{ address: 'ÉMILE@example.fr' }], phones: [{ number: '\t+81 3 1234 5678' }] },
]

async function sqlKeys(contact: ContactKeySource) {
  const row = await sql<{ name: string; kana: string; emails: string[]; phones: string[] }>`select
      daifuku_person_key(${contact.familyName ?? null}::text, ${contact.givenName ?? null}::text, ${contact.displayName ?? null}::text) as name,
      daifuku_kana_key(${contact.familyNameKana ?? null}::text, ${contact.givenNameKana ?? null}::text) as kana,
      daifuku_email_keys(${JSON.stringify(contact.emails ?? [])}::jsonb) as emails,
      daifuku_phone_keys(${JSON.stringify(contact.phones ?? [])}::jsonb) as phones`.execute(t.app.db)
  const r = row.rows[0]!
  return { matchName: r.name, matchKana: r.kana, matchEmails: r.emails, matchPhones: r.phones }
}

describe('名寄せ keys sent with bulk rows', () => {
  it('contactMatchKeys gives what daifuku_person_key, daifuku_kana_key, daifuku_email_keys and daifuku_phone_keys give', async () => {
    for (const contact of CONTACTS) expect(contactMatchKeys(contact)).toEqual(await sqlKeys(contact))
  })

  it('leaves a key to the database where JavaScript would fold it otherwise (lower case beyond A–Z, tabs)', async () => {
    const keys = contactMatchKeys(APART[0]!)
    expect(keys).toMatchObject({ matchName: null, matchEmails: null, matchPhones: null })
    expect(keys.matchKana).toBe((await sqlKeys(APART[0]!)).matchKana)
  })

  it('the database fills the keys a writer does not send and recomputes them when what they are made of changes', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    // createContact sends no keys: the insert trigger computes them.
    const contact = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '髙橋', givenName: '一郎', familyNameKana: 'タカハシ', emails: [{ type: 'work', address: 'Taka@Example.jp', primary: true }], phones: [{ type: 'work', number: '03-1234-5678', primary: true }] }),
    )
    const stored = async () =>
      (
        await inTenantTransaction(t.app.db, tenantId, (tx) =>
          sql<{ matchName: string; matchKana: string; matchEmails: string[]; matchPhones: string[] }>`select match_name as "matchName", match_kana as "matchKana",
            match_emails as "matchEmails", match_phones as "matchPhones" from contacts where id = ${contact.id}`.execute(tx),
        )
      ).rows[0]!
    expect(await stored()).toEqual({ matchName: '高橋一郎', matchKana: 'たかはし', matchEmails: ['taka@example.jp'], matchPhones: ['0312345678'] })
    // An update of the name and the e-mail recomputes them (the update trigger), as the generated columns did.
    await asUser(t.app, admin, (ctx) => updateContact(ctx, contact.id, { familyName: '渡邊', emails: [{ type: 'work', address: 'New@Example.jp', primary: true }] }))
    expect(await stored()).toMatchObject({ matchName: '渡辺一郎', matchEmails: ['new@example.jp'], matchPhones: ['0312345678'] })
  })
})
