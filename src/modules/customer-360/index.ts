/**
 * Customer 360 (顧客360°): stages and customer type of accounts and contacts with history, comments with
 * @mentions, the merged timeline and the one-request overview. Owns customer_profiles, customer_stage_changes, record_comments.
 */
// No access object of its own: stages follow the record's update right, comments its visibility.
export { registerCustomer360Routes } from './customer-360.routes.ts'
export { createComment, deleteComment, listComments, updateComment } from './comments.service.ts'
export { getStages, setStages } from './stages.service.ts'
export { getTimeline } from './timeline.service.ts'
export { getAccountOverview, getContactOverview } from './overview.service.ts'
export type { Comment, CustomerOverview, CustomerStages, TimelineItem } from './customer-360.schema.ts'
