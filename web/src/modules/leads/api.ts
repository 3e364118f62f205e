/** Leads (リード) over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export const LEAD_STATUSES = ['new', 'working', 'qualified', 'unqualified', 'converted'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]
export const LEAD_PROFILE_KEYS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'companyName', 'title', 'industry', 'prefecture', 'email', 'phone', 'website', 'message'] as const
export type LeadProfileKey = (typeof LEAD_PROFILE_KEYS)[number]

export interface Lead {
  id: string
  familyName?: string | null
  givenName?: string | null
  familyNameKana?: string | null
  givenNameKana?: string | null
  displayName: string
  companyName?: string | null
  title?: string | null
  industry?: string | null
  prefecture?: string | null
  email?: string | null
  phone?: string | null
  website?: string | null
  message?: string | null
  notes?: string | null
  source: 'web_form' | 'import' | 'api' | 'manual' | 'other'
  status: LeadStatus
  score: number
  fitScore: number
  engagementScore: number
  formSubmissions: number
  webFormId: string | null
  ownerId?: string | null
  ownerName?: string | null
  convertedAccountId: string | null
  convertedContactId: string | null
  convertedDealId: string | null
  convertedAt: string | null
  createdAt: string
  updatedAt: string
}

export type LeadWrite = Partial<Record<LeadProfileKey | 'notes' | 'ownerId', string | null>> & { status?: Exclude<LeadStatus, 'converted'>; source?: Lead['source'] }

export interface Match {
  id: string
  name: string
  score: number
  level: 'likely' | 'possible' | 'none'
  reasons: string[]
}

export interface ConvertedRecord {
  id: string
  name: string
  outcome: 'created' | 'linked'
}

export interface Conversion {
  lead: Lead
  account: ConvertedRecord | null
  contact: ConvertedRecord
  deal: { id: string; name: string } | null
}

export interface ConvertRequest {
  accountId?: string | null
  contactId?: string | null
  deal?: { name?: string; pipelineId?: string; stageId?: string; amount?: number | null } | null
}

export interface WebFormField {
  key: LeadProfileKey
  required: boolean
}

export interface WebForm {
  id: string
  name: string
  publicKey: string
  fields: WebFormField[]
  thankYouMessage: string | null
  ownerId: string | null
  ownerName: string | null
  isActive: boolean
  submissionCount: number
  createdAt: string
}

export type WebFormWrite = Pick<WebForm, 'name' | 'fields' | 'thankYouMessage' | 'ownerId' | 'isActive'>

export interface ScoringRule {
  id?: string
  category: 'fit' | 'engagement'
  field: string
  operator?: string
  value?: string | null
  points: number
  maxPoints?: number | null
}

export interface AssignmentRule {
  id?: string
  name: string
  field: string | null
  operator: string | null
  value: string | null
  assignToUserId: string | null
  assignToUserName?: string | null
  assignToTeamId: string | null
  assignToTeamName?: string | null
  /** Round-robin among the members of the lead's territory (by prefecture and industry). */
  assignByTerritory?: boolean
}

export const CONDITION_FIELDS = [...LEAD_PROFILE_KEYS.filter((k) => k !== 'message'), 'source', 'emailDomain'] as const
export const CONDITION_OPERATORS = ['equals', 'contains', 'in', 'present'] as const

export interface LeadListFilter {
  q: string
  status: LeadStatus | ''
  sort: '-createdAt' | '-score'
}

export function useLeadList(filter: LeadListFilter) {
  return useInfiniteQuery({
    queryKey: ['leads', 'list', filter],
    queryFn: ({ pageParam }) => api.get<Page<Lead>>('/api/v1/leads', { ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Leads arrive from outside (web forms, the API) while the page is closed: always ask again on opening.
    refetchOnMount: 'always',
  })
}

export function useLead(id: string) {
  return useQuery({ queryKey: ['leads', 'one', id], queryFn: () => api.get<Lead>(`/api/v1/leads/${id}`), enabled: id !== '' })
}

export function useLeadMatches(id: string, enabled: boolean) {
  return useQuery({ queryKey: ['leads', 'matches', id], queryFn: () => api.get<{ accounts: Match[]; contacts: Match[] }>(`/api/v1/leads/${id}/matches`), enabled })
}

export function useSaveLead(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: LeadWrite) => (id ? api.patch<Lead>(`/api/v1/leads/${id}`, body) : api.post<Lead>('/api/v1/leads', body)),
    onSuccess: (lead) => {
      client.setQueryData(['leads', 'one', lead.id], lead)
      void client.invalidateQueries({ queryKey: ['leads', 'list'] })
    },
  })
}

export function useDeleteLead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/leads/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['leads'] }),
  })
}

export function useConvertLead(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: ConvertRequest) => api.post<Conversion>(`/api/v1/leads/${id}/convert`, body),
    onSuccess: (result) => {
      client.setQueryData(['leads', 'one', id], result.lead)
      void client.invalidateQueries({ queryKey: ['leads', 'list'] })
      void client.invalidateQueries({ queryKey: ['accounts'] })
      void client.invalidateQueries({ queryKey: ['contacts'] })
      void client.invalidateQueries({ queryKey: ['deals'] })
    },
  })
}

export function useWebForms() {
  return useQuery({ queryKey: ['lead-forms'], queryFn: () => api.get<{ data: WebForm[] }>('/api/v1/lead-forms'), select: (r) => r.data })
}

export function useSaveWebForm(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<WebFormWrite>) => (id ? api.patch<WebForm>(`/api/v1/lead-forms/${id}`, body) : api.post<WebForm>('/api/v1/lead-forms', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['lead-forms'] }),
  })
}

export function useDeleteWebForm() {
  const client = useQueryClient()
  return useMutation({ mutationFn: (id: string) => api.delete(`/api/v1/lead-forms/${id}`), onSuccess: () => void client.invalidateQueries({ queryKey: ['lead-forms'] }) })
}

export function useScoringRules() {
  return useQuery({ queryKey: ['lead-scoring-rules'], queryFn: () => api.get<{ data: ScoringRule[] }>('/api/v1/lead-scoring-rules'), select: (r) => r.data })
}

export function useSaveScoringRules() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (rules: ScoringRule[]) => api.put<{ data: ScoringRule[]; rescored: number }>('/api/v1/lead-scoring-rules', { rules }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['lead-scoring-rules'] })
      void client.invalidateQueries({ queryKey: ['leads'] })
    },
  })
}

export function useAssignmentRules() {
  return useQuery({ queryKey: ['lead-assignment-rules'], queryFn: () => api.get<{ data: AssignmentRule[] }>('/api/v1/lead-assignment-rules'), select: (r) => r.data })
}

export function useSaveAssignmentRules() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (rules: AssignmentRule[]) => api.put<{ data: AssignmentRule[] }>('/api/v1/lead-assignment-rules', { rules }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['lead-assignment-rules'] }),
  })
}

export function useMemberOptions() {
  return useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => api.get<Page<{ id: string; name: string; status?: string }>>('/api/v1/users', { limit: 200 }),
    select: (p) => p.data,
  })
}
