/** Invitation (招待) schemas: what admins send, what the list shows, what the invitee submits. */
import { z } from 'zod'

export const InvitationCreate = z
  .strictObject({
    email: z.email().max(254),
    roleId: z.uuid(),
    teamId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'InvitationCreate' })
export type InvitationCreate = z.infer<typeof InvitationCreate>

export const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    roleId: z.string(),
    roleName: z.string(),
    teamId: z.string().nullable(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Invitation' })
export type Invitation = z.infer<typeof Invitation>

export const InvitationCreated = Invitation.extend({
  acceptUrl: z.string().describe('The link the invitee opens; shown only once (it is also emailed).'),
}).meta({ id: 'InvitationCreated' })
export type InvitationCreated = z.infer<typeof InvitationCreated>

export const InvitationTokenParams = z.strictObject({ token: z.string().min(10).max(200) })

export const InvitationPreview = z.object({ email: z.string(), tenantName: z.string() }).meta({ id: 'InvitationPreview' })
export type InvitationPreview = z.infer<typeof InvitationPreview>

export const InvitationAccept = z
  .strictObject({
    token: z.string().min(10).max(200),
    name: z.string().trim().min(1).max(100).describe('Ignored when the email already has an account.'),
    password: z.string().min(1).max(256).describe("A new password, or the existing account's password."),
  })
  .meta({ id: 'InvitationAccept' })
export type InvitationAccept = z.infer<typeof InvitationAccept>
