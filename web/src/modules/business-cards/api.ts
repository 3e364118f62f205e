/** 名刺 (business card) entry over the API: POST /api/v1/business-cards (docs/api-contract.md). */
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Account } from '../accounts/api.ts'
import type { Contact, ContactAddress, ContactEmail, ContactPhone } from '../contacts/api.ts'

export interface BusinessCardBody {
  contactId?: string
  person: {
    familyName?: string | null
    givenName?: string | null
    familyNameKana?: string | null
    givenNameKana?: string | null
    department?: string | null
    title?: string | null
    emails?: ContactEmail[]
    phones?: ContactPhone[]
    addresses?: Partial<ContactAddress>[]
  }
  company?: { accountId: string } | { name: string; nameKana?: string | null; phone?: string | null; website?: string | null } | null
}

export interface BusinessCardResult {
  contact: Contact
  account: Account | null
  contactCreated: boolean
  accountCreated: boolean
}

export function useSaveBusinessCard() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: BusinessCardBody) => api.post<BusinessCardResult>('/api/v1/business-cards', body),
    onSuccess: (result) => {
      client.setQueryData(['contacts', 'one', result.contact.id], result.contact)
      void client.invalidateQueries({ queryKey: ['contacts'] })
      void client.invalidateQueries({ queryKey: ['accounts'] })
      void client.invalidateQueries({ queryKey: ['duplicates'] })
    },
  })
}
