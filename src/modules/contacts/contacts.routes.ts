/** HTTP for contacts and their companies: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withReadServiceContext, withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { BulkRequest, BulkResult, ListQueryBody } from '../saved-views/index.ts'
import { bulkContacts, queryContacts } from './contacts.views.ts'
import {
  deleteContactAccount,
  linkContactToAccount,
  listAccountContacts,
  listContactAccounts,
  moveContact,
  updateContactAccount,
} from './contact-links.service.ts'
import {
  AccountContactsQuery,
  Contact,
  ContactAccountLink,
  ContactInput,
  ContactListQuery,
  ContactPatch,
  LinkCreate,
  LinkParams,
  LinkPatch,
  MoveContact,
} from './contacts.schema.ts'
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.service.ts'

const tags = ['Contacts']
const Links = z.object({ data: z.array(ContactAccountLink) })

export function registerContactRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/contacts',
    { schema: { tags, summary: 'List contacts', querystring: ContactListQuery, response: { 200: listOf(Contact), ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => listContacts(ctx, request.query)),
  )
  http.post(
    '/api/v1/contacts/query',
    { schema: { tags, summary: 'List contacts with a filter (AND/OR groups), sort and keyset cursor', body: ListQueryBody, response: { 200: listOf(Contact), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => queryContacts(ctx, request.body)),
  )
  http.post(
    '/api/v1/contacts/bulk',
    { schema: { tags, summary: 'Edit, assign, tag or delete many contacts in one transaction (at most 1000)', body: BulkRequest, response: { 200: BulkResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => bulkContacts(ctx, request.body)),
  )
  http.post(
    '/api/v1/contacts',
    { schema: { tags, summary: 'Create a contact', body: ContactInput, response: { 201: Contact, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createContact(ctx, request.body))),
  )
  http.get(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Get a contact', params: IdParams, response: { 200: Contact, ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => getContact(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Update a contact', params: IdParams, body: ContactPatch, response: { 200: Contact, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateContact(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Delete a contact', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteContact(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/contacts/:id/accounts',
    { schema: { tags, summary: "A contact's companies, current and past (employment history)", params: IdParams, response: { 200: Links, ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listContactAccounts(ctx, request.params.id)) }),
  )
  http.post(
    '/api/v1/contacts/:id/accounts',
    { schema: { tags, summary: 'Link a contact to an account', params: IdParams, body: LinkCreate, response: { 201: ContactAccountLink, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send(await withServiceContext(app.db, request, (ctx) => linkContactToAccount(ctx, request.params.id, request.body))),
  )
  http.patch(
    '/api/v1/contacts/:id/accounts/:linkId',
    { schema: { tags, summary: 'Change or end a link (an ended link stays as history)', params: LinkParams, body: LinkPatch, response: { 200: ContactAccountLink, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateContactAccount(ctx, request.params.id, request.params.linkId, request.body)),
  )
  http.delete(
    '/api/v1/contacts/:id/accounts/:linkId',
    { schema: { tags, summary: 'Remove a link entered by mistake', params: LinkParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteContactAccount(ctx, request.params.id, request.params.linkId))
      return reply.status(204).send(null)
    },
  )
  http.post(
    '/api/v1/contacts/:id/move',
    { schema: { tags, summary: 'Move a contact to a new company (ends the current link, starts a new one)', params: IdParams, body: MoveContact, response: { 200: Links, ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => moveContact(ctx, request.params.id, request.body)) }),
  )
  http.get(
    '/api/v1/accounts/:id/contacts',
    { schema: { tags, summary: "An account's people (current; includeFormer=true adds those who left)", params: IdParams, querystring: AccountContactsQuery, response: { 200: Links, ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listAccountContacts(ctx, request.params.id, { includeFormer: request.query.includeFormer })) }),
  )
}
