/** Badge colours of the match levels, shared by the queue, the create-form notice and 名刺 entry. */
import type { MatchLevel } from './api.ts'

export const LEVEL_COLOR: Record<MatchLevel, string> = { likely: 'red', possible: 'orange', none: 'gray' }
