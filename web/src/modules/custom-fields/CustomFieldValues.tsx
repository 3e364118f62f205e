/** The custom fields (カスタム項目) of a record on its detail page; nothing when the object has none. */
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useFieldRules } from '../../auth/session.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type CustomFieldDefinition, type CustomFieldObject, type CustomValues, localized, useCustomFields } from './api.ts'
import { customFieldRule, isEmptyValue } from './useCustomFieldValues.ts'

function useDisplay() {
  const { t, i18n } = useTranslation('customFields')
  const format = useFormat()
  return (definition: CustomFieldDefinition, value: unknown): ReactNode => {
    if (isEmptyValue(value)) return '—'
    const option = (v: unknown) => {
      const found = definition.options.find((o) => o.value === v)
      return found ? localized(found.label, i18n.language) : String(v)
    }
    switch (definition.type) {
      case 'number':
        return format.number(Number(value))
      case 'currency':
        return format.yen(Number(value))
      // A plain date has no time zone: noon UTC shows the same day everywhere.
      case 'date':
        return format.date(`${String(value)}T12:00:00Z`)
      case 'boolean':
        return value === true ? t('common:states.yes') : t('common:states.no')
      case 'single_select':
        return option(value)
      case 'multi_select':
        return (
          <Group component="span" gap={4}>
            {(value as unknown[]).map((v) => (
              <Badge key={String(v)} variant="light" size="sm">
                {option(v)}
              </Badge>
            ))}
          </Group>
        )
      case 'url':
        return (
          <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm">
            {String(value)}
          </Anchor>
        )
      case 'email':
        return (
          <Anchor href={`mailto:${String(value)}`} size="sm">
            {String(value)}
          </Anchor>
        )
      case 'phone':
        return (
          <Anchor href={`tel:${String(value).replace(/[^\d+]/g, '')}`} size="sm">
            {String(value)}
          </Anchor>
        )
      default:
        return String(value)
    }
  }
}

export function CustomFieldValues({ object, values }: { object: CustomFieldObject; values: CustomValues | undefined }) {
  const { t, i18n } = useTranslation('customFields')
  const definitions = useCustomFields(object)
  const roleRule = useFieldRules(object)
  const display = useDisplay()
  const shown = (definitions.data ?? []).filter((d) => customFieldRule(roleRule, d.key) !== 'hidden')
  if (shown.length === 0) return null
  return (
    <Card padding="lg" data-testid="custom-field-values">
      <Title order={5} mb="md">
        {t('sectionTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        {shown.map((d) => (
          <Stack key={d.id} gap={2}>
            <Text size="xs" c="dimmed" fw={600}>
              {localized(d.label, i18n.language)}
            </Text>
            <Text size="sm" component="div" data-testid={`custom-value-${d.key}`} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {display(d, values?.[d.key])}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
  )
}
