/**
 * What every service call receives: who acts, in which tenant, inside which transaction.
 * Services never see HTTP; routes and the CLI build this context.
 */
import type { Permissions } from './db/schema.ts'
import type { Tx } from './db/transaction.ts'

export interface ActorRole {
  id: string
  key: string
  name: string
  permissions: Permissions
}

export interface Actor {
  tenantId: string
  /** An API token acts as the user who created it, with the token's own role. */
  userId: string
  tokenId: string | null
  teamId: string | null
  role: ActorRole
}

export interface ServiceContext {
  actor: Actor
  tx: Tx
  requestId: string | null
  ip: string | null
}
