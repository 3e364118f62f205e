import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact, deleteContact } from '../contacts/index.ts'
import { createActivity, deleteActivity, getActivity, listActivities, listMyTasks, updateActivity } from './activities.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const hour = 3_600_000
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

describe('activities', () => {
  it('a new task is open, normal priority, assigned to and owned by its creator, audited and announced', async () => {
    const { admin } = await createTestTenant(t.app)
    const task = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '見積書を送付する', dueAt: at(24 * hour) }))
    expect(task).toMatchObject({ kind: 'task', status: 'open', priority: 'normal', ownerId: admin.userId, assigneeId: admin.userId, completedAt: null, overdue: false })
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', task.id).execute())
    expect(audit.map((a) => a.action)).toEqual(['create'])
    expect(audit[0]!.changes.subject).toEqual({ before: null, after: '見積書を送付する' })
    const events = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('objectId', '=', task.id).execute())
    expect(events.map((e) => e.type)).toEqual(['activity.created'])
  })

  it('rejects fields of another kind, a meeting without a start, an end before the start and unknown references', async () => {
    const { admin } = await createTestTenant(t.app)
    const create = (input: Parameters<typeof createActivity>[1]) => asUser(t.app, admin, (ctx) => createActivity(ctx, input))
    await expect(create({ kind: 'note', subject: 'x', dueAt: at(hour) })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'dueAt' }] })
    await expect(create({ kind: 'call', subject: 'x', place: '本社' })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'place' }] })
    await expect(create({ kind: 'meeting', subject: 'x' })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'startsAt' }] })
    await expect(create({ kind: 'meeting', subject: 'x', startsAt: at(2 * hour), endsAt: at(hour) })).rejects.toMatchObject({ details: [{ path: 'endsAt' }] })
    await expect(create({ kind: 'note', subject: 'x', accountId: newId(), contactId: newId() })).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'accountId' }, { path: 'contactId' }],
    })
    const other = await createTestTenant(t.app)
    await expect(create({ kind: 'task', subject: 'x', assigneeId: other.admin.userId })).rejects.toMatchObject({ details: [{ path: 'assigneeId' }] })
    await expect(create({ kind: 'note', subject: 'x', relatedType: 'deals' })).rejects.toMatchObject({ details: [{ path: 'relatedId' }] })
    await expect(create({ kind: 'note', subject: 'x', relatedType: 'users', relatedId: admin.userId })).rejects.toMatchObject({ details: [{ path: 'relatedType' }] })
    await expect(create({ kind: 'note', subject: 'x', relatedType: 'accounts', relatedId: newId() })).rejects.toMatchObject({ details: [{ path: 'relatedId' }] })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Linked' }))
    await expect(create({ kind: 'note', subject: 'x', relatedType: 'accounts', relatedId: account.id })).resolves.toMatchObject({ relatedType: 'accounts', relatedId: account.id })
  })

  it('logs a meeting with colleagues as attendees, who then see it even without team visibility', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: '佐藤 花子' })
    const stranger = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社丸福' }))
    const meeting = await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: '定例会議', startsAt: at(hour), endsAt: at(2 * hour), place: '丸福 本社 3F', accountId: account.id, attendeeUserIds: [colleague.userId, colleague.userId] }),
    )
    expect(meeting.attendees).toEqual([{ userId: colleague.userId, contactId: null, name: '佐藤 花子' }])
    expect(meeting.accountName).toBe('株式会社丸福')
    await expect(asUser(t.app, colleague, (ctx) => getActivity(ctx, meeting.id))).resolves.toMatchObject({ subject: '定例会議' })
    // Sales sees its team's records; the stranger has no team, owns nothing here and is not invited.
    await expect(asUser(t.app, stranger, (ctx) => getActivity(ctx, meeting.id))).rejects.toMatchObject({ code: 'not_found' })
    const updated = await asUser(t.app, admin, (ctx) => updateActivity(ctx, meeting.id, { attendeeUserIds: [stranger.userId] }))
    expect(updated.attendees!.map((a) => a.userId)).toEqual([stranger.userId])
    await expect(asUser(t.app, colleague, (ctx) => getActivity(ctx, meeting.id))).rejects.toMatchObject({ code: 'not_found' })
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select('changes').where('objectId', '=', meeting.id).where('action', '=', 'update').executeTakeFirstOrThrow(),
    )
    expect(audit.changes.attendees).toEqual({ before: [colleague.userId], after: [stranger.userId] })
  })

  it('completing a task stamps completedAt, reopening clears it, and the kind cannot change', async () => {
    const { admin } = await createTestTenant(t.app)
    const task = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '電話をかけ直す', dueAt: at(-hour) }))
    expect(task.overdue).toBe(true)
    const done = await asUser(t.app, admin, (ctx) => updateActivity(ctx, task.id, { status: 'done' }))
    expect(done.completedAt).not.toBeNull()
    expect(done.overdue).toBe(false)
    const reopened = await asUser(t.app, admin, (ctx) => updateActivity(ctx, task.id, { status: 'open' }))
    expect(reopened.completedAt).toBeNull()
    await expect(asUser(t.app, admin, (ctx) => updateActivity(ctx, task.id, { startsAt: at(0) }))).rejects.toMatchObject({ code: 'invalid' })
    const http = client(t.http, await signIn(t.http, admin))
    expect((await http.patch(`/api/v1/activities/${task.id}`, { kind: 'note' })).statusCode).toBe(400)
  })

  it('filters by account, kind and overdue, and pages the timeline newest first without gaps', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Acme' }))
    const ids: string[] = []
    for (let i = 0; i < 7; i++) {
      const kind = (['note', 'call', 'task'] as const)[i % 3]!
      const a = await asUser(t.app, admin, (ctx) =>
        createActivity(ctx, { kind, subject: `活動 ${i}`, accountId: account.id, ...(kind === 'task' ? { dueAt: at(i === 2 ? -hour : hour) } : {}), ...(kind === 'call' ? { direction: 'outbound', durationSeconds: 120 } : {}) }),
      )
      ids.push(a.id)
    }
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'note', subject: 'unrelated' }))
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 3, accountId: account.id, cursor }))
      seen.push(...page.data.map((a) => a.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    const calls = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 50, accountId: account.id, kind: 'call' }))
    expect(calls.data.map((a) => a.subject)).toEqual(['活動 4', '活動 1'])
    expect(calls.data[0]).toMatchObject({ direction: 'outbound', durationSeconds: 120 })
    const overdue = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 50, overdue: 'true' }))
    expect(overdue.data.map((a) => a.subject)).toEqual(['活動 2'])
    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.get(`/api/v1/activities?accountId=${account.id}&kind=task&limit=1`)
    expect(response.statusCode).toBe(200)
    expect(response.json().data).toHaveLength(1)
    expect(response.json().nextCursor).toEqual(expect.any(String))
  })

  it('filters by the activity time (start, due, sent, else logged) and by assignee and status', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const mk = (input: Parameters<typeof createActivity>[1]) => asUser(t.app, admin, (ctx) => createActivity(ctx, input))
    await mk({ kind: 'meeting', subject: 'dec meeting', startsAt: '2030-12-05T01:00:00Z' })
    await mk({ kind: 'task', subject: 'dec task', dueAt: '2030-12-20T01:00:00Z', assigneeId: other.userId })
    await mk({ kind: 'email', subject: 'dec mail', sentAt: '2030-12-31T23:59:59Z', emailFrom: 'a@example.test', emailTo: 'b@example.test' })
    await mk({ kind: 'task', subject: 'jan task', dueAt: '2031-01-01T00:00:00Z' })
    await mk({ kind: 'note', subject: 'today note' })
    const december = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 50, from: '2030-12-01T00:00:00Z', to: '2031-01-01T00:00:00Z' }))
    expect(december.data.map((a) => a.subject).sort()).toEqual(['dec mail', 'dec meeting', 'dec task'])
    const theirs = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 50, assigneeId: other.userId, status: 'open' }))
    expect(theirs.data.map((a) => a.subject)).toEqual(['dec task'])
    const http = client(t.http, await signIn(t.http, admin))
    const today = await http.get(`/api/v1/activities?from=${encodeURIComponent(at(-hour))}&to=${encodeURIComponent(at(hour))}`)
    expect(today.json().data.map((a: { subject: string }) => a.subject)).toEqual(['today note'])
  })

  it('"my tasks" lists tasks assigned to me, soonest due first and undated last, across pages', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const me = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const make = (subject: string, dueAt: string | null, assigneeId = me.userId) =>
      asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject, dueAt, assigneeId }))
    await make('later', at(48 * hour))
    await make('undated', null)
    await make('overdue', at(-2 * hour))
    await make('soon', at(hour))
    await make('not mine', at(hour), admin.userId)
    const closed = await make('closed', at(hour))
    await asUser(t.app, admin, (ctx) => updateActivity(ctx, closed.id, { status: 'done' }))
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, me, (ctx) => listMyTasks(ctx, { limit: 2, status: 'open', cursor }))
      seen.push(...page.data.map((a) => a.subject!))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(['overdue', 'soon', 'later', 'undated'])
    const overdue = await asUser(t.app, me, (ctx) => listMyTasks(ctx, { limit: 50, status: 'open', overdue: 'true' }))
    expect(overdue.data.map((a) => a.subject)).toEqual(['overdue'])
  })

  it('the read-only role reads but cannot write; a hidden field is omitted and cannot be set', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const note = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'note', subject: 'メモ', body: '社外秘' }))
    await expect(asUser(t.app, reader, (ctx) => getActivity(ctx, note.id))).resolves.toMatchObject({ subject: 'メモ' })
    await expect(asUser(t.app, reader, (ctx) => createActivity(ctx, { kind: 'note', subject: 'x' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => deleteActivity(ctx, note.id))).rejects.toMatchObject({ code: 'forbidden' })
    const roleId = await inTenantTransaction(t.app.db, tenantId, async (tx) => {
      const role = await tx.selectFrom('roles').select(['id', 'permissions']).where('key', '=', 'sales').executeTakeFirstOrThrow()
      const permissions = { ...role.permissions, fields: { activities: { body: 'hidden' as const } } }
      await tx.updateTable('roles').set({ permissions: JSON.stringify(permissions) as never }).where('id', '=', role.id).execute()
      return role.id
    })
    const seller = await createTestUser(t.app, tenantId, { roleId })
    const mine = await asUser(t.app, seller, (ctx) => createActivity(ctx, { kind: 'note', subject: '見えない本文' }))
    expect(mine).not.toHaveProperty('body')
    await expect(asUser(t.app, seller, (ctx) => createActivity(ctx, { kind: 'note', subject: 'x', body: 'y' }))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('links activities to a contact and lists them on the contact; a deleted contact leaves the history', async () => {
    const { admin } = await createTestTenant(t.app)
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '田中', givenName: '太郎', familyNameKana: 'タナカ', givenNameKana: 'タロウ' }))
    const call = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'call', subject: '新製品のご案内', contactId: contact.id, direction: 'outbound' }))
    expect(call).toMatchObject({ contactId: contact.id, contactName: contact.displayName })
    const meeting = await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: '訪問', startsAt: at(hour), attendeeUserIds: [admin.userId], attendeeContactIds: [contact.id] }),
    )
    expect(meeting.attendees).toEqual(expect.arrayContaining([{ userId: null, contactId: contact.id, name: contact.displayName }]))
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'note', subject: 'other' }))
    const listed = await asUser(t.app, admin, (ctx) => listActivities(ctx, { limit: 50, contactId: contact.id }))
    expect(listed.data.map((a) => a.id)).toEqual([call.id])
    await asUser(t.app, admin, (ctx) => deleteContact(ctx, contact.id))
    await expect(asUser(t.app, admin, (ctx) => getActivity(ctx, call.id))).resolves.toMatchObject({ contactId: null, subject: '新製品のご案内' })
    const after = await asUser(t.app, admin, (ctx) => getActivity(ctx, meeting.id))
    expect(after.attendees!.map((a) => a.userId)).toEqual([admin.userId])
  })

  it('another tenant can neither see nor change an activity', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const note = await asUser(t.app, a.admin, (ctx) => createActivity(ctx, { kind: 'note', subject: 'Secret' }))
    await expect(asUser(t.app, b.admin, (ctx) => getActivity(ctx, note.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => updateActivity(ctx, note.id, { subject: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => deleteActivity(ctx, note.id))).rejects.toMatchObject({ code: 'not_found' })
    const list = await asUser(t.app, b.admin, (ctx) => listActivities(ctx, { limit: 200 }))
    expect(list.data.map((x) => x.id)).not.toContain(note.id)
  })
})
