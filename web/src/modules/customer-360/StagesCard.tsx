/**
 * ライフサイクル / 関係性ステージ as steppers (click a step to move there; labels drop on phones) with a history popover each,
 * and the hand-set 顧客タイプ. Read-only for roles that may not update the record.
 */
import { ActionIcon, Card, Group, Popover, ScrollArea, Select, Stack, Stepper, Text, Title, Tooltip } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconHistory } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../../components/errors.ts'
import { useFormat } from '../../i18n/format.ts'
import { CUSTOMER_TYPES, type CustomerRecordType, type CustomerStages, LIFECYCLE_STAGES, RELATIONSHIP_STAGES, type StageField, useSetStages } from './api.ts'

/** Which translation group names a field's values. */
export const VALUE_GROUP: Record<StageField, string> = { lifecycleStage: 'lifecycle', relationshipStage: 'relationship', customerType: 'customerTypes' }

function StageHistory({ field, stages }: { field: StageField; stages: CustomerStages }) {
  const { t } = useTranslation('customer360')
  const format = useFormat()
  const label = (value: string | null) => (value ? t(`${VALUE_GROUP[field]}.${value}`) : t('stages.notSet'))
  const entries = stages.history.filter((h) => h.field === field)
  return (
    <Popover width={300} position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Tooltip label={t('stages.history')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('stages.history')} data-testid={`stage-history-${field}`}>
            <IconHistory size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid={`stage-history-list-${field}`}>
        <Text fw={600} size="sm" mb="xs">
          {t(`stages.${field}`)} — {t('stages.history')}
        </Text>
        {entries.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('stages.historyEmpty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={260}>
            <Stack gap={6}>
              {entries.map((h) => (
                <div key={h.id}>
                  <Text size="sm">{t('stages.historyLine', { from: label(h.from), to: label(h.to) })}</Text>
                  <Text size="xs" c="dimmed">
                    {format.dateTime(h.changedAt)} · {h.changedByName ?? t('timeline.someone')}
                  </Text>
                </div>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  )
}

interface StagesCardProps {
  type: CustomerRecordType
  id: string
  stages: CustomerStages
  canUpdate: boolean
}

export function StagesCard({ type, id, stages, canUpdate }: StagesCardProps) {
  const { t } = useTranslation('customer360')
  const narrow = useMediaQuery('(max-width: 48em)')
  const save = useSetStages(type, id)
  const set = async (field: StageField, value: string | null) => {
    if (!canUpdate || value === stages[field]) return
    try {
      await save.mutateAsync({ [field]: value })
      notifications.show({ color: 'teal', message: t('stages.saved', { field: t(`stages.${field}`) }) })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  const stepper = (field: 'lifecycleStage' | 'relationshipStage', values: readonly string[]) => {
    const current = stages[field]
    return (
      <Stack gap="xs" data-testid={`stage-${field}`} data-value={current ?? ''}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            {t(`stages.${field}`)}
            {/* On phones the steps carry no labels, so the current one is named here. */}
            {narrow ? (
              <Text span size="sm" c="dimmed" fw={400}>
                {' '}
                {current ? t(`${VALUE_GROUP[field]}.${current}`) : t('stages.notSet')}
              </Text>
            ) : null}
          </Text>
          <StageHistory field={field} stages={stages} />
        </Group>
        <Stepper
          active={current ? values.indexOf(current) : -1}
          onStepClick={canUpdate && !save.isPending ? (index) => void set(field, values[index] ?? null) : undefined}
          allowNextStepsSelect={canUpdate}
          size="xs"
          iconSize={narrow ? 28 : undefined}
        >
          {values.map((value) => (
            <Stepper.Step
              key={value}
              label={narrow ? undefined : t(`${VALUE_GROUP[field]}.${value}`)}
              aria-label={t(`${VALUE_GROUP[field]}.${value}`)}
              data-testid={`stage-${field}-${value}`}
            />
          ))}
        </Stepper>
      </Stack>
    )
  }
  return (
    <Card padding="lg" data-testid="customer-stages">
      <Group justify="space-between" mb="md">
        <Title order={5}>{t('stages.title')}</Title>
        {!canUpdate ? (
          <Text size="xs" c="dimmed">
            {t('stages.readOnly')}
          </Text>
        ) : null}
      </Group>
      <Stack gap="lg">
        {stepper('lifecycleStage', LIFECYCLE_STAGES)}
        {stepper('relationshipStage', RELATIONSHIP_STAGES)}
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <Select
            label={t('stages.customerType')}
            placeholder={t('stages.customerTypePlaceholder')}
            data={CUSTOMER_TYPES.map((value) => ({ value, label: t(`customerTypes.${value}`) }))}
            value={stages.customerType}
            onChange={(value) => void set('customerType', value)}
            clearable
            disabled={!canUpdate || save.isPending}
            maw={320}
            style={{ flex: 1 }}
            data-testid="customer-type-select"
          />
          <StageHistory field="customerType" stages={stages} />
        </Group>
      </Stack>
    </Card>
  )
}
