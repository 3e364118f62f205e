/** HTTP for invitations: admin list/create/revoke, and the public preview and accept. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, ListQuery, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { requestInfo, Session, setSessionCookie } from '../auth/index.ts'
import { Invitation, InvitationAccept, InvitationCreate, InvitationCreated, InvitationPreview, InvitationTokenParams } from './invitations.schema.ts'
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.service.ts'

const tags = ['Invitations']
// Per IP: generous enough for a whole office joining from behind one NAT address.
const INVITATION_LINK_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }
const InvitationListQuery = ListQuery.omit({ q: true })

export function registerInvitationRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/invitations',
    { schema: { tags, summary: 'List invitations, newest first', querystring: InvitationListQuery, response: { 200: listOf(Invitation), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listInvitations(ctx, request.query)),
  )

  http.post(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email (the link is emailed and returned once)',
        body: InvitationCreate,
        response: { 201: InvitationCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { invitation, mail } = await withServiceContext(app.db, request, (ctx) => createInvitation(ctx, request.body, app.config.publicUrl))
      try {
        await app.mailer.send(mail)
      } catch (error) {
        // The invitation stands: the admin has the link and can pass it on themselves.
        request.log.error({ err: error }, 'sending the invitation email failed')
      }
      return reply.status(201).send(invitation)
    },
  )

  http.delete(
    '/api/v1/invitations/:id',
    { schema: { tags, summary: 'Revoke a pending invitation', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => revokeInvitation(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/invitations/:token/preview',
    {
      config: { public: true, rateLimit: INVITATION_LINK_RATE_LIMIT },
      schema: { tags, summary: 'Who an invitation link is for (public)', params: InvitationTokenParams, response: { 200: InvitationPreview, ...errorResponses } },
    },
    (request) => previewInvitation(app.db, request.params.token),
  )

  http.post(
    '/api/v1/invitations/accept',
    {
      config: { public: true, rateLimit: INVITATION_LINK_RATE_LIMIT },
      schema: { tags, summary: 'Accept an invitation and sign in (public)', body: InvitationAccept, response: { 200: Session, ...errorResponses } },
    },
    async (request, reply) => {
      const signedIn = await acceptInvitation(app.db, app.config, request.body, requestInfo(request))
      setSessionCookie(reply, app.config, signedIn.cookie)
      return signedIn.session
    },
  )
}
