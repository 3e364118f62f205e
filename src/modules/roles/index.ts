/**
 * Roles (ロール): built-in and custom roles of a tenant, and the catalogue of objects they govern.
 * Other modules use only what this file exports.
 */
export { registerRoleRoutes } from './roles.routes.ts'
export * from './roles.service.ts'
export type { Role, RoleCreate, RolePatch } from './roles.schema.ts'
