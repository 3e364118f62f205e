/**
 * Users (ユーザー): the members of a tenant, their role, team and status.
 * Other modules use only what this file exports.
 */
export { registerUserRoutes } from './users.routes.ts'
export * from './users.service.ts'
export type { User, UserCreate, UserPatch } from './users.schema.ts'
