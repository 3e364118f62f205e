/** A searchable company picker: asks the server as the user types (same Japanese-aware search as the list). */
import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client.ts'
import { useTranslation } from 'react-i18next'
import { useAccountOptions } from './api.ts'

export function AccountPicker({
  value,
  onChange,
  label,
  testId,
  exclude,
  error,
  initialName,
}: {
  value: string | null
  onChange: (id: string | null, name: string | null) => void
  label: string
  testId: string
  exclude?: string[]
  error?: string
  initialName?: string
}) {
  const { t } = useTranslation('contacts')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const options = useAccountOptions(q)
  const [names, setNames] = useState<Record<string, string>>(() => (value && initialName ? { [value]: initialName } : {}))
  // A company chosen before the picker opened (e.g. /contacts/new?accountId=…) is named from the server.
  const preset = useQuery({
    queryKey: ['accounts', 'one', value ?? ''],
    queryFn: () => api.get<{ id: string; name?: string }>(`/api/v1/accounts/${value}`),
    enabled: !!value && !names[value],
  })
  const found = (options.data?.data ?? []).filter((a) => !exclude?.includes(a.id)).map((a) => ({ value: a.id, label: a.name ?? a.id }))
  // Keep the chosen company in the list even when the current search no longer returns it.
  const data = value && !found.some((o) => o.value === value) ? [{ value, label: names[value] ?? preset.data?.name ?? '…' }, ...found] : found
  return (
    <Select
      label={label || undefined}
      aria-label={label || t('fields.company')}
      data={data}
      value={value}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      placeholder={t('companies.searchAccount')}
      nothingFoundMessage={t('list.none')}
      error={error}
      onChange={(id) => {
        const name = data.find((o) => o.value === id)?.label ?? null
        if (id && name) setNames((n) => ({ ...n, [id]: name }))
        onChange(id, name)
      }}
      data-testid={testId}
    />
  )
}
