/**
 * Users (ユーザー): the members of a tenant — who they are, their role, team and status.
 * Every write checks the role, keeps at least one active admin, audits and emits an event.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { conflict, type ErrorDetail, forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { revokeTokensOfUser } from '../api-tokens/index.ts'
import { findRole } from '../roles/index.ts'
import { teamExists } from '../teams/index.ts'
import { addMembership, createUserAccount, normalizeEmail } from '../tenancy/index.ts'
import {
  countOtherActiveAdmins,
  deleteMembershipRow,
  deleteTenantSessions,
  findMember,
  findUserIdByEmail,
  listMemberRows,
  type MemberRow,
  updateMembershipRow,
  updateUserName,
} from './users.queries.ts'
import type { User, UserCreate, UserListQuery, UserPatch } from './users.schema.ts'

const OBJECT = 'users'

function presentUser(row: MemberRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roleId: row.roleId,
    roleName: row.roleName,
    teamId: row.teamId,
    teamName: row.teamName,
    status: row.status,
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }
}

function auditable(row: MemberRow): Record<string, unknown> {
  return { email: row.email, name: row.name, roleId: row.roleId, teamId: row.teamId, status: row.status }
}

const isActiveAdmin = (row: { roleKey: string; roleIsSystem: boolean; status: string }) =>
  row.roleKey === 'admin' && row.roleIsSystem && row.status === 'active'

/** Checks role and team belong to this tenant; only an admin may hand out the admin role. */
async function assertReferences(ctx: ServiceContext, input: { roleId?: string; teamId?: string | null }): Promise<void> {
  const details: ErrorDetail[] = []
  let grantsAdmin = false
  if (input.roleId) {
    const role = await findRole(ctx, input.roleId)
    if (!role) details.push({ path: 'roleId', message: 'No such role in this tenant.' })
    else grantsAdmin = role.isSystem && role.key === 'admin'
  }
  if (input.teamId && !(await teamExists(ctx, input.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  if (details.length > 0) throw invalid('Some references do not exist.', details)
  if (grantsAdmin && ctx.actor.role.key !== 'admin') throw forbidden('Only an administrator may give someone the administrator role.')
}

/** The tenant must keep an active administrator, or nobody could ever manage it again. */
async function assertAnotherAdminRemains(ctx: ServiceContext, userId: string, what: string): Promise<void> {
  if ((await countOtherActiveAdmins(ctx, userId)) === 0) {
    throw conflict(`${what} would leave this tenant without an active administrator. Make someone else an administrator first.`, [
      { path: 'id', message: 'Last active administrator.' },
    ])
  }
}

export async function listUsers(ctx: ServiceContext, query: UserListQuery): Promise<Page<User>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  const rows = await listMemberRows(ctx, { limit: query.limit, q: query.q, after: after ? String(after[0]) : null })
  const page = toPage(rows, query.limit, (row) => [row.membershipId])
  return { data: page.data.map(presentUser), nextCursor: page.nextCursor }
}

export async function getUser(ctx: ServiceContext, id: string): Promise<User> {
  authorize(ctx, OBJECT, 'read')
  const row = await findMember(ctx, id)
  if (!row) throw notFound('User')
  return presentUser(row)
}

/**
 * Adds a person to the tenant: creates their account when the email is new, otherwise adds
 * the existing account (which keeps its own password; the given one is ignored).
 */
export async function createUser(ctx: ServiceContext, input: UserCreate): Promise<User> {
  authorize(ctx, OBJECT, 'create')
  await assertReferences(ctx, input)
  const email = normalizeEmail(input.email)
  let userId = await findUserIdByEmail(ctx, email)
  if (userId && (await findMember(ctx, userId))) {
    throw conflict('This person is already a member of this tenant.', [{ path: 'email', message: 'Already a member.' }])
  }
  userId ??= await createUserAccount(ctx.tx, { email, name: input.name, password: input.password })
  await addMembership(ctx.tx, { tenantId: ctx.actor.tenantId, userId, roleId: input.roleId, teamId: input.teamId ?? null })
  const created = await findMember(ctx, userId)
  if (!created) throw notFound('User')
  await recordAudit(ctx, { objectType: OBJECT, objectId: userId, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'user.added', { objectType: OBJECT, objectId: userId, payload: { email: created.email, roleId: created.roleId } })
  return presentUser(created)
}

export async function updateUser(ctx: ServiceContext, id: string, patch: UserPatch): Promise<User> {
  authorize(ctx, OBJECT, 'update')
  const before = await findMember(ctx, id, { forUpdate: true })
  if (!before) throw notFound('User')
  await assertReferences(ctx, patch)
  if (isActiveAdmin(before)) {
    const stillAdmin = patch.roleId === undefined || patch.roleId === before.roleId
    if (patch.status === 'disabled') await assertAnotherAdminRemains(ctx, id, 'Disabling this administrator')
    else if (!stillAdmin && (await findRole(ctx, patch.roleId!))?.key !== 'admin') await assertAnotherAdminRemains(ctx, id, 'Changing the role of this administrator')
  }
  if (patch.name !== undefined && patch.name !== before.name) await updateUserName(ctx, id, patch.name)
  if (patch.roleId !== undefined || patch.teamId !== undefined || patch.status !== undefined) {
    await updateMembershipRow(ctx, id, { roleId: patch.roleId, teamId: patch.teamId, status: patch.status })
  }
  if (patch.status === 'disabled' && before.status !== 'disabled') await deleteTenantSessions(ctx, id)
  const after = await findMember(ctx, id)
  if (!after) throw notFound('User')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) {
    const type = before.status !== after.status ? (after.status === 'disabled' ? 'user.disabled' : 'user.enabled') : 'user.updated'
    await emitEvent(ctx, type, { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  }
  return presentUser(after)
}

/** Removes the person from this tenant (their account and other tenants are untouched). */
export async function deleteUser(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findMember(ctx, id, { forUpdate: true })
  if (!before) throw notFound('User')
  if (isActiveAdmin(before)) await assertAnotherAdminRemains(ctx, id, 'Removing this administrator')
  await deleteTenantSessions(ctx, id)
  await revokeTokensOfUser(ctx, id)
  await deleteMembershipRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'user.removed', { objectType: OBJECT, objectId: id, payload: { email: before.email } })
}
