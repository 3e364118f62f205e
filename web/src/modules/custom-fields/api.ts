/** Custom field definitions (カスタム項目) over the API: types and react-query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'

export const CUSTOM_FIELD_OBJECTS = ['accounts', 'contacts', 'deals'] as const
export type CustomFieldObject = (typeof CUSTOM_FIELD_OBJECTS)[number]
export const CUSTOM_FIELD_TYPES = ['text', 'long_text', 'number', 'currency', 'date', 'boolean', 'single_select', 'multi_select', 'url', 'email', 'phone'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]

export interface LocalizedLabel {
  ja: string
  en: string
}

export interface CustomFieldOption {
  value: string
  label: LocalizedLabel
}

export interface CustomFieldDefinition {
  id: string
  object: CustomFieldObject
  key: string
  label: LocalizedLabel
  type: CustomFieldType
  options: CustomFieldOption[]
  required: boolean
  unique: boolean
  defaultValue: unknown
  position: number
  active: boolean
  createdAt: string
  updatedAt: string
}

export type CustomValues = Record<string, unknown>

export interface CustomFieldWrite {
  object?: CustomFieldObject
  key?: string
  label?: LocalizedLabel
  type?: CustomFieldType
  options?: CustomFieldOption[]
  required?: boolean
  unique?: boolean
  defaultValue?: unknown
  position?: number
  active?: boolean
}

export const SELECT_TYPES: readonly CustomFieldType[] = ['single_select', 'multi_select']
/** The server refuses uniqueness on these types. */
export const NEVER_UNIQUE: readonly CustomFieldType[] = ['boolean', 'multi_select', 'long_text']

const byPosition = (a: CustomFieldDefinition, b: CustomFieldDefinition) => a.position - b.position || a.key.localeCompare(b.key)

/** Active definitions of one object (forms and detail pages), or all of them (admin screen). */
export function useCustomFields(object: CustomFieldObject, options: { includeInactive?: boolean } = {}) {
  const includeInactive = options.includeInactive ?? false
  return useQuery({
    queryKey: ['custom-fields', object, { includeInactive }],
    queryFn: async () => {
      const page = await api.get<{ data: CustomFieldDefinition[] }>('/api/v1/custom-fields', { object, includeInactive: includeInactive ? 'true' : undefined })
      return [...page.data].sort(byPosition)
    },
    staleTime: 60_000,
  })
}

export function useSaveCustomField(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CustomFieldWrite) =>
      id ? api.patch<CustomFieldDefinition>(`/api/v1/custom-fields/${id}`, body) : api.post<CustomFieldDefinition>('/api/v1/custom-fields', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['custom-fields'] }),
  })
}

export function useDeleteCustomField() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/custom-fields/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['custom-fields'] }),
  })
}

/** The label in the user's language (the other one when it is blank). */
export function localized(label: LocalizedLabel, language: string): string {
  return (language.startsWith('en') ? label.en || label.ja : label.ja || label.en) ?? ''
}
