/**
 * 絞り込み条件: nested AND/OR groups of conditions over the list's fields (custom fields included).
 * Field-type-aware operators and value inputs; groups nest up to three levels here (the API allows five).
 */
import { ActionIcon, Button, Card, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { IconPlus, IconSquarePlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { type FilterCondition, type FilterGroup, isGroup, type ListCatalogue, type ListField, type Operator } from './api.ts'
import { FilterValueInput } from './FilterValueInput.tsx'
import { useLabel } from './labels.ts'

const MAX_UI_DEPTH = 3

export const emptyGroup = (combinator: 'and' | 'or' = 'and'): FilterGroup => ({ combinator, conditions: [] })
const newCondition = (): FilterCondition => ({ field: '', operator: 'eq' })

/** Operator names read differently for dates (より後 / より前) than for numbers (より大きい / より小さい). */
export function useOperatorLabel() {
  const { t } = useTranslation('savedViews')
  return (field: ListField | undefined, operator: Operator) =>
    field && (field.type === 'date' || field.type === 'datetime') && ['gt', 'gte', 'lt', 'lte', 'eq'].includes(operator)
      ? t(`operators.date.${operator}`)
      : t(`operators.${operator}`)
}

function ConditionRow({ catalogue, condition, onChange, onRemove }: { catalogue: ListCatalogue; condition: FilterCondition; onChange: (c: FilterCondition) => void; onRemove: () => void }) {
  const { t } = useTranslation('savedViews')
  const label = useLabel()
  const operatorLabel = useOperatorLabel()
  const field = catalogue.fields.find((f) => f.key === condition.field)
  return (
    <Group gap="xs" wrap="wrap" align="flex-start" data-testid="filter-condition">
      <Select
        size="sm"
        style={{ flex: '1 1 160px', minWidth: 0 }}
        aria-label={t('filter.field')}
        placeholder={t('filter.field')}
        data={catalogue.fields.map((f) => ({ value: f.key, label: label(f.label) }))}
        value={condition.field || null}
        searchable
        onChange={(key) => {
          const next = catalogue.fields.find((f) => f.key === key)
          // A new field keeps the operator when it still applies, and always starts with an empty value.
          onChange({ field: key ?? '', operator: next && next.operators.includes(condition.operator) ? condition.operator : (next?.operators[0] ?? 'eq') })
        }}
        data-testid="filter-field"
      />
      <Select
        size="sm"
        style={{ flex: '0 1 150px', minWidth: 0 }}
        aria-label={t('filter.operator')}
        data={(field?.operators ?? ['eq']).map((op) => ({ value: op, label: operatorLabel(field, op) }))}
        value={condition.operator}
        allowDeselect={false}
        disabled={!field}
        onChange={(op) => op && onChange({ field: condition.field, operator: op as Operator })}
        data-testid="filter-operator"
      />
      {field ? <FilterValueInput field={field} operator={condition.operator} value={condition.value} onChange={(value) => onChange({ ...condition, value })} /> : null}
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={onRemove} aria-label={t('filter.remove')} data-testid="filter-remove">
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  )
}

export function FilterGroupEditor({
  catalogue,
  group,
  onChange,
  onRemove,
  depth = 1,
}: {
  catalogue: ListCatalogue
  group: FilterGroup
  onChange: (g: FilterGroup) => void
  onRemove?: () => void
  depth?: number
}) {
  const { t } = useTranslation('savedViews')
  const setAt = (index: number, node: FilterCondition | FilterGroup) => onChange({ ...group, conditions: group.conditions.map((n, i) => (i === index ? node : n)) })
  const removeAt = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) })
  const body = (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <SegmentedControl
            size="xs"
            value={group.combinator}
            onChange={(value) => onChange({ ...group, combinator: value as 'and' | 'or' })}
            data={[
              { value: 'and', label: t('filter.and') },
              { value: 'or', label: t('filter.or') },
            ]}
            data-testid="filter-combinator"
          />
          <Text size="xs" c="dimmed" visibleFrom="xs">
            {t(group.combinator === 'and' ? 'filter.andHint' : 'filter.orHint')}
          </Text>
        </Group>
        {onRemove ? (
          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconTrash size={14} />} onClick={onRemove} data-testid="filter-remove-group">
            {t('filter.removeGroup')}
          </Button>
        ) : null}
      </Group>
      {group.conditions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('filter.noConditions')}
        </Text>
      ) : null}
      {group.conditions.map((node, index) =>
        isGroup(node) ? (
          <FilterGroupEditor key={index} catalogue={catalogue} group={node} depth={depth + 1} onChange={(g) => setAt(index, g)} onRemove={() => removeAt(index)} />
        ) : (
          <ConditionRow key={index} catalogue={catalogue} condition={node} onChange={(c) => setAt(index, c)} onRemove={() => removeAt(index)} />
        ),
      )}
      <Group gap="xs">
        <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange({ ...group, conditions: [...group.conditions, newCondition()] })} data-testid="filter-add-condition">
          {t('filter.addCondition')}
        </Button>
        {depth < MAX_UI_DEPTH ? (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconSquarePlus size={14} />}
            // A new group starts as OR with one empty row: the usual reason to add one.
            onClick={() => onChange({ ...group, conditions: [...group.conditions, { combinator: group.combinator === 'and' ? 'or' : 'and', conditions: [newCondition()] }] })}
            data-testid="filter-add-group"
          >
            {t('filter.addGroup')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  )
  if (depth === 1) return body
  return (
    <Card withBorder padding="sm" radius="md" bg="gray.0" data-testid="filter-group">
      {body}
    </Card>
  )
}

/** How many conditions a filter holds, for the button badge. */
export function countConditions(group: FilterGroup | null): number {
  if (!group) return 0
  return group.conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0)
}
