/**
 * The custom fields (カスタム項目) of a record inside its create/edit form: one input per field type,
 * hidden fields left out, read-only ones disabled, server errors on the field they belong to.
 */
import { Card, Checkbox, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { type CustomFieldDefinition, localized } from './api.ts'
import type { CustomFieldState } from './useCustomFieldValues.ts'

function CustomFieldInput({ definition, state }: { definition: CustomFieldDefinition; state: CustomFieldState }) {
  const { t, i18n } = useTranslation('customFields')
  const key = definition.key
  const value = state.values[key]
  const readonly = state.rule(key) === 'readonly'
  const common = {
    label: localized(definition.label, i18n.language),
    withAsterisk: definition.required,
    disabled: readonly,
    description: readonly ? t('readonlyHint') : undefined,
    error: state.errors[key],
    'data-testid': `custom-field-${key}`,
  }
  const options = definition.options.map((o) => ({ value: o.value, label: localized(o.label, i18n.language) }))
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
  const numeric = typeof value === 'number' ? value : ''
  const setNumber = (v: string | number) => state.setValue(key, v === '' || Number.isNaN(Number(v)) ? null : Number(v))

  switch (definition.type) {
    case 'long_text':
      return <Textarea {...common} value={text} onChange={(e) => state.setValue(key, e.currentTarget.value)} autosize minRows={3} maxRows={10} />
    case 'number':
      return <NumberInput {...common} value={numeric} onChange={setNumber} thousandSeparator="," />
    case 'currency':
      return <NumberInput {...common} value={numeric} onChange={setNumber} thousandSeparator="," prefix="¥" allowDecimal={false} />
    case 'date':
      return <TextInput {...common} type="date" value={text} onChange={(e) => state.setValue(key, e.currentTarget.value)} />
    case 'boolean':
      return (
        <Checkbox
          label={common.label}
          description={common.description}
          disabled={readonly}
          error={common.error}
          checked={value === true}
          onChange={(e) => state.setValue(key, e.currentTarget.checked)}
          data-testid={common['data-testid']}
          mt="lg"
        />
      )
    case 'single_select':
      return <Select {...common} data={options} value={typeof value === 'string' ? value : null} onChange={(v) => state.setValue(key, v)} clearable searchable placeholder={t('choose')} />
    case 'multi_select':
      return <MultiSelect {...common} data={options} value={Array.isArray(value) ? (value as string[]) : []} onChange={(v) => state.setValue(key, v)} clearable searchable placeholder={t('chooseMany')} />
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={text} onChange={(e) => state.setValue(key, e.currentTarget.value.trim())} />
    case 'email':
      return <TextInput {...common} type="email" value={text} onChange={(e) => state.setValue(key, e.currentTarget.value.trim())} />
    case 'phone':
      return <TextInput {...common} type="tel" placeholder="03-1234-5678" value={text} onChange={(e) => state.setValue(key, e.currentTarget.value)} />
    default:
      return <TextInput {...common} value={text} onChange={(e) => state.setValue(key, e.currentTarget.value)} />
  }
}

/** The inputs alone (for modals) or, with `card`, inside a titled card like the other form sections. */
export function CustomFieldInputs({ state, card = true }: { state: CustomFieldState; card?: boolean }) {
  const { t } = useTranslation('customFields')
  const shown = state.definitions.filter((d) => state.rule(d.key) !== 'hidden')
  if (shown.length === 0) return null
  const grid = (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm" data-testid="custom-field-inputs">
      {shown.map((d) => (
        <CustomFieldInput key={d.id} definition={d} state={state} />
      ))}
    </SimpleGrid>
  )
  if (!card) return <Stack gap="xs">{grid}</Stack>
  return (
    <Card padding="lg" mt="md">
      <Title order={5} mb="md">
        {t('sectionTitle')}
      </Title>
      {grid}
    </Card>
  )
}
