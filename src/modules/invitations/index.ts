/**
 * Invitations (招待): inviting people into a tenant by email, and accepting the invitation.
 * Other modules use only what this file exports. (The 'invitations' access object is a platform object.)
 */
export { registerInvitationRoutes } from './invitations.routes.ts'
export { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.service.ts'
export type { Invitation, InvitationCreate, InvitationCreated, InvitationPreview } from './invitations.schema.ts'
