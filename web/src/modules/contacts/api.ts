/** Contacts (担当者), their companies (with history) and the account hierarchy over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type EmailType = 'work' | 'personal' | 'other'
export type PhoneType = 'mobile' | 'work' | 'home' | 'fax'
export type AddressType = 'work' | 'home' | 'other'
export type Channel = 'email' | 'phone' | 'mail' | 'none'

export interface ContactEmail {
  type: EmailType
  address: string
  primary: boolean
}
export interface ContactPhone {
  type: PhoneType
  number: string
  primary: boolean
}
export interface ContactAddress {
  type: AddressType
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
export interface AccountRef {
  id: string
  name: string
}

export interface Contact {
  id: string
  familyName?: string | null
  givenName?: string | null
  familyNameKana?: string | null
  givenNameKana?: string | null
  displayName?: string
  emails?: ContactEmail[]
  phones?: ContactPhone[]
  addresses?: ContactAddress[]
  preferredChannel?: Channel | null
  doNotEmail?: boolean
  doNotCall?: boolean
  doNotMail?: boolean
  birthday?: string | null
  anniversary?: string | null
  occupation?: string | null
  department?: string | null
  title?: string | null
  ownerId?: string | null
  ownerName?: string | null
  teamId?: string | null
  tags?: string[]
  notes?: string | null
  custom?: Record<string, unknown>
  primaryAccount: AccountRef | null
  createdAt: string
  updatedAt: string
}

export interface ContactLink {
  id: string
  contactId: string
  contactName?: string
  accountId: string
  accountName: string
  title: string | null
  role: string | null
  isPrimary: boolean
  startedOn: string | null
  endedOn: string | null
  current: boolean
  createdAt: string
}

export interface AccountHierarchy {
  id: string
  parent: AccountRef | null
  ancestors: AccountRef[]
  children: AccountRef[]
}

export type ContactSort = 'kana' | 'name' | '-createdAt'
export type ContactWrite = Partial<Omit<Contact, 'id' | 'ownerName' | 'primaryAccount' | 'createdAt' | 'updatedAt'>> & { accountId?: string }

const PAGE_SIZE = 50

export function useContactList(q: string, sort: ContactSort, filter: { accountId?: string; tag?: string } = {}) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'list', { q, sort, ...filter }],
    queryFn: ({ pageParam }) => api.get<Page<Contact>>('/api/v1/contacts', { q, sort, ...filter, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useContact(id: string) {
  return useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => api.get<Contact>(`/api/v1/contacts/${id}`), enabled: id !== '' })
}

function useInvalidateContacts() {
  const client = useQueryClient()
  return (id?: string) => {
    void client.invalidateQueries({ queryKey: ['contacts', 'list'] })
    void client.invalidateQueries({ queryKey: ['contacts', 'links'] })
    void client.invalidateQueries({ queryKey: ['accounts', 'contacts'] })
    if (id) void client.invalidateQueries({ queryKey: ['contacts', 'one', id] })
  }
}

export function useSaveContact(id?: string) {
  const client = useQueryClient()
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (body: ContactWrite) => (id ? api.patch<Contact>(`/api/v1/contacts/${id}`, body) : api.post<Contact>('/api/v1/contacts', body)),
    onSuccess: (contact) => {
      client.setQueryData(['contacts', 'one', contact.id], contact)
      invalidate()
    },
  })
}

export function useDeleteContact() {
  const client = useQueryClient()
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/contacts/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: ['contacts', 'one', id] })
      invalidate()
    },
  })
}

export function useContactAccounts(id: string, enabled = true) {
  return useQuery({
    queryKey: ['contacts', 'links', id],
    queryFn: async () => (await api.get<{ data: ContactLink[] }>(`/api/v1/contacts/${id}/accounts`)).data,
    enabled: enabled && id !== '',
  })
}

export interface MoveBody {
  accountId: string
  title?: string | null
  role?: string | null
  department?: string | null
  startedOn?: string | null
}

export function useMoveContact(id: string) {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (body: MoveBody) => api.post<{ data: ContactLink[] }>(`/api/v1/contacts/${id}/move`, body),
    onSuccess: () => invalidate(id),
  })
}

export interface LinkBody {
  accountId: string
  title?: string | null
  role?: string | null
  isPrimary?: boolean
  startedOn?: string | null
  endedOn?: string | null
}

export function useLinkContact(id: string) {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (body: LinkBody) => api.post<ContactLink>(`/api/v1/contacts/${id}/accounts`, body),
    onSuccess: () => invalidate(id),
  })
}

export function useUpdateLink(id: string) {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: ({ linkId, ...body }: Partial<Omit<LinkBody, 'accountId'>> & { linkId: string }) =>
      api.patch<ContactLink>(`/api/v1/contacts/${id}/accounts/${linkId}`, body),
    onSuccess: () => invalidate(id),
  })
}

export function useAccountContacts(accountId: string, includeFormer: boolean, enabled = true) {
  return useQuery({
    queryKey: ['accounts', 'contacts', accountId, includeFormer],
    queryFn: async () => (await api.get<{ data: ContactLink[] }>(`/api/v1/accounts/${accountId}/contacts`, { includeFormer: includeFormer ? 'true' : undefined })).data,
    enabled,
  })
}

export function useAccountHierarchy(accountId: string) {
  return useQuery({
    queryKey: ['accounts', 'hierarchy', accountId],
    queryFn: () => api.get<AccountHierarchy>(`/api/v1/accounts/${accountId}/hierarchy`),
  })
}

export function useSetParent(accountId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (parentAccountId: string | null) => api.put<AccountHierarchy>(`/api/v1/accounts/${accountId}/parent`, { parentAccountId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['accounts'] }),
  })
}

/** Accounts matching what the user types, for pickers (company for a contact, parent company). */
export function useAccountOptions(q: string) {
  return useQuery({
    queryKey: ['accounts', 'options', q],
    queryFn: () => api.get<Page<{ id: string; name?: string }>>('/api/v1/accounts', { q, sort: 'name', limit: 20 }),
    staleTime: 30_000,
  })
}
