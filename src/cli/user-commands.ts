/**
 * `daifuku tenant create` and `daifuku user create`: set up a tenant and its first
 * administrator without the web UI, or reset someone's password (e.g. a forgotten admin one).
 */
import { sql } from 'kysely'
import { SYSTEM_ROLE_KEYS } from '../platform/access/roles.ts'
import { recordAuthEvent } from '../platform/audit/audit.ts'
import { hashPassword, randomSecret } from '../platform/auth/credentials.ts'
import { inSystemTransaction } from '../platform/db/transaction.ts'
import { invalid, notFound } from '../platform/errors.ts'
import { addMembership, assertPasswordStrength, createTenant, createUserAccount, findTenantBySlugOrId, normalizeEmail } from '../modules/tenancy/index.ts'
import { withApp } from './database-commands.ts'
import { say } from './output.ts'

export interface UserCreateOptions {
  email: string
  password?: string
  tenant: string
  role: string
  name?: string
}

export async function userCreateCommand(options: UserCreateOptions): Promise<void> {
  const email = normalizeEmail(options.email)
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid('The email address is not valid.', [{ path: 'email', message: 'Not an email address.' }])
  const generated = options.password === undefined
  const password = options.password ?? randomSecret(12)
  assertPasswordStrength(password)

  const outcome = await withApp((app) =>
    inSystemTransaction(app.db, async (tx) => {
      const tenant = await findTenantBySlugOrId(tx, options.tenant)
      if (!tenant) throw notFound(`Tenant "${options.tenant}"`)
      const role = await tx.selectFrom('roles').select(['id', 'key', 'name']).where('tenantId', '=', tenant.id).where('key', '=', options.role).executeTakeFirst()
      if (!role) {
        const keys = await tx.selectFrom('roles').select('key').where('tenantId', '=', tenant.id).orderBy('key').execute()
        throw invalid(`No role "${options.role}" in ${tenant.name}.`, [{ path: 'role', message: `One of: ${keys.map((k) => k.key).join(', ')}.` }])
      }
      const existing = await tx.selectFrom('users').select(['id', 'name']).where(sql`lower(email)`, '=', email).executeTakeFirst()
      let userId: string
      let created = false
      if (existing) {
        userId = existing.id
        // Setting a new password ends every session, and clears a lockout.
        await tx
          .updateTable('users')
          .set({ passwordHash: await hashPassword(password), failedLoginCount: 0, lockedUntil: null, updatedAt: sql<Date>`now()`, ...(options.name ? { name: options.name } : {}) })
          .where('id', '=', userId)
          .execute()
        await tx.deleteFrom('sessions').where('userId', '=', userId).execute()
        await recordAuthEvent(tx, { tenantId: tenant.id, userId, action: 'password_reset', email, requestId: 'cli', ip: null })
      } else {
        userId = await createUserAccount(tx, { email, name: options.name?.trim() || email.split('@')[0]!, password, locale: tenant.defaultLocale === 'en' ? 'en' : 'ja' })
        created = true
      }
      const membership = await tx.selectFrom('memberships').select(['id', 'roleId']).where('tenantId', '=', tenant.id).where('userId', '=', userId).executeTakeFirst()
      if (!membership) await addMembership(tx, { tenantId: tenant.id, userId, roleId: role.id })
      else await tx.updateTable('memberships').set({ roleId: role.id, status: 'active', updatedAt: sql<Date>`now()` }).where('id', '=', membership.id).execute()
      return { created, tenantName: tenant.name, roleName: role.name }
    }),
  )
  say(
    outcome.created
      ? `Created ${email} in ${outcome.tenantName} with the role ${outcome.roleName} (${options.role}).`
      : `${email} already existed: password reset, signed out everywhere, role in ${outcome.tenantName} set to ${outcome.roleName} (${options.role}).`,
  )
  if (generated) say(`Password: ${password}   (shown only this once)`)
}

export async function tenantCreateCommand(options: { name: string; slug?: string; locale?: string }): Promise<void> {
  if (options.locale !== undefined && options.locale !== 'ja' && options.locale !== 'en') throw invalid('--locale must be ja or en.')
  if (options.slug !== undefined && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(options.slug)) {
    throw invalid('The slug may contain lower-case letters, digits and hyphens (2–63 characters).', [{ path: 'slug', message: 'Invalid slug.' }])
  }
  const tenant = await withApp((app) =>
    inSystemTransaction(app.db, (tx) => createTenant(tx, { name: options.name, slug: options.slug, defaultLocale: options.locale as 'ja' | 'en' | undefined })),
  )
  say(`Created tenant "${options.name}" (slug ${tenant.slug}, id ${tenant.id}) with the built-in roles: ${SYSTEM_ROLE_KEYS.join(', ')}.`)
  say(`Next: npx daifuku user create --tenant ${tenant.slug} --role admin --email you@example.com`)
}
