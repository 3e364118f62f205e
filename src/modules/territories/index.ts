/**
 * Territories (テリトリー): prefecture/industry rules that place accounts, their members, and the read grant they give.
 * Owns territories, territory_members and the accounts.territory_id column (derived; written only here and on account save).
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import './territories.grants.ts'
import './territories.jobs.ts'

registerAccessObject({ name: 'territories', label: { ja: 'テリトリー', en: 'Territories' }, fields: [], administrative: true, readableByEveryone: true })

export { registerTerritoryRoutes } from './territories.routes.ts'
export { createTerritory, deleteTerritory, getTerritory, listTerritories, placeAccounts, territoryFor, territoryMemberUserIds, updateTerritory, TERRITORY_REASSIGN_JOB } from './territories.service.ts'
export { splitPrefecture, PREFECTURE_LIST, REGION_LIST } from './prefectures.ts'
