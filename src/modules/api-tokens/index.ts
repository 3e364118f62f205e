/**
 * API tokens (APIトークン): bearer secrets for integrations, stored as hashes, revocable.
 * Other modules use only what this file exports.
 */
export { registerApiTokenRoutes } from './api-tokens.routes.ts'
export * from './api-tokens.service.ts'
export type { ApiToken, ApiTokenCreate, CreatedApiToken } from './api-tokens.schema.ts'
