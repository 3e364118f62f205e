/** How a route handler reaches a service: the signed-in actor, in a tenant transaction. */
import type { FastifyRequest } from 'fastify'
import type { Actor, ServiceContext } from '../context.ts'
import type { Db } from '../db/database.ts'
import { inTenantReadScope, inTenantTransaction } from '../db/transaction.ts'
import { unauthenticated } from '../errors.ts'

export function requireActor(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthenticated()
  return request.auth.actor
}

/** Runs one service call for the request's actor inside one tenant-scoped transaction. */
export function withServiceContext<T>(db: Db, request: FastifyRequest, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const actor = requireActor(request)
  return inTenantTransaction(db, actor.tenantId, (tx) => work({ actor, tx, requestId: request.id, ip: request.ip }))
}

/** Like withServiceContext, for a service call that only reads: on a read session where there are some (transaction.ts). */
export function withReadServiceContext<T>(db: Db, request: FastifyRequest, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const actor = requireActor(request)
  return inTenantReadScope(db, actor.tenantId, (tx) => work({ actor, tx, requestId: request.id, ip: request.ip }))
}
