/** Scoring rules editor: fit rules (field · condition · value → points) and engagement rules (points per signal, capped). */
import { ActionIcon, Button, Card, Group, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { CONDITION_FIELDS, CONDITION_OPERATORS, type ScoringRule, useSaveScoringRules, useScoringRules } from './api.ts'

export function useConditionOptions() {
  const { t } = useTranslation('leads')
  return {
    fields: CONDITION_FIELDS.map((f) => ({ value: f, label: t(`fields.${f === 'source' ? 'source_' : f}`) })),
    operators: CONDITION_OPERATORS.map((o) => ({ value: o, label: t(`operators.${o}`) })),
  }
}

export function ScoringRulesPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('leads')
  const saved = useScoringRules()
  const save = useSaveScoringRules()
  const options = useConditionOptions()
  const [rules, setRules] = useState<ScoringRule[]>([])
  useEffect(() => {
    if (saved.data) setRules(saved.data)
  }, [saved.data])
  if (saved.isPending) return <CenteredLoader />

  const update = (index: number, patch: Partial<ScoringRule>) => setRules(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  const remove = (index: number) => setRules(rules.filter((_, i) => i !== index))
  const submit = () =>
    save.mutate(
      rules.map((r) =>
        r.category === 'fit'
          ? { category: 'fit', field: r.field, operator: r.operator ?? 'equals', value: r.operator === 'present' ? null : (r.value ?? ''), points: r.points }
          : { category: 'engagement', field: r.field, points: r.points, maxPoints: r.maxPoints ?? null },
      ),
      { onSuccess: (result) => notifications.show({ color: 'teal', message: t('scoring.saved', { count: result.rescored }) }) },
    )

  const section = (category: 'fit' | 'engagement') => (
    <Card padding="lg">
      <Title order={5} mb="sm">
        {t(`scoring.${category}`)}
      </Title>
      <Stack gap="xs">
        {rules.every((r) => r.category !== category) ? (
          <Text size="sm" c="dimmed">
            {t('scoring.empty')}
          </Text>
        ) : null}
        {rules.map((rule, index) =>
          rule.category !== category ? null : (
            <Group key={index} gap="xs" wrap="wrap" align="flex-end" data-testid={`scoring-rule-${category}`}>
              {category === 'fit' ? (
                <>
                  <Select label={t('scoring.field')} data={options.fields} value={rule.field} onChange={(v) => update(index, { field: v ?? 'industry' })} allowDeselect={false} w={170} disabled={!canEdit} />
                  <Select label={t('scoring.operator')} data={options.operators} value={rule.operator ?? 'equals'} onChange={(v) => update(index, { operator: v ?? 'equals' })} allowDeselect={false} w={140} disabled={!canEdit} />
                  {rule.operator !== 'present' ? (
                    <TextInput label={t('scoring.value')} value={rule.value ?? ''} onChange={(e) => update(index, { value: e.currentTarget.value })} style={{ flex: '1 1 160px' }} disabled={!canEdit} />
                  ) : null}
                </>
              ) : (
                <>
                  <Select
                    label={t('scoring.field')}
                    data={(['formSubmissions', 'activities'] as const).map((s) => ({ value: s, label: t(`scoring.signals.${s}`) }))}
                    value={rule.field}
                    onChange={(v) => update(index, { field: v ?? 'formSubmissions' })}
                    allowDeselect={false}
                    w={170}
                    disabled={!canEdit}
                  />
                  <Text size="sm" pb={8}>
                    {t('scoring.perEach')}
                  </Text>
                </>
              )}
              <NumberInput label={t('scoring.points')} value={rule.points} onChange={(v) => update(index, { points: Number(v) || 0 })} w={90} min={-1000} max={1000} disabled={!canEdit} />
              {category === 'engagement' ? (
                <NumberInput label={t('scoring.maxPoints')} value={rule.maxPoints ?? ''} onChange={(v) => update(index, { maxPoints: v === '' ? null : Number(v) })} w={90} min={0} disabled={!canEdit} />
              ) : null}
              {canEdit ? (
                <ActionIcon variant="subtle" color="red" mb={4} onClick={() => remove(index)} aria-label={t('common:actions.delete')}>
                  <IconTrash size={16} />
                </ActionIcon>
              ) : null}
            </Group>
          ),
        )}
        {canEdit ? (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setRules([...rules, category === 'fit' ? { category, field: 'industry', operator: 'equals', value: '', points: 10 } : { category, field: 'formSubmissions', points: 5, maxPoints: 20 }])}
              data-testid={`scoring-add-${category}`}
            >
              {t(category === 'fit' ? 'scoring.addFit' : 'scoring.addEngagement')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  )

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('scoring.intro')}
      </Text>
      <ErrorAlert error={saved.error ?? save.error} />
      {section('fit')}
      {section('engagement')}
      {canEdit ? (
        <Group justify="flex-end">
          <Button onClick={submit} loading={save.isPending} data-testid="scoring-save">
            {t('common:actions.saveChanges')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  )
}
