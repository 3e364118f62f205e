/** Assignment rules editor: an ordered list of condition → user or team (round-robin); the first match wins. */
import { ActionIcon, Button, Card, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useTeamOptions } from '../admin/api.ts'
import { type AssignmentRule, useAssignmentRules, useMemberOptions, useSaveAssignmentRules } from './api.ts'
import { useConditionOptions } from './ScoringRulesPanel.tsx'

const ALWAYS = '__always'

export function AssignmentRulesPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('leads')
  const saved = useAssignmentRules()
  const save = useSaveAssignmentRules()
  const members = useMemberOptions()
  const teams = useTeamOptions()
  const options = useConditionOptions()
  const [rules, setRules] = useState<AssignmentRule[]>([])
  useEffect(() => {
    if (saved.data) setRules(saved.data)
  }, [saved.data])
  if (saved.isPending) return <CenteredLoader />

  const update = (index: number, patch: Partial<AssignmentRule>) => setRules(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  const move = (index: number, by: number) => {
    const next = [...rules]
    const [rule] = next.splice(index, 1)
    next.splice(index + by, 0, rule!)
    setRules(next)
  }
  const submit = () =>
    save.mutate(
      rules.map((r) => ({
        name: r.name.trim() || '—',
        field: r.field,
        operator: r.field ? (r.operator ?? 'equals') : null,
        value: r.field && r.operator !== 'present' ? (r.value ?? '') : null,
        assignToUserId: r.assignByTerritory ? null : r.assignToUserId,
        assignToTeamId: r.assignByTerritory ? null : r.assignToTeamId,
        assignByTerritory: r.assignByTerritory ?? false,
      })),
      { onSuccess: () => notifications.show({ color: 'teal', message: t('assignment.saved') }) },
    )

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('assignment.intro')}
      </Text>
      <ErrorAlert error={saved.error ?? save.error} />
      {rules.length === 0 ? (
        <Card padding="lg">
          <Text size="sm" c="dimmed">
            {t('assignment.empty')}
          </Text>
        </Card>
      ) : null}
      {rules.map((rule, index) => (
        <Card key={index} padding="md" data-testid="assignment-rule">
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap" align="flex-end">
              <Text fw={700} c="dimmed" pb={8} w={24}>
                {index + 1}
              </Text>
              <TextInput label={t('assignment.name')} value={rule.name} onChange={(e) => update(index, { name: e.currentTarget.value })} style={{ flex: '1 1 160px' }} disabled={!canEdit} data-testid="assignment-rule-name" />
              <Select
                label={t('scoring.field')}
                data={[{ value: ALWAYS, label: t('assignment.always') }, ...options.fields]}
                value={rule.field ?? ALWAYS}
                onChange={(v) => update(index, { field: v === ALWAYS ? null : v, operator: v === ALWAYS ? null : (rule.operator ?? 'in') })}
                allowDeselect={false}
                w={170}
                disabled={!canEdit}
                data-testid="assignment-rule-field"
              />
              {rule.field ? (
                <Select label={t('scoring.operator')} data={options.operators} value={rule.operator ?? 'equals'} onChange={(v) => update(index, { operator: v })} allowDeselect={false} w={140} disabled={!canEdit} />
              ) : null}
              {canEdit ? (
                <Group gap={2} pb={4}>
                  <ActionIcon variant="subtle" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('assignment.moveUp')}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" disabled={index === rules.length - 1} onClick={() => move(index, 1)} aria-label={t('assignment.moveDown')}>
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" onClick={() => setRules(rules.filter((_, i) => i !== index))} aria-label={t('common:actions.delete')}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ) : null}
            </Group>
            {rule.field && rule.operator !== 'present' ? (
              <TextInput
                label={t('scoring.value')}
                description={rule.operator === 'in' ? t('assignment.inHint') : undefined}
                value={rule.value ?? ''}
                onChange={(e) => update(index, { value: e.currentTarget.value })}
                disabled={!canEdit}
                data-testid="assignment-rule-value"
              />
            ) : null}
            <Group gap="xs" wrap="wrap" align="flex-end">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('assignment.assignTo')}
                </Text>
                <SegmentedControl
                  size="xs"
                  value={rule.assignByTerritory ? 'territory' : rule.assignToTeamId !== null ? 'team' : 'user'}
                  onChange={(v) =>
                    update(
                      index,
                      v === 'territory'
                        ? { assignToUserId: null, assignToTeamId: null, assignByTerritory: true }
                        : v === 'team'
                          ? { assignToUserId: null, assignToTeamId: teams.data?.[0]?.id ?? '', assignByTerritory: false }
                          : { assignToTeamId: null, assignToUserId: '', assignByTerritory: false },
                    )
                  }
                  data={[
                    { value: 'user', label: t('assignment.user') },
                    { value: 'team', label: t('assignment.team') },
                    { value: 'territory', label: t('assignment.territory') },
                  ]}
                  disabled={!canEdit}
                />
              </Stack>
              {rule.assignByTerritory ? (
                <Text size="sm" c="dimmed" maw={320}>
                  {t('assignment.territoryHint')}
                </Text>
              ) : rule.assignToTeamId !== null ? (
                <Select data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} value={rule.assignToTeamId || null} onChange={(v) => update(index, { assignToTeamId: v ?? '' })} w={220} disabled={!canEdit} searchable aria-label={t('assignment.team')} />
              ) : (
                <Select
                  data={(members.data ?? []).filter((m) => m.status !== 'disabled').map((m) => ({ value: m.id, label: m.name }))}
                  value={rule.assignToUserId || null}
                  onChange={(v) => update(index, { assignToUserId: v ?? '' })}
                  w={220}
                  disabled={!canEdit}
                  searchable
                  aria-label={t('assignment.user')}
                  data-testid="assignment-rule-user"
                />
              )}
            </Group>
          </Stack>
        </Card>
      ))}
      {canEdit ? (
        <Group justify="space-between">
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() => setRules([...rules, { name: '', field: 'prefecture', operator: 'in', value: '', assignToUserId: '', assignToTeamId: null }])}
            data-testid="assignment-add"
          >
            {t('assignment.add')}
          </Button>
          <Button onClick={submit} loading={save.isPending} data-testid="assignment-save">
            {t('common:actions.saveChanges')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  )
}
