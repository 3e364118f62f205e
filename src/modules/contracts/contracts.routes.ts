/** HTTP for contracts: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Contract, ContractInput, ContractListQuery, ContractPatch, ContractRenewal, ContractStatusChange, ContractStatusChangeRequest } from './contracts.schema.ts'
import {
  changeContractStatus,
  createContract,
  deleteContract,
  getContract,
  listContracts,
  listContractStatusHistory,
  renewContract,
  updateContract,
} from './contracts.service.ts'

export function registerContractRoutes(http: HttpServer, app: App): void {
  const tags = ['Contracts']
  http.get(
    '/api/v1/contracts',
    { schema: { tags, summary: 'List contracts (filters: status, account, expiring within N days)', querystring: ContractListQuery, response: { 200: listOf(Contract), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listContracts(ctx, request.query)),
  )
  http.post(
    '/api/v1/contracts',
    { schema: { tags, summary: 'Create a contract', body: ContractInput, response: { 201: Contract, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createContract(ctx, request.body))),
  )
  http.get(
    '/api/v1/contracts/:id',
    { schema: { tags, summary: 'Get a contract', params: IdParams, response: { 200: Contract, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getContract(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/contracts/:id',
    { schema: { tags, summary: 'Update a contract', params: IdParams, body: ContractPatch, response: { 200: Contract, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateContract(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/contracts/:id/status',
    { schema: { tags, summary: 'Activate, expire or cancel a contract', params: IdParams, body: ContractStatusChangeRequest, response: { 200: Contract, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => changeContractStatus(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/contracts/:id/renew',
    { schema: { tags, summary: 'Renew a contract into its next period', params: IdParams, body: ContractRenewal, response: { 200: Contract, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => renewContract(ctx, request.params.id, request.body)),
  )
  http.get(
    '/api/v1/contracts/:id/status-history',
    { schema: { tags, summary: 'Every status change of a contract', params: IdParams, response: { 200: z.object({ data: z.array(ContractStatusChange) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listContractStatusHistory(ctx, request.params.id)),
  )
  http.delete(
    '/api/v1/contracts/:id',
    { schema: { tags, summary: 'Delete a contract', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteContract(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
