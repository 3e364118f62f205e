/**
 * Demo data (デモデータ): the fictitious company 大福商事株式会社 seeded into an empty database
 * on first start, so a new installation has something to explore.
 */
export { isDatabaseEmpty, seedDemo, type DemoSeedResult } from './demo.seed.ts'
export { DEMO_ADMIN_EMAIL, DEMO_TENANT } from './demo.data.ts'
