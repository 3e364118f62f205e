/**
 * Seeds the demo company into an empty database: tenant, teams, one person per built-in
 * role and ~30 customer accounts, all through the modules' services (so the audit trail and
 * events exist as if people had typed them), in one transaction.
 */
import { sql } from 'kysely'
import { normalizePermissions } from '../../platform/access/roles.ts'
import { randomSecret } from '../../platform/auth/credentials.ts'
import type { Actor, ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, type Tx } from '../../platform/db/transaction.ts'
import { conflict } from '../../platform/errors.ts'
import { createAccount } from '../accounts/index.ts'
import { setAccountParent } from '../accounts/accounts.hierarchy.ts'
import { createContact, moveContact } from '../contacts/index.ts'
import { createDeal } from '../deals/index.ts'
import { createTeam } from '../teams/index.ts'
import { addMembership, createTenant, createUserAccount } from '../tenancy/index.ts'
import { createUser } from '../users/index.ts'
import { DEMO_ACCOUNTS, DEMO_ADMIN_EMAIL, DEMO_CONTACTS, DEMO_DEALS, DEMO_GROUPS, DEMO_TEAMS, DEMO_TENANT, DEMO_USERS } from './demo.data.ts'

export interface DemoSeedResult {
  tenantId: string
  tenantName: string
  adminEmail: string
  /** Shared by every demo user; shown once, never stored in clear. */
  password: string
  users: { email: string; name: string; role: string }[]
  accounts: number
}

/** True when nobody has set this installation up yet (no tenant, no user). */
export async function isDatabaseEmpty(db: Db | Tx): Promise<boolean> {
  const row = await sql<{ used: boolean }>`select exists (select 1 from tenants) or exists (select 1 from users) as used`.execute(db)
  return !row.rows[0]?.used
}

/** A password that is easy to type from a terminal: 4 groups of 4 letters and digits. */
function generatePassword(): string {
  const raw = randomSecret(24).replace(/[^A-Za-z0-9]/g, '')
  return (raw.slice(0, 16).match(/.{4}/g) ?? [raw]).join('-')
}

