/** The value input of one filter condition, shaped by the field type and operator (two inputs for "between", a list for "in"). */
import { MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { AccountPicker } from '../contacts/AccountPicker.tsx'
import { type ListField, type Operator, usePeople, useTeams } from './api.ts'
import { useLabel } from './labels.ts'

interface Props {
  field: ListField
  operator: Operator
  value: unknown
  onChange: (value: unknown) => void
}

const asString = (v: unknown) => (typeof v === 'string' ? v : '')
const asList = (v: unknown) => (Array.isArray(v) ? (v as string[]) : [])

export function FilterValueInput({ field, operator, value, onChange }: Props) {
  const { t } = useTranslation('savedViews')
  const label = useLabel()
  const people = usePeople()
  const teams = useTeams()
  const common = { 'aria-label': t('filter.value'), 'data-testid': 'filter-value', size: 'sm' as const, style: { flex: '1 1 180px', minWidth: 0 } }
  if (operator === 'isEmpty' || operator === 'isNotEmpty') return null

  if (operator === 'between') {
    const [from, to] = Array.isArray(value) ? (value as unknown[]) : [undefined, undefined]
    const set = (index: 0 | 1, v: unknown) => onChange(index === 0 ? [v, to] : [from, v])
    if (field.type === 'number') {
      return (
        <>
          <NumberInput {...common} placeholder={t('filter.from')} value={typeof from === 'number' ? from : ''} onChange={(v) => set(0, typeof v === 'number' ? v : undefined)} />
          <NumberInput {...common} data-testid="filter-value-to" placeholder={t('filter.to')} value={typeof to === 'number' ? to : ''} onChange={(v) => set(1, typeof v === 'number' ? v : undefined)} />
        </>
      )
    }
    return (
      <>
        <TextInput {...common} type="date" value={asString(from)} onChange={(e) => set(0, e.currentTarget.value)} />
        <TextInput {...common} data-testid="filter-value-to" type="date" value={asString(to)} onChange={(e) => set(1, e.currentTarget.value)} />
      </>
    )
  }

  const choices = (() => {
    if (field.type === 'select') return (field.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }))
    if (field.type === 'user') return [{ value: '$me', label: t('filter.me') }, ...(people.data ?? []).map((u) => ({ value: u.id, label: u.name }))]
    if (field.type === 'team') return (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))
    return null
  })()
  if (choices) {
    if (operator === 'in') return <MultiSelect {...common} data={choices} value={asList(value)} onChange={onChange} searchable />
    return <Select {...common} data={choices} value={asString(value) || null} onChange={(v) => onChange(v ?? '')} searchable />
  }

  switch (field.type) {
    case 'number':
      return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : undefined)} />
    case 'date':
    case 'datetime':
      return <TextInput {...common} type="date" value={asString(value)} onChange={(e) => onChange(e.currentTarget.value)} />
    case 'boolean':
      return (
        <Select
          {...common}
          data={[
            { value: 'true', label: t('filter.yes') },
            { value: 'false', label: t('filter.no') },
          ]}
          value={value === true ? 'true' : value === false ? 'false' : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
        />
      )
    case 'account':
      return (
        <div style={common.style}>
          <AccountPicker label="" value={asString(Array.isArray(value) ? value[0] : value) || null} onChange={(id) => onChange(operator === 'in' ? (id ? [id] : []) : (id ?? ''))} testId="filter-value" />
        </div>
      )
    case 'tags':
      return <TagsInput {...common} placeholder={t('filter.tagsPlaceholder')} value={Array.isArray(value) ? (value as string[]) : value ? [String(value)] : []} onChange={onChange} />
    default:
      if (operator === 'in') return <TagsInput {...common} placeholder={t('filter.listPlaceholder')} value={asList(value)} onChange={onChange} />
      return <TextInput {...common} value={asString(value)} onChange={(e) => onChange(e.currentTarget.value)} />
  }
}
