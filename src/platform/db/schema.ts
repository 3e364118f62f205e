/**
 * Kysely's view of the tables (camelCase; the CamelCasePlugin maps to snake_case).
 * Each module adds its tables here when it adds a migration.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A `date` column: always the 'YYYY-MM-DD' text (see the DATE type parser in database.ts). */
export type DateOnly = ColumnType<string, string, string>
export type NullableDateOnly = ColumnType<string | null, string | null | undefined, string | null>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type Visibility = 'own' | 'team' | 'all'
export interface ObjectPermission {
  create: boolean
  read: boolean
  update: boolean
  delete: boolean
  visibility: Visibility
}
export type FieldRule = 'hidden' | 'readonly'
export interface Permissions {
  objects: Record<string, ObjectPermission>
  fields: Record<string, Record<string, FieldRule>>
}

export interface TenantsTable {
  id: string
  name: string
  slug: string
  defaultLocale: Generated<string>
  timeZone: Generated<string>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface UsersTable {
  id: string
  email: string
  name: string
  passwordHash: string | null
  locale: string | null
  timeZone: Generated<string>
  failedLoginCount: Generated<number>
  lockedUntil: NullableTimestamp
  lastLoginAt: NullableTimestamp
  lastTenantId: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface RolesTable {
  id: string
  tenantId: string
  key: string
  name: string
  isSystem: Generated<boolean>
  permissions: JSONColumnType<Permissions>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface TeamsTable {
  id: string
  tenantId: string
  name: string
  parentId: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface MembershipsTable {
  id: string
  tenantId: string
  userId: string
  roleId: string
  teamId: string | null
  status: Generated<'active' | 'disabled'>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface InvitationsTable {
  id: string
  tenantId: string
  email: string
  roleId: string
  teamId: string | null
  tokenHash: string
  invitedBy: string | null
  expiresAt: Timestamp
  acceptedAt: NullableTimestamp
  createdAt: CreatedAt
}

export interface SessionsTable {
  id: string
  userId: string
  tenantId: string
  csrfToken: string
  ip: string | null
  userAgent: string | null
  createdAt: CreatedAt
  lastSeenAt: Timestamp
  expiresAt: Timestamp
}

export interface ApiTokensTable {
  id: string
  tenantId: string
  userId: string
  roleId: string
  name: string
  prefix: string
  tokenHash: string
  lastUsedAt: NullableTimestamp
  expiresAt: NullableTimestamp
  revokedAt: NullableTimestamp
  createdAt: CreatedAt
}

export interface PasswordResetsTable {
  id: string
  userId: string
  tokenHash: string
  expiresAt: Timestamp
  usedAt: NullableTimestamp
  createdAt: CreatedAt
}

export interface LoginAttemptsTable {
  id: string
  email: string
  ip: string | null
  succeeded: boolean
  createdAt: CreatedAt
}

export type AuditChanges = Record<string, { before: unknown; after: unknown }>

export interface AuditLogTable {
  id: string
  tenantId: string | null
  actorUserId: string | null
  actorTokenId: string | null
  objectType: string
  objectId: string | null
  action: string
  changes: JSONColumnType<AuditChanges>
  requestId: string | null
  ip: string | null
  createdAt: CreatedAt
}

export interface OutboxEventsTable {
  id: string
  tenantId: string
  type: string
  objectType: string | null
  objectId: string | null
  payload: JSONColumnType<Record<string, unknown>>
  actorUserId: string | null
  requestId: string | null
  createdAt: CreatedAt
  publishedAt: NullableTimestamp
}

export type JobStatus = 'pending' | 'running' | 'done' | 'dead'

export interface JobsTable {
  id: string
  tenantId: string | null
  type: string
  payload: JSONColumnType<Record<string, unknown>>
  status: Generated<JobStatus>
  attempts: Generated<number>
  maxAttempts: Generated<number>
  runAt: ColumnType<Date, Date | string | undefined, Date | string>
  lockedAt: NullableTimestamp
  lockedBy: string | null
  lastError: string | null
  uniqueKey: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
  finishedAt: NullableTimestamp
}

export interface RecurringJobsTable {
  name: string
  type: string
  payload: JSONColumnType<Record<string, unknown>>
  intervalSeconds: number
  nextRunAt: Timestamp
  lastRunAt: NullableTimestamp
  enabled: Generated<boolean>
}

export interface AccountsTable {
  id: string
  tenantId: string
  name: string
  nameKana: string | null
  industry: string | null
  phone: string | null
  email: string | null
  website: string | null
  annualRevenue: number | null
  employeeCount: number | null
  notes: string | null
  ownerId: string | null
  teamId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
  /** Parent company (親会社); cycles are refused by the hierarchy service. */
  parentAccountId: string | null
  /** Folded name, reading, phone digits and email for search (buildSearchText); see docs/decisions/0008. */
  searchText: string | null
  /** Custom field values by key (custom-fields module validates them); write JSON text. */
  custom: CustomValuesColumn
  /** Address (territories module): 〒, 都道府県 (one of the 47 names), the rest as one line. */
  postalCode: ColumnType<string | null, string | null | undefined, string | null>
  prefecture: ColumnType<string | null, string | null | undefined, string | null>
  address: ColumnType<string | null, string | null | undefined, string | null>
  /** Placed by the territories module (most specific matching territory). */
  territoryId: ColumnType<string | null, string | null | undefined, string | null>
}

/** Territories (テリトリー): prefectures and industries that place accounts; empty list = any. */
export interface TerritoriesTable {
  id: string
  tenantId: string
  name: string
  description: string | null
  prefectures: ColumnType<string[], string[] | undefined, string[]>
  industries: ColumnType<string[], string[] | undefined, string[]>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface TerritoryMembersTable {
  id: string
  tenantId: string
  territoryId: string
  userId: string | null
  teamId: string | null
  createdAt: CreatedAt
}

export interface CommissionTier {
  upTo: number | null
  rate: number
}
export interface CommissionProductRate {
  productId: string
  rate: number
}

/** Incentives: a commission plan (flat %, or tiers paid marginally or on the whole amount). */
export interface CommissionPlansTable {
  id: string
  tenantId: string
  name: string
  description: string | null
  basis: ColumnType<'won_deals' | 'paid_invoices' | 'both', 'won_deals' | 'paid_invoices' | 'both' | undefined, 'won_deals' | 'paid_invoices' | 'both'>
  method: ColumnType<'flat' | 'tiered', 'flat' | 'tiered' | undefined, 'flat' | 'tiered'>
  /** numeric(7,4) percent: a decimal string from the driver. */
  rate: ColumnType<string, number | string | undefined, number | string>
  tierMode: ColumnType<'marginal' | 'whole', 'marginal' | 'whole' | undefined, 'marginal' | 'whole'>
  tiers: ColumnType<CommissionTier[], string | undefined, string>
  productRates: ColumnType<CommissionProductRate[], string | undefined, string>
  currency: ColumnType<string, string | undefined, string>
  isActive: Generated<boolean>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface CommissionAssignmentsTable {
  id: string
  tenantId: string
  planId: string
  userId: string
  periodStart: DateOnly
  periodEnd: DateOnly
  createdBy: string | null
  createdAt: CreatedAt
}

export interface ActivitiesTable {
  id: string
  tenantId: string
  kind: 'task' | 'call' | 'meeting' | 'note' | 'email'
  subject: string
  body: string | null
  ownerId: string | null
  teamId: string | null
  accountId: string | null
  contactId: string | null
  relatedType: string | null
  relatedId: string | null
  dueAt: NullableTimestamp
  remindAt: NullableTimestamp
  remindedAt: NullableTimestamp
  assigneeId: string | null
  priority: 'low' | 'normal' | 'high' | null
  status: 'open' | 'done' | 'cancelled' | null
  completedAt: NullableTimestamp
  direction: 'inbound' | 'outbound' | null
  outcome: string | null
  durationSeconds: number | null
  startsAt: NullableTimestamp
  endsAt: NullableTimestamp
  allDay: Generated<boolean>
  place: string | null
  emailFrom: string | null
  emailTo: string | null
  sentAt: NullableTimestamp
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface ActivityAttendeesTable {
  id: string
  tenantId: string
  activityId: string
  userId: string | null
  contactId: string | null
}

export interface CalendarFeedTokensTable {
  id: string
  tenantId: string
  userId: string
  tokenHash: string
  prefix: string
  createdAt: CreatedAt
}

export interface NotificationsTable {
  id: string
  tenantId: string
  userId: string
  kind: string
  title: string
  body: string | null
  link: string | null
  objectType: string | null
  objectId: string | null
  readAt: NullableTimestamp
  createdAt: CreatedAt
}

export interface ImportsTable {
  id: string
  tenantId: string
  objectType: string
  fileName: string
  format: 'csv' | 'vcard'
  encoding: string
  delimiter: string
  headers: ColumnType<string[], string, string>
  preview: ColumnType<string[][], string, string>
  rowCount: Generated<number>
  content: ColumnType<Uint8Array, Buffer, Buffer>
  mapping: ColumnType<(string | null)[], string | undefined, string>
  mappingSource: Generated<string>
  duplicatePolicy: ColumnType<'skip' | 'update' | 'create', 'skip' | 'update' | 'create' | undefined, 'skip' | 'update' | 'create'>
  status: ColumnType<'uploaded' | 'queued' | 'running' | 'done' | 'failed', 'uploaded' | undefined, 'uploaded' | 'queued' | 'running' | 'done' | 'failed'>
  rowsDone: Generated<number>
  createdCount: Generated<number>
  updatedCount: Generated<number>
  skippedCount: Generated<number>
  errorCount: Generated<number>
  errors: ColumnType<ImportRowIssue[], string | undefined, string>
  dryRun: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  failure: string | null
  jobId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
  startedAt: NullableTimestamp
  finishedAt: NullableTimestamp
}

/** One row an import did not write, and why (the error report). */
export interface ImportRowIssue {
  /** Record number in the file as a spreadsheet shows it (the header is row 1). */
  row: number
  column: string | null
  field: string | null
  reason: string
  kind: 'error' | 'skipped'
  /** What went wrong, for a translated message: required, notNumber, notDate, invalidEmail, invalidUrl, tooLong, invalidValue, duplicate, rejected. */
  code?: string
  /** The cell as written, when one cell is at fault. */
  value?: string
}

export interface ImportMappingsTable {
  id: string
  tenantId: string
  objectType: string
  headerSignature: string
  /** Header (as written in the file) → field key, or null for a column left out. */
  mapping: ColumnType<Record<string, string | null>, string, string>
  updatedAt: UpdatedAt
}

/** One email of a contact (contacts.emails jsonb). */
export interface ContactEmail {
  type: 'work' | 'personal' | 'other'
  address: string
  primary: boolean
}
/** One phone of a contact (contacts.phones jsonb). */
export interface ContactPhone {
  type: 'mobile' | 'work' | 'home' | 'fax'
  number: string
  primary: boolean
}
/** One address: Japanese form (〒, 都道府県, 市区町村, 番地, 建物) or another country's form. */
export interface ContactAddress {
  type: 'work' | 'home' | 'other'
  country: string
  postalCode: string | null
  prefecture: string | null
  city: string | null
  street: string | null
  building: string | null
  region: string | null
  line1: string | null
  line2: string | null
  primary: boolean
}

export interface ContactsTable {
  id: string
  tenantId: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  displayName: string
  sortKana: string
  emails: JSONColumnType<ContactEmail[]>
  phones: JSONColumnType<ContactPhone[]>
  addresses: JSONColumnType<ContactAddress[]>
  primaryEmail: string | null
  primaryPhoneDigits: string | null
  preferredChannel: 'email' | 'phone' | 'mail' | 'none' | null
  doNotEmail: Generated<boolean>
  doNotCall: Generated<boolean>
  doNotMail: Generated<boolean>
  birthday: NullableDateOnly
  anniversary: NullableDateOnly
  occupation: string | null
  department: string | null
  title: string | null
  ownerId: string | null
  teamId: string | null
  tags: ColumnType<string[], unknown, unknown>
  notes: string | null
  searchText: Generated<string>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
  custom: CustomValuesColumn
}

/** Contact ↔ account; a link with endedOn set is employment history. */
export interface AccountContactsTable {
  id: string
  tenantId: string
  accountId: string
  contactId: string
  title: string | null
  role: string | null
  isPrimary: Generated<boolean>
  startedOn: NullableDateOnly
  endedOn: NullableDateOnly
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface PipelinesTable {
  id: string
  tenantId: string
  name: string
  isDefault: Generated<boolean>
  position: Generated<number>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface PipelineStagesTable {
  id: string
  tenantId: string
  pipelineId: string
  name: string
  probability: number
  kind: ColumnType<'open' | 'won' | 'lost', 'open' | 'won' | 'lost' | undefined, 'open' | 'won' | 'lost'>
  position: number
  createdAt: CreatedAt
}

/** accounts/contacts/deals.custom jsonb: read as an object, written as JSON text. */
export type CustomValuesColumn = ColumnType<Record<string, unknown>, string | undefined, string>

export interface CustomFieldOption {
  value: string
  label: { ja: string; en: string }
}

export interface CustomFieldDefinitionsTable {
  id: string
  tenantId: string
  object: 'accounts' | 'contacts' | 'deals'
  key: string
  labelJa: string
  labelEn: string
  type: string
  options: ColumnType<CustomFieldOption[], string | undefined, string>
  required: Generated<boolean>
  isUnique: Generated<boolean>
  defaultValue: ColumnType<unknown, string | null | undefined, string | null>
  position: Generated<number>
  active: Generated<boolean>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface SavedViewsTable {
  id: string
  tenantId: string
  object: 'accounts' | 'contacts'
  name: string
  sharing: 'private' | 'tenant' | 'team'
  teamId: string | null
  ownerId: string
  /** jsonb: written as JSON text, read back as text (see saved-views.queries.ts). */
  filter: ColumnType<unknown, string | null, string | null>
  sort: string | null
  columns: ColumnType<unknown, string | undefined, string>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DealsTable {
  id: string
  tenantId: string
  name: string
  pipelineId: string
  stageId: string
  status: ColumnType<'open' | 'won' | 'lost', 'open' | 'won' | 'lost' | undefined, 'open' | 'won' | 'lost'>
  /** numeric(18,2): a decimal string from the driver. */
  amount: ColumnType<string | null, number | string | null | undefined, number | string | null>
  currency: ColumnType<string, string | undefined, string>
  expectedCloseDate: NullableDateOnly
  accountId: string | null
  competitors: ColumnType<string[], string[] | undefined, string[]>
  closeReason: string | null
  closedAt: NullableTimestamp
  boardPosition: number
  stageEnteredAt: ColumnType<Date, Date | string | undefined, Date | string>
  notes: string | null
  ownerId: string | null
  teamId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
  custom: CustomValuesColumn
}

export interface DealStageChangesTable {
  id: string
  tenantId: string
  dealId: string
  fromStageId: string | null
  toStageId: string | null
  secondsInFromStage: number | null
  changedBy: string | null
  changedAt: CreatedAt
}

export interface QuotasTable {
  id: string
  tenantId: string
  userId: string | null
  teamId: string | null
  periodStart: DateOnly
  periodEnd: DateOnly
  /** numeric(18,2): a decimal string from the driver. */
  amount: ColumnType<string, number | string, number | string>
  currency: ColumnType<string, string | undefined, string>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** numeric columns: a decimal string from the driver. */
type Money = ColumnType<string, number | string | undefined, number | string>
export type TaxCategory = 'standard' | 'reduced' | 'exempt'
export type RoundingMode = 'floor' | 'round' | 'ceil'
export type SalesDocumentKind = 'quote' | 'order' | 'invoice'

export interface ProductsTable {
  id: string
  tenantId: string
  code: string
  name: string
  nameKana: string | null
  unit: ColumnType<string, string | undefined, string>
  unitPrice: Money
  taxCategory: ColumnType<TaxCategory, TaxCategory | undefined, TaxCategory>
  isActive: Generated<boolean>
  description: string | null
  /** [{ label, value }] rows shown in the catalogue (migration 0380). */
  specs: JSONColumnType<{ label: string; value: string }[], string | undefined, string>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface PriceListsTable {
  id: string
  tenantId: string
  name: string
  currency: ColumnType<string, string | undefined, string>
  validFrom: NullableDateOnly
  validTo: NullableDateOnly
  customerGroup: string | null
  customerGroupId: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface CustomerGroupsTable {
  id: string
  tenantId: string
  name: string
  description: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface AccountCustomerGroupsTable {
  tenantId: string
  accountId: string
  customerGroupId: string
}

export interface ProductConfiguratorsTable {
  tenantId: string
  productId: string
  /** Shapes: src/modules/products/configurator.schema.ts (validated before every write). */
  optionGroups: JSONColumnType<unknown[], string, string>
  rules: JSONColumnType<unknown[], string, string>
  updatedAt: UpdatedAt
}

export interface CatalogShareLinksTable {
  id: string
  tenantId: string
  name: string
  token: string
  productIds: string[] | null
  showPrices: Generated<boolean>
  expiresAt: Date | null
  revokedAt: Date | null
  viewCount: Generated<number>
  createdBy: string | null
  createdAt: CreatedAt
}

export interface PriceListPricesTable {
  tenantId: string
  priceListId: string
  productId: string
  unitPrice: Money
}

export interface BillingSettingsTable {
  tenantId: string
  legalName: string | null
  registrationNumber: string | null
  address: string | null
  phone: string | null
  bankAccount: string | null
  roundingMode: ColumnType<RoundingMode, RoundingMode | undefined, RoundingMode>
  updatedAt: UpdatedAt
}

export type BillingImageKind = 'logo' | 'seal'

export interface BillingImagesTable {
  tenantId: string
  kind: BillingImageKind
  contentType: 'image/png' | 'image/jpeg'
  content: ColumnType<Uint8Array, Buffer, Buffer>
  size: number
  updatedBy: string | null
  updatedAt: UpdatedAt
}

export interface DocumentCountersTable {
  tenantId: string
  kind: SalesDocumentKind
  year: number
  lastNumber: number
}

export interface SalesDocumentsTable {
  id: string
  tenantId: string
  kind: SalesDocumentKind
  number: string
  status: string
  accountId: string
  recipientName: string
  dealId: string | null
  contactId: string | null
  sourceDocumentId: string | null
  issueDate: DateOnly
  validUntil: NullableDateOnly
  dueDate: NullableDateOnly
  transactionDate: NullableDateOnly
  currency: ColumnType<string, string | undefined, string>
  priceListId: string | null
  notes: string | null
  subtotal: Money
  taxTotal: Money
  total: Money
  paidAmount: Money
  roundingMode: ColumnType<RoundingMode, RoundingMode | undefined, RoundingMode>
  issuerName: string | null
  issuerRegistrationNumber: string | null
  ownerId: string | null
  teamId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface SalesDocumentLinesTable {
  id: string
  tenantId: string
  documentId: string
  position: number
  productId: string | null
  description: string
  quantity: Money
  unit: string | null
  unitPrice: Money
  discount: Money
  taxCategory: TaxCategory
  amount: Money
  /** A configured product's selections and price breakdown (migration 0380). */
  configuration: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
}

export interface InvoicePaymentsTable {
  id: string
  tenantId: string
  documentId: string
  paidOn: DateOnly
  amount: Money
  method: ColumnType<string, string | undefined, string>
  note: string | null
  createdBy: string | null
  createdAt: CreatedAt
}

export interface RfmSettingsTable {
  tenantId: string
  loyalMinPurchases: number
  loyalMinTenureDays: number
  dormantAfterDays: number
  updatedAt: UpdatedAt
}

export interface CustomerScoreRunsTable {
  tenantId: string
  computedAt: Generated<Date>
  customers: number
  buyers: number
}

export interface CustomerScoresTable {
  tenantId: string
  accountId: string
  purchases: number
  /** numeric(18,2): a decimal string from the driver. */
  monetary: ColumnType<string, number | string, number | string>
  firstPurchaseOn: NullableDateOnly
  lastPurchaseOn: NullableDateOnly
  rScore: number | null
  fScore: number | null
  mScore: number | null
  segment: 'loyal' | 'repeat' | 'one_time' | 'dormant' | 'prospect'
  computedAt: CreatedAt
  probabilityAlive: number | null
  expectedPurchases: number | null
  expectedOrderValue: ColumnType<string | null, number | string | null, number | string | null>
  clv: ColumnType<string | null, number | string | null, number | string | null>
}

export interface ClvModelsTable {
  tenantId: string
  bgNbd: JSONColumnType<{ r: number; alpha: number; a: number; b: number }>
  gammaGamma: ColumnType<{ p: number; q: number; v: number } | null, string | null, string | null>
  customers: number
  fittedOn: number
  converged: boolean
  horizonMonths: number
  monthlyDiscountRate: number
  fittedAt: CreatedAt
}

/** Predictive models (analytics, migration 0320): churn model and scores, cohorts, basket rules, refresh runs. */
export interface ChurnModelsTable {
  tenantId: string
  features: JSONColumnType<{ name: string; mean: number; std: number }[]>
  weights: JSONColumnType<number[]>
  auc: number | null
  trainSize: number
  testSize: number
  churnRate: number
  cutoffDate: DateOnly
  windowDays: number
  trainedAt: CreatedAt
}
export interface ChurnScoresTable {
  tenantId: string
  accountId: string
  risk: number
  reasons: JSONColumnType<{ feature: string; value: number; average: number; contribution: number }[]>
  computedAt: CreatedAt
}
export interface CohortRetentionTable {
  tenantId: string
  cohortMonth: DateOnly
  monthsAfter: number
  customers: number
  active: number
  computedAt: CreatedAt
}
export interface BasketRulesTable {
  tenantId: string
  antecedentId: string
  consequentId: string
  pairCount: number
  transactions: number
  support: number
  confidence: number
  lift: number
  computedAt: CreatedAt
}
export interface AnalyticsRunsTable {
  id: string
  tenantId: string
  status: 'queued' | 'running' | 'succeeded' | 'failed'
  step: string
  percent: number
  error: string | null
  requestedBy: string | null
  createdAt: CreatedAt
  startedAt: NullableTimestamp
  finishedAt: NullableTimestamp
}

export interface DailyReportsTable {
  id: string
  tenantId: string
  reportDate: DateOnly
  ownerId: string
  teamId: string | null
  summary: ColumnType<string, string | undefined, string>
  plan: ColumnType<string, string | undefined, string>
  issues: ColumnType<string, string | undefined, string>
  status: ColumnType<'draft' | 'submitted', 'draft' | 'submitted' | undefined, 'draft' | 'submitted'>
  submittedAt: NullableTimestamp
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DailyReportCommentsTable {
  id: string
  tenantId: string
  reportId: string
  authorId: string | null
  body: string
  createdAt: CreatedAt
}

export type ContractStatus = 'draft' | 'active' | 'expiring' | 'expired' | 'renewed' | 'cancelled'

export interface ContractsTable {
  id: string
  tenantId: string
  number: string | null
  title: string
  accountId: string
  dealId: string | null
  salesDocumentId: string | null
  terms: string | null
  startDate: DateOnly
  endDate: DateOnly
  renewalDate: NullableDateOnly
  noticeDays: ColumnType<number, number | undefined, number>
  /** numeric(18,2): a decimal string from the driver. */
  value: ColumnType<string | null, number | string | null | undefined, number | string | null>
  currency: ColumnType<string, string | undefined, string>
  billingCycle: ColumnType<'one_off' | 'monthly' | 'yearly', 'one_off' | 'monthly' | 'yearly' | undefined, 'one_off' | 'monthly' | 'yearly'>
  autoRenew: ColumnType<boolean, boolean | undefined, boolean>
  renewalTermMonths: ColumnType<number, number | undefined, number>
  status: ColumnType<ContractStatus, ContractStatus | undefined, ContractStatus>
  remindedForEndDate: NullableDateOnly
  ownerId: string | null
  teamId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface ContractStatusChangesTable {
  id: string
  tenantId: string
  contractId: string
  fromStatus: string | null
  toStatus: string
  note: string | null
  changedBy: string | null
  changedAt: CreatedAt
}

/** 名寄せ: a pair found by the duplicate scan (record_a < record_b). */
export interface DuplicateCandidatesTable {
  id: string
  tenantId: string
  objectType: 'contacts' | 'accounts'
  recordA: string
  recordB: string
  score: number
  reasons: ColumnType<string[], string[] | undefined, string[]>
  status: Generated<'open' | 'dismissed' | 'merged'>
  decidedBy: string | null
  decidedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** 名寄せ: a merged-away id and the record it now resolves to. */
export interface MergedRecordsTable {
  tenantId: string
  objectType: 'contacts' | 'accounts'
  oldId: string
  survivorId: string
  mergedBy: string | null
  mergedAt: CreatedAt
}

export type DocumentRecordType = 'account' | 'contact' | 'deal' | 'sales_document' | 'activity' | 'contract'
export type DocumentCategory = 'brochure' | 'price_list' | 'spec_sheet' | 'template' | 'contract' | 'other'

export interface DocumentsTable {
  id: string
  tenantId: string
  recordType: DocumentRecordType
  recordId: string
  name: string
  description: string | null
  category: ColumnType<DocumentCategory, DocumentCategory | undefined, DocumentCategory>
  currentVersionId: string | null
  ownerId: string | null
  teamId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DocumentVersionsTable {
  id: string
  tenantId: string
  documentId: string
  version: number
  fileName: string
  /** bigint: comes back as a string from PostgreSQL. */
  sizeBytes: ColumnType<string | number, number, number>
  contentType: string
  sha256: string
  storageKey: string
  uploadedBy: string | null
  uploadedAt: CreatedAt
}

export type LeadStatus = 'new' | 'working' | 'qualified' | 'unqualified' | 'converted'
export type LeadSource = 'web_form' | 'import' | 'api' | 'manual' | 'other'
export interface LeadsTable {
  id: string
  tenantId: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  companyName: string | null
  title: string | null
  industry: string | null
  prefecture: string | null
  email: string | null
  phone: string | null
  website: string | null
  message: string | null
  notes: string | null
  source: ColumnType<LeadSource, LeadSource | undefined, LeadSource>
  status: ColumnType<LeadStatus, LeadStatus | undefined, LeadStatus>
  fitScore: ColumnType<number, number | undefined, number>
  engagementScore: ColumnType<number, number | undefined, number>
  score: ColumnType<number, number | undefined, number>
  formSubmissions: ColumnType<number, number | undefined, number>
  webFormId: string | null
  ownerId: string | null
  teamId: string | null
  assignedByRuleId: string | null
  convertedAccountId: string | null
  convertedContactId: string | null
  convertedDealId: string | null
  convertedAt: NullableTimestamp
  convertedBy: string | null
  searchText: ColumnType<string, string | undefined, string>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface LeadWebFormField {
  key: string
  required: boolean
}
export interface LeadWebFormsTable {
  id: string
  tenantId: string
  name: string
  publicKey: string
  fields: JSONColumnType<LeadWebFormField[], string, string>
  thankYouMessage: string | null
  ownerId: string | null
  isActive: ColumnType<boolean, boolean | undefined, boolean>
  submissionCount: ColumnType<number, number | undefined, number>
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface LeadScoringRulesTable {
  id: string
  tenantId: string
  position: number
  category: 'fit' | 'engagement'
  field: string
  operator: string
  value: string | null
  points: number
  maxPoints: number | null
  createdAt: CreatedAt
}

export interface LeadAssignmentRulesTable {
  id: string
  tenantId: string
  position: number
  name: string
  field: string | null
  operator: string | null
  value: string | null
  assignToUserId: string | null
  assignToTeamId: string | null
  /** Round-robin among the members of the lead's territory (territories module). */
  assignByTerritory: Generated<boolean>
  createdAt: CreatedAt
}

export interface LeadRoundRobinCountersTable {
  tenantId: string
  poolKey: string
  turns: ColumnType<number | string, number | string | undefined, number | string>
}

export type LifecycleStage = 'reaching' | 'acquisition' | 'conversion' | 'retention' | 'inspiration'
export type RelationshipStage = 'awareness' | 'exploration' | 'expansion' | 'commitment' | 'dissolution'
export type CustomerType =
  | 'loyal' | 'discount' | 'impulsive' | 'need_based' | 'wanderer' | 'high_volume' | 'high_future_value' | 'benchmark' | 'door_opener' | 'inspiring'

/** 360°: stages and customer type of one account or one contact (customer-360 module). */
export interface CustomerProfilesTable {
  id: string
  tenantId: string
  accountId: string | null
  contactId: string | null
  lifecycleStage: LifecycleStage | null
  relationshipStage: RelationshipStage | null
  customerType: CustomerType | null
  updatedBy: string | null
  updatedAt: UpdatedAt
}

export interface CustomerStageChangesTable {
  id: string
  tenantId: string
  accountId: string | null
  contactId: string | null
  field: 'lifecycleStage' | 'relationshipStage' | 'customerType'
  fromValue: string | null
  toValue: string | null
  changedBy: string | null
  changedAt: CreatedAt
}

/** Comments with @mentions on accounts, contacts and deals (exactly one parent). */
export interface RecordCommentsTable {
  id: string
  tenantId: string
  accountId: string | null
  contactId: string | null
  dealId: string | null
  authorId: string | null
  body: string
  mentionUserIds: ColumnType<string[], string[] | undefined, string[]>
  editedAt: NullableTimestamp
  createdAt: CreatedAt
}

/** Reports module: saved report definitions (definition is checked again on every run). */
export interface SavedReportsTable {
  id: string
  tenantId: string
  ownerId: string | null
  name: string
  description: string | null
  object: string
  definition: ColumnType<unknown, string, string>
  chartType: ColumnType<string, string | undefined, string>
  shared: ColumnType<boolean, boolean | undefined, boolean>
  systemKey: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export type ReportScheduleCadence = 'daily' | 'weekly' | 'monthly'
export interface ReportSchedulesTable {
  id: string
  tenantId: string
  reportId: string
  createdBy: string | null
  recipientUserIds: string[]
  cadence: ReportScheduleCadence
  weekday: number | null
  dayOfMonth: number | null
  hour: number
  timeZone: ColumnType<string, string | undefined, string>
  format: ColumnType<'csv' | 'pdf', 'csv' | 'pdf' | undefined, 'csv' | 'pdf'>
  locale: ColumnType<'ja' | 'en', 'ja' | 'en' | undefined, 'ja' | 'en'>
  active: ColumnType<boolean, boolean | undefined, boolean>
  nextRunAt: ColumnType<Date, Date | string, Date | string>
  lastSentAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  lastError: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DashboardsTable {
  id: string
  tenantId: string
  ownerId: string | null
  name: string
  shared: ColumnType<boolean, boolean | undefined, boolean>
  systemKey: string | null
  position: ColumnType<number, number | undefined, number>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DashboardWidgetsTable {
  id: string
  tenantId: string
  dashboardId: string
  reportId: string
  type: 'kpi' | 'bar' | 'line' | 'pie' | 'funnel' | 'table' | 'leaderboard'
  title: string
  options: ColumnType<unknown, string | undefined, string>
  position: ColumnType<number, number | undefined, number>
  createdAt: CreatedAt
}

/** A viewer's computed dashboard data, reused while fresh (reports module). */
export interface DashboardResultsTable {
  tenantId: string
  dashboardId: string
  userId: string
  cacheKey: string
  data: ColumnType<unknown, string, string>
  computedAt: ColumnType<Date, Date | string | undefined, Date | string>
}

export type EventKind = 'seminar' | 'webinar' | 'meeting'
export type EventStatus = 'draft' | 'published' | 'cancelled' | 'finished'
export type EventRegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled'

/** Events (seminars, webinars, meetings) with a public registration page (events module). */
export interface EventsTable {
  id: string
  tenantId: string
  title: string
  kind: EventKind
  description: string | null
  venue: string | null
  onlineUrl: string | null
  startsAt: ColumnType<Date, Date | string, Date | string>
  endsAt: ColumnType<Date, Date | string, Date | string>
  timeZone: ColumnType<string, string | undefined, string>
  capacity: number | null
  registrationOpensAt: NullableTimestamp
  registrationClosesAt: NullableTimestamp
  status: ColumnType<EventStatus, EventStatus | undefined, EventStatus>
  publicKey: string
  reminderHours: ColumnType<number, number | undefined, number>
  ownerId: string | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface EventRegistrationsTable {
  id: string
  tenantId: string
  eventId: string
  name: string
  nameKana: string | null
  company: string | null
  email: string
  phone: string | null
  status: EventRegistrationStatus
  code: string
  cancelToken: string
  contactId: string | null
  leadId: string | null
  checkedInAt: NullableTimestamp
  checkedInBy: string | null
  promotedAt: NullableTimestamp
  cancelledAt: NullableTimestamp
  reminderSentAt: NullableTimestamp
  followUpTaskId: string | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface DB {
  contracts: ContractsTable
  contractStatusChanges: ContractStatusChangesTable
  tenants: TenantsTable
  users: UsersTable
  roles: RolesTable
  teams: TeamsTable
  memberships: MembershipsTable
  invitations: InvitationsTable
  sessions: SessionsTable
  apiTokens: ApiTokensTable
  passwordResets: PasswordResetsTable
  loginAttempts: LoginAttemptsTable
  auditLog: AuditLogTable
  outboxEvents: OutboxEventsTable
  jobs: JobsTable
  recurringJobs: RecurringJobsTable
  accounts: AccountsTable
  pipelines: PipelinesTable
  pipelineStages: PipelineStagesTable
  deals: DealsTable
  dealStageChanges: DealStageChangesTable
  quotas: QuotasTable
  rfmSettings: RfmSettingsTable
  customerScores: CustomerScoresTable
  customerScoreRuns: CustomerScoreRunsTable
  clvModels: ClvModelsTable
  churnModels: ChurnModelsTable
  churnScores: ChurnScoresTable
  cohortRetention: CohortRetentionTable
  basketRules: BasketRulesTable
  analyticsRuns: AnalyticsRunsTable
  dailyReports: DailyReportsTable
  dailyReportComments: DailyReportCommentsTable
  contacts: ContactsTable
  accountContacts: AccountContactsTable
  imports: ImportsTable
  importMappings: ImportMappingsTable
  activities: ActivitiesTable
  activityAttendees: ActivityAttendeesTable
  calendarFeedTokens: CalendarFeedTokensTable
  notifications: NotificationsTable
  products: ProductsTable
  priceLists: PriceListsTable
  priceListPrices: PriceListPricesTable
  customerGroups: CustomerGroupsTable
  accountCustomerGroups: AccountCustomerGroupsTable
  productConfigurators: ProductConfiguratorsTable
  catalogShareLinks: CatalogShareLinksTable
  billingSettings: BillingSettingsTable
  billingImages: BillingImagesTable
  documentCounters: DocumentCountersTable
  salesDocuments: SalesDocumentsTable
  salesDocumentLines: SalesDocumentLinesTable
  invoicePayments: InvoicePaymentsTable
  duplicateCandidates: DuplicateCandidatesTable
  mergedRecords: MergedRecordsTable
  customFieldDefinitions: CustomFieldDefinitionsTable
  documents: DocumentsTable
  documentVersions: DocumentVersionsTable
  leads: LeadsTable
  leadWebForms: LeadWebFormsTable
  leadScoringRules: LeadScoringRulesTable
  leadAssignmentRules: LeadAssignmentRulesTable
  leadRoundRobinCounters: LeadRoundRobinCountersTable
  savedViews: SavedViewsTable
  customerProfiles: CustomerProfilesTable
  customerStageChanges: CustomerStageChangesTable
  recordComments: RecordCommentsTable
  territories: TerritoriesTable
  territoryMembers: TerritoryMembersTable
  savedReports: SavedReportsTable
  reportSchedules: ReportSchedulesTable
  dashboards: DashboardsTable
  dashboardWidgets: DashboardWidgetsTable
  dashboardResults: DashboardResultsTable
  events: EventsTable
  eventRegistrations: EventRegistrationsTable
  commissionPlans: CommissionPlansTable
  commissionAssignments: CommissionAssignmentsTable
}