/** Seeds the demo company. Refuses (conflict) when the database already has a tenant or a user. */
export async function seedDemo(db: Db, options: { password?: string } = {}): Promise<DemoSeedResult> {
  const password = options.password ?? generatePassword()
  return inSystemTransaction(db, async (tx) => {
    // Checked inside the transaction that writes, so two starting servers cannot both seed
    // (the slug's unique index stops the second).
    if (!(await isDatabaseEmpty(tx))) throw conflict('The database already has data; the demo is only seeded into an empty one.')

    const tenant = await createTenant(tx, { name: DEMO_TENANT.name, slug: DEMO_TENANT.slug, defaultLocale: 'ja', timeZone: 'Asia/Tokyo' })
    const adminSpec = DEMO_USERS.find((u) => u.role === 'admin')!
    const adminId = await createUserAccount(tx, { email: adminSpec.email, name: adminSpec.name, password, locale: 'ja' })
    await addMembership(tx, { tenantId: tenant.id, userId: adminId, roleKey: 'admin' })
    const roles = await tx.selectFrom('roles').selectAll().where('tenantId', '=', tenant.id).execute()
    const roleByKey = new Map(roles.map((r) => [r.key, r]))
    const actorFor = (userId: string, roleKey: string, teamId: string | null): Actor => {
      const role = roleByKey.get(roleKey)!
      return {
        tenantId: tenant.id,
        userId,
        tokenId: null,
        teamId,
        role: { id: role.id, key: role.key, name: role.name, permissions: normalizePermissions(role.permissions, role.key, role.isSystem) },
      }
    }
    const ctxFor = (actor: Actor): ServiceContext => ({ actor, tx, requestId: 'demo-seed', ip: null })

    // From here on the transaction acts inside the tenant, as the services expect.
    await sql`select set_config('app.tenant_id', ${tenant.id}, true), set_config('role', 'daifuku_app', true)`.execute(tx)
    const admin = ctxFor(actorFor(adminId, 'admin', null))

    const teamIds = new Map<string, string>()
    for (const team of DEMO_TEAMS) {
      const created = await createTeam(admin, { name: team.name, parentId: team.parent ? teamIds.get(team.parent)! : null })
      teamIds.set(team.key, created.id)
    }

    const userIds = new Map<string, { id: string; role: string; teamId: string | null }>([['admin', { id: adminId, role: 'admin', teamId: null }]])
    for (const spec of DEMO_USERS) {
      if (spec.role === 'admin') continue
      const teamId = spec.team ? teamIds.get(spec.team)! : null
      const user = await createUser(admin, { email: spec.email, name: spec.name, password, roleId: roleByKey.get(spec.role)!.id, teamId })
      userIds.set(spec.key, { id: user.id, role: spec.role, teamId })
    }

    for (const account of DEMO_ACCOUNTS) {
      const owner = userIds.get(account.owner)!
      await createAccount(ctxFor(actorFor(owner.id, owner.role, owner.teamId)), {
        name: account.name,
        nameKana: account.nameKana,
        industry: account.industry,
        phone: account.phone,
        annualRevenue: account.annualRevenue,
        employeeCount: account.employeeCount,
        website: account.website ?? null,
        notes: account.notes ?? null,
      })
    }

    const stages = await tx
      .selectFrom('pipelineStages as s')
      .innerJoin('pipelines as p', 'p.id', 's.pipelineId')
      .select(['s.id', 's.position'])
      .where('p.isDefault', '=', true)
      .orderBy('s.position')
      .execute()
    const accountIds = new Map((await tx.selectFrom('accounts').select(['id', 'name']).execute()).map((a) => [a.name, a.id]))
    for (const deal of DEMO_DEALS) {
      const owner = userIds.get(DEMO_ACCOUNTS.find((a) => a.name === deal.account)!.owner)!
      const close = new Date()
      close.setMonth(close.getMonth() + deal.closeInMonths)
      await createDeal(ctxFor(actorFor(owner.id, owner.role, owner.teamId)), {
        name: deal.name,
        accountId: accountIds.get(deal.account)!,
        stageId: stages[deal.stage]!.id,
        amount: deal.amount,
        expectedCloseDate: close.toISOString().slice(0, 10),
        competitors: deal.competitors ?? [],
        closeReason: deal.closeReason ?? null,
      })
    }

    // People at the customers (担当者), two who changed jobs (employment history), and two group structures.
    for (const [child, parent] of DEMO_GROUPS) {
      await setAccountParent(admin, accountIds.get(child)!, { parentAccountId: accountIds.get(parent)! })
    }
    const joined = new Date()
    joined.setFullYear(joined.getFullYear() - 2)
    const joinedOn = joined.toISOString().slice(0, 10)
    for (const person of DEMO_CONTACTS) {
      const owner = userIds.get(DEMO_ACCOUNTS.find((a) => a.name === person.account)!.owner)!
      // Written by the administrator (a former employer may belong to another team), owned like the account.
      const contact = await createContact(admin, {
        ownerId: owner.id,
        teamId: owner.teamId,
        familyName: person.familyName,
        givenName: person.givenName,
        familyNameKana: person.familyNameKana,
        givenNameKana: person.givenNameKana,
        department: person.department,
        title: person.title,
        emails: [{ type: 'work', address: person.email, primary: true }],
        phones: [
          { type: 'work', number: person.phone, primary: true },
          ...(person.mobile ? [{ type: 'mobile' as const, number: person.mobile, primary: false }] : []),
        ],
        addresses: person.address
          ? [{ type: 'work', country: 'JP', postalCode: person.address[0], prefecture: person.address[1], city: person.address[2], street: person.address[3], building: person.address[4] ?? null, primary: true }]
          : [],
        tags: person.tags ?? [],
        accountId: person.formerAccount ? accountIds.get(person.formerAccount)! : accountIds.get(person.account)!,
      })
      if (person.formerAccount) await moveContact(admin, contact.id, { accountId: accountIds.get(person.account)!, title: person.title, startedOn: joinedOn })
    }

    return {
      tenantId: tenant.id,
      tenantName: DEMO_TENANT.name,
      adminEmail: DEMO_ADMIN_EMAIL,
      password,
      users: DEMO_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role })),
      accounts: DEMO_ACCOUNTS.length,
    }
  })
}
