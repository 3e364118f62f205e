/**
 * Tenants and who belongs to them. Creating a tenant or a user, and adding a user to a
 * tenant, are platform operations (CLI, seed, sign-up, invitation accept) that run
 * outside any one tenant's scope.
 */
import { sql } from 'kysely'
import { SYSTEM_ROLE_KEYS, SYSTEM_ROLE_NAMES, systemRolePermissions } from '../../platform/access/roles.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../platform/auth/credentials.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'

export interface CreateTenantInput {
  name: string
  slug?: string
  defaultLocale?: 'ja' | 'en'
  timeZone?: string
}

function slugify(name: string): string {
  const ascii = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return ascii.length >= 3 ? ascii.slice(0, 40) : `tenant-${newId().slice(-8)}`
}

/** Creates a tenant with the six built-in roles. Returns the tenant id. */
export async function createTenant(tx: Tx, input: CreateTenantInput): Promise<{ id: string; slug: string }> {
  const name = input.name.trim()
  if (!name) throw invalid('The company name is required.', [{ path: 'name', message: 'Required.' }])
  const slug = input.slug ?? slugify(name)
  const existing = await tx.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst()
  if (existing) throw conflict(`A tenant with the slug "${slug}" already exists.`, [{ path: 'slug', message: 'Taken.' }])
  const id = newId()
  await tx
    .insertInto('tenants')
    .values({ id, name, slug, defaultLocale: input.defaultLocale ?? 'ja', timeZone: input.timeZone ?? 'Asia/Tokyo' })
    .execute()
  const locale = input.defaultLocale ?? 'ja'
  await tx
    .insertInto('roles')
    .values(
      SYSTEM_ROLE_KEYS.map((key) => ({
        id: newId(),
        tenantId: id,
        key,
        name: SYSTEM_ROLE_NAMES[key][locale],
        isSystem: true,
        permissions: JSON.stringify(systemRolePermissions(key)),
      })),
    )
    .execute()
  for (const initialize of tenantInitializers) await initialize(tx, { id, locale })
  return { id, slug }
}

/** Work a module does for every new tenant, in the creating transaction (e.g. a default pipeline). */
export type TenantInitializer = (tx: Tx, tenant: { id: string; locale: 'ja' | 'en' }) => Promise<void>
const tenantInitializers: TenantInitializer[] = []

export function registerTenantInitializer(initialize: TenantInitializer): void {
  tenantInitializers.push(initialize)
}

export async function findTenantBySlugOrId(tx: Tx, slugOrId: string) {
  const isId = /^[0-9a-f-]{36}$/i.test(slugOrId)
  return tx
    .selectFrom('tenants')
    .selectAll()
    .where(isId ? 'id' : 'slug', '=', slugOrId)
    .executeTakeFirst()
}

export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase()
}

export function assertPasswordStrength(password: string, path = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { path, message: `At least ${MIN_PASSWORD_LENGTH} characters.` },
    ])
  }
  if (password.length > 256) throw invalid('The password is too long.', [{ path, message: 'At most 256 characters.' }])
}

export interface CreateUserInput {
  email: string
  name: string
  password?: string
  locale?: 'ja' | 'en' | null
  timeZone?: string
}

/**
 * Creates a user account (global: one person may belong to several tenants). Works in a
 * system transaction or a tenant one (tenant code may insert users but not read others').
 */
export async function createUserAccount(tx: Tx, input: CreateUserInput): Promise<string> {
  const email = normalizeEmail(input.email)
  if (input.password !== undefined) assertPasswordStrength(input.password)
  const id = newId()
  try {
    await tx
      .insertInto('users')
      .values({
        id,
        email,
        name: input.name.trim(),
        passwordHash: input.password ? await hashPassword(input.password) : null,
        locale: input.locale ?? null,
        timeZone: input.timeZone ?? 'Asia/Tokyo',
      })
      .execute()
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw conflict('A user with this email address already exists. Invite them to this tenant instead.', [
        { path: 'email', message: 'Already registered.' },
      ])
    }
    throw error
  }
  return id
}

/** Adds a user to a tenant with a role (by id or built-in key). */
export async function addMembership(
  tx: Tx,
  input: { tenantId: string; userId: string; roleId?: string; roleKey?: string; teamId?: string | null },
): Promise<string> {
  let roleId = input.roleId
  if (!roleId) {
    const role = await tx
      .selectFrom('roles')
      .select('id')
      .where('tenantId', '=', input.tenantId)
      .where('key', '=', input.roleKey ?? 'sales')
      .executeTakeFirst()
    if (!role) throw notFound('Role')
    roleId = role.id
  }
  const id = newId()
  const inserted = await tx
    .insertInto('memberships')
    .values({ id, tenantId: input.tenantId, userId: input.userId, roleId, teamId: input.teamId ?? null })
    .onConflict((oc) => oc.columns(['tenantId', 'userId']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw conflict('This user already belongs to the tenant.', [{ path: 'email', message: 'Already a member.' }])
  }
  return id
}

/** The tenants a user belongs to (active memberships), for sign-in and the tenant switcher. */
export function listUserTenants(tx: Tx, userId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenantId')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select(['t.id', 't.name', 'r.name as roleName', 'r.key as roleKey'])
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy(sql`lower(t.name)`)
    .execute()
}
