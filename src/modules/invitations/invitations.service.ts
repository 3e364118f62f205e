/**
 * Invitations (招待): admins invite people by email with a role; the single link (7 days)
 * either creates the account or adds the existing account to the tenant, then signs in.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { normalizePermissions } from '../../platform/access/roles.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { hashSecret, randomSecret, verifyPassword } from '../../platform/auth/credentials.ts'
import type { Config } from '../../platform/config.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import {
  buildSessionView,
  createSession,
  ipThrottleError,
  lockoutError,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  type RequestInfo,
  type SignedIn,
} from '../auth/index.ts'
import { addMembership, assertPasswordStrength, createUserAccount, normalizeEmail } from '../tenancy/index.ts'
import { invitationMail } from './invitations.mail.ts'
import {
  deleteInvitationRow,
  findInvitation,
  findInvitationByTokenHash,
  insertInvitation,
  type InvitationRow,
  isMemberByEmail,
  listInvitationRows,
  mailContext,
  markInvitationAccepted,
  pendingInvitationsFor,
  roleName,
  teamExists,
} from './invitations.queries.ts'
import type { Invitation, InvitationAccept, InvitationCreate, InvitationCreated, InvitationPreview } from './invitations.schema.ts'

const OBJECT = 'invitations'
const INVITATION_TTL_MS = 7 * 24 * 3_600_000

const invalidLink = () =>
  new AppError('not_found', 'This invitation link is invalid, has expired or was already used. Please ask for a new invitation.')

export function presentInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    roleId: row.roleId,
    roleName: row.roleName,
    teamId: row.teamId,
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt ? row.acceptedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }
}

function auditable(row: InvitationRow): Record<string, unknown> {
  return { email: row.email, roleId: row.roleId, teamId: row.teamId, expiresAt: row.expiresAt, acceptedAt: row.acceptedAt }
}

export async function listInvitations(ctx: ServiceContext, query: { limit: number; cursor?: string }): Promise<Page<Invitation>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  const rows = await listInvitationRows(ctx, { limit: query.limit, beforeId: after ? String(after[0]) : null })
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentInvitation), nextCursor: page.nextCursor }
}

/**
 * Creates the invitation and returns it with its link and the email to send once the
 * transaction has committed. A new invitation to the same address replaces a pending one.
 */
export async function createInvitation(
  ctx: ServiceContext,
  input: InvitationCreate,
  publicUrl: string,
): Promise<{ invitation: InvitationCreated; mail: MailMessage }> {
  authorize(ctx, OBJECT, 'create')
  const email = normalizeEmail(input.email)
  const details = []
  const role = await roleName(ctx, input.roleId)
  if (role === null) details.push({ path: 'roleId', message: 'No such role in this company.' })
  if (input.teamId && !(await teamExists(ctx, input.teamId))) details.push({ path: 'teamId', message: 'No such team in this company.' })
  if (details.length > 0) throw invalid('Some references do not exist.', details)
  if (await isMemberByEmail(ctx, email)) {
    throw conflict('This person is already a member of this company.', [{ path: 'email', message: 'Already a member.' }])
  }
  for (const previous of await pendingInvitationsFor(ctx, email)) {
    await deleteInvitationRow(ctx, previous.id)
    await recordAudit(ctx, { objectType: OBJECT, objectId: previous.id, action: 'delete', before: auditable(previous) })
  }

  const token = randomSecret(32)
  const id = newId()
  await insertInvitation(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    email,
    roleId: input.roleId,
    teamId: input.teamId ?? null,
    tokenHash: hashSecret(token),
    invitedBy: ctx.actor.userId,
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  })
  const created = await findInvitation(ctx, id)
  if (!created) throw notFound('Invitation')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'invitation.created', { objectType: OBJECT, objectId: id, payload: { email, roleId: input.roleId } })

  const acceptUrl = `${publicUrl}/invite?token=${encodeURIComponent(token)}`
  const about = await mailContext(ctx)
  const mail = invitationMail({ to: email, ...about, roleName: created.roleName, link: acceptUrl, expiresAt: created.expiresAt })
  return { invitation: { ...presentInvitation(created), acceptUrl }, mail }
}

