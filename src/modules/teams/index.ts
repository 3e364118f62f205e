/**
 * Teams (チーム): the tenant's team tree, which "team" record visibility follows.
 * Other modules use only what this file exports.
 */
export { registerTeamRoutes } from './teams.routes.ts'
export * from './teams.service.ts'
export type { Team, TeamCreate, TeamPatch } from './teams.schema.ts'
