/**
 * 名刺 (business cards): fast entry of a card as a contact linked to its company, through the contacts and accounts
 * services. Owns no table; other modules use only what this file exports.
 */
export { registerBusinessCardRoutes } from './business-cards.routes.ts'
export { saveBusinessCard } from './business-cards.service.ts'
