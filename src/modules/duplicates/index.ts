/**
 * 名寄せ (duplicates): the match engine, the tenant scan job, the candidate queue, the check before saving and merge.
 * Owns duplicate_candidates and merged_records; other modules use only what this file exports.
 */
export { registerDuplicateRoutes } from './duplicates.routes.ts'
export { checkDuplicates, dismissDuplicateCandidate, getDuplicateScanStatus, listDuplicateCandidates, requestDuplicateScan, DUPLICATE_SCAN_JOB } from './duplicates.service.ts'
export { flagDuplicatesOf } from './duplicates.flag.ts'
export { mergeDuplicates } from './duplicates.merge.ts'
export { scanDuplicates } from './duplicates.scan.ts'
export { mergedInto } from './duplicates.resolve.ts'
export * from './match.ts'
