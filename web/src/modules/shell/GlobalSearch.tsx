/**
 * The header search box: searches accounts and contacts as you type (debounced), shows ranked results grouped by
 * type, ↑/↓ move, Enter opens the highlighted result (the best one unless you moved), Esc closes.
 * Ctrl+K (⌘K on a Mac) or / from anywhere puts the cursor in the box.
 * Matching is Japanese-aware on the server (ﾀﾅｶ = たなか = タナカ, 03-1234-5678 = 0312345678, 髙 = 高).
 */
import { CloseButton, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core'
import { useDebouncedValue, useHotkeys } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../../api/client.ts'

export type SearchType = 'accounts' | 'contacts'

export interface SearchHit {
  type: SearchType
  id: string
  title: string
  subtitle: string | null
  score: number
}

const TYPE_ORDER: SearchType[] = ['accounts', 'contacts']
const PATHS: Record<SearchType, (id: string) => string> = {
  accounts: (id) => `/accounts/${id}`,
  contacts: (id) => `/contacts/${id}`,
}

/** Hits grouped by type; groups ordered by their best hit so the most relevant group comes first. */
export function groupHits(hits: SearchHit[]): { type: SearchType; hits: SearchHit[] }[] {
  const groups = TYPE_ORDER.map((type) => ({ type, hits: hits.filter((h) => h.type === type) })).filter((g) => g.hits.length > 0)
  return groups.sort((a, b) => (b.hits[0]?.score ?? 0) - (a.hits[0]?.score ?? 0))
}

export function GlobalSearch() {
  const { t } = useTranslation('shell')
  const navigate = useNavigate()
  const [value, setValue] = useState('')
  const [q] = useDebouncedValue(value.trim(), 200)
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() })
  const input = useRef<HTMLInputElement>(null)
  // Not while typing in another field: "/" is a character there (useHotkeys ignores inputs by default).
  useHotkeys([
    ['mod+K', () => input.current?.focus()],
    ['/', () => input.current?.focus()],
  ])

  const result = useQuery({
    queryKey: ['search', q],
    queryFn: () => api.get<{ data: SearchHit[] }>('/api/v1/search', { q, limit: 10 }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  })
  const hits = q.length > 0 ? (result.data?.data ?? []) : []
  const groups = groupHits(hits)
  const flat = groups.flatMap((g) => g.hits)

  // New results: highlight the best one, so Enter opens it.
  useEffect(() => {
    if (flat.length > 0) combobox.selectFirstOption()
  }, [result.data, q])

  const open = (key: string) => {
    const [type, id] = key.split(':') as [SearchType, string]
    setValue('')
    combobox.closeDropdown()
    void navigate(PATHS[type](id))
  }

  const searching = value.trim().length > 0 && (value.trim() !== q || result.isFetching)

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start" width={360}>
      <Combobox.Target>
        <TextInput
          ref={input}
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value)
            combobox.openDropdown()
          }}
          onFocus={() => value.trim() && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={searching ? <Loader size={14} data-testid="global-search-loading" /> : <IconSearch size={16} />}
          rightSection={value ? <CloseButton size="sm" aria-label={t('search.clear')} onMouseDown={(e) => e.preventDefault()} onClick={() => setValue('')} /> : null}
          w={{ base: 150, xs: 220, sm: 300 }}
          size="sm"
          data-testid="global-search"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={value.trim().length === 0} data-testid="global-search-results">
        <Combobox.Options mah={420} style={{ overflowY: 'auto' }}>
          {groups.map((group) => (
            <Combobox.Group key={group.type} label={t(`search.types.${group.type}`)} data-testid={`global-search-group-${group.type}`}>
              {group.hits.map((hit) => (
                <Combobox.Option key={`${hit.type}:${hit.id}`} value={`${hit.type}:${hit.id}`} data-testid="global-search-result" data-type={hit.type} data-id={hit.id}>
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="sm" fw={500} truncate>
                      {hit.title || t('search.untitled')}
                    </Text>
                  </Group>
                  {hit.subtitle ? (
                    <Text size="xs" c="dimmed" truncate>
                      {hit.subtitle}
                    </Text>
                  ) : null}
                </Combobox.Option>
              ))}
            </Combobox.Group>
          ))}
          {q.length > 0 && !searching && result.isSuccess && flat.length === 0 ? (
            <Combobox.Empty data-testid="global-search-empty">{t('search.empty', { q })}</Combobox.Empty>
          ) : null}
          {result.isError ? <Combobox.Empty data-testid="global-search-error">{t('search.error')}</Combobox.Empty> : null}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}