export async function revokeInvitation(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findInvitation(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Invitation')
  if (before.acceptedAt) {
    throw conflict('This invitation was already accepted; remove the member from the user list instead.')
  }
  await deleteInvitationRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'invitation.revoked', { objectType: OBJECT, objectId: id, payload: { email: before.email } })
}

/** What the accept page shows before the invitee commits to anything. Public. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  return inSystemTransaction(db, async (tx) => {
    const invitation = await findInvitationByTokenHash(tx, hashSecret(token))
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) throw invalidLink()
    return { email: invitation.email, tenantName: invitation.tenantName }
  })
}

type Outcome = { ok: true; value: SignedIn } | { ok: false; error: AppError }

/**
 * Accepts an invitation and signs in. A new address gets an account with the given name
 * and password; an address that already has an account must give that account's password
 * (guesses count towards the sign-in lockout, like the login form).
 */
export async function acceptInvitation(db: Db, config: Config, input: InvitationAccept, info: RequestInfo): Promise<SignedIn> {
  const outcome = await inSystemTransaction(db, async (tx): Promise<Outcome> => {
    const invitation = await findInvitationByTokenHash(tx, hashSecret(input.token))
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) throw invalidLink()
    const email = invitation.email
    const existing = await tx
      .selectFrom('users')
      .select(['id', 'name', 'passwordHash', 'lockedUntil'])
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst()

    let userId: string
    let name: string
    if (existing) {
      const throttled = (await ipThrottleError(tx, config, info.ip)) ?? (await lockoutError(tx, config, email, existing))
      if (throttled) return { ok: false, error: throttled }
      if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, input.password))) {
        await recordFailedSignIn(tx, config, email, existing, null, info)
        return {
          ok: false,
          error: invalid('This email address already has a Daifuku account. Enter the password of that account to join.', [
            { path: 'password', message: 'Incorrect password for the existing account.' },
          ]),
        }
      }
      const alreadyMember = await tx
        .selectFrom('memberships')
        .select('id')
        .where('tenantId', '=', invitation.tenantId)
        .where('userId', '=', existing.id)
        .executeTakeFirst()
      if (alreadyMember) throw conflict('You are already a member of this company. Sign in instead.')
      userId = existing.id
      name = existing.name
    } else {
      assertPasswordStrength(input.password)
      userId = await createUserAccount(tx, { email, name: input.name, password: input.password })
      name = input.name.trim()
    }
    await addMembership(tx, { tenantId: invitation.tenantId, userId, roleId: invitation.roleId, teamId: invitation.teamId })
    await markInvitationAccepted(tx, invitation.id)

    // The new member is the actor of their own joining.
    const ctx: ServiceContext = {
      tx,
      requestId: info.requestId,
      ip: info.ip,
      actor: {
        tenantId: invitation.tenantId,
        userId,
        tokenId: null,
        teamId: invitation.teamId,
        role: { id: invitation.roleId, key: invitation.roleKey, name: invitation.roleName, permissions: normalizePermissions(invitation.permissions, invitation.roleKey, false) },
      },
    }
    await recordAudit(ctx, { objectType: OBJECT, objectId: invitation.id, action: 'accept', changes: { acceptedBy: { before: null, after: email } } })
    await recordAudit(ctx, { objectType: 'users', objectId: userId, action: 'create', after: { email, name, roleId: invitation.roleId, teamId: invitation.teamId } })
    await emitEvent(ctx, 'invitation.accepted', { objectType: OBJECT, objectId: invitation.id, payload: { email, userId, newAccount: !existing } })
    await emitEvent(ctx, 'user.added', { objectType: 'users', objectId: userId, payload: { email, roleId: invitation.roleId } })

    await recordSuccessfulSignIn(tx, email, userId, invitation.tenantId, info)
    const cookie = await createSession(tx, { userId, tenantId: invitation.tenantId, ip: info.ip, userAgent: info.userAgent, ttlHours: config.sessionTtlHours })
    return { ok: true, value: { session: await buildSessionView(tx, userId, invitation.tenantId, cookie.csrfToken), cookie } }
  })
  if (!outcome.ok) throw outcome.error
  return outcome.value
}
