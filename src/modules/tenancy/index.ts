/**
 * Tenancy: tenants, user accounts and memberships.
 * The only entry point other modules use.
 */
export * from './tenancy.service.ts'
