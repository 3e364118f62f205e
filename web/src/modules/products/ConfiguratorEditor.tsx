/**
 * The configurator editor on the product page: option groups with options and price deltas, and
 * if-then-else rules built from selects (no expressions to type), each shown as a readable sentence.
 */
import { ActionIcon, Badge, Button, Card, Checkbox, Divider, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type ConfiguratorOptionGroup, type ConfiguratorRule, optionLabel, type RuleAction, useConfigurator, useSaveConfigurator } from './configurator-api.ts'

interface Draft {
  optionGroups: ConfiguratorOptionGroup[]
  rules: ConfiguratorRule[]
}

/** The next free key with a prefix (g1, g2 … / o1 … / r1 …): admins never type keys. */
function nextKey(prefix: string, used: string[]): string {
  let n = 1
  while (used.includes(`${prefix}${n}`)) n++
  return `${prefix}${n}`
}

type ActionKind = 'require' | 'exclude' | 'amount' | 'percent'
const actionKind = (a: RuleAction): ActionKind => (a.type === 'adjust' ? a.mode : a.type)

export function ConfiguratorEditor({ productId }: { productId: string }) {
  const { t } = useTranslation('products')
  const configurator = useConfigurator(productId)
  const save = useSaveConfigurator(productId)
  const canEdit = useCan('products', 'update')
  const [draft, setDraft] = useState<Draft | null>(null)
  useEffect(() => {
    if (configurator.data && !draft) setDraft({ optionGroups: configurator.data.optionGroups, rules: configurator.data.rules })
  }, [configurator.data, draft])
  if (configurator.isPending || !draft) return <CenteredLoader />

  const options = draft.optionGroups.flatMap((g) => g.options)
  const optionKeys = options.map((o) => o.key)
  const optionData = options.map((o) => ({ value: o.key, label: o.name }))
  const setGroup = (gi: number, patch: Partial<ConfiguratorOptionGroup>) => setDraft({ ...draft, optionGroups: draft.optionGroups.map((g, i) => (i === gi ? { ...g, ...patch } : g)) })
  const setRule = (ri: number, patch: Partial<ConfiguratorRule>) => setDraft({ ...draft, rules: draft.rules.map((r, i) => (i === ri ? { ...r, ...patch } : r)) })

  const addGroup = () =>
    setDraft({
      ...draft,
      optionGroups: [...draft.optionGroups, { key: nextKey('g', draft.optionGroups.map((g) => g.key)), name: '', nameEn: null, selection: 'single', required: false, options: [{ key: nextKey('o', optionKeys), name: '', nameEn: null, priceDelta: 0 }] }],
    })
  const addRule = () =>
    setDraft({
      ...draft,
      rules: [...draft.rules, { key: nextKey('r', draft.rules.map((r) => r.key)), name: null, match: 'all', conditions: [{ option: optionKeys[0] ?? '', is: 'selected' }], then: [], else: [] }],
    })

  const submit = () =>
    save.mutate(draft, {
      onSuccess: (saved) => {
        setDraft({ optionGroups: saved.optionGroups, rules: saved.rules })
        notifications.show({ color: 'teal', message: t('configurator.saved') })
      },
    })

  return (
    <Stack data-testid="configurator-editor">
      <Card>
        <Group justify="space-between" mb="sm">
          <div>
            <Text fw={600}>{t('configurator.optionGroups')}</Text>
            <Text size="xs" c="dimmed">
              {t('configurator.optionGroupsHelp')}
            </Text>
          </div>
          {canEdit ? (
            <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={addGroup} data-testid="cfg-group-add">
              {t('configurator.addGroup')}
            </Button>
          ) : null}
        </Group>
        {draft.optionGroups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('configurator.noGroups')}
          </Text>
        ) : null}
        <Stack gap="sm">
          {draft.optionGroups.map((group, gi) => (
            <Paper key={group.key} withBorder p="sm" data-testid="cfg-group">
              <Group align="flex-end" wrap="wrap" gap="xs">
                <TextInput label={t('configurator.groupName')} value={group.name} onChange={(e) => setGroup(gi, { name: e.currentTarget.value })} data-testid="cfg-group-name" />
                <TextInput label={t('configurator.nameEn')} value={group.nameEn ?? ''} onChange={(e) => setGroup(gi, { nameEn: e.currentTarget.value || null })} />
                <SegmentedControl
                  size="xs"
                  value={group.selection}
                  onChange={(v) => setGroup(gi, { selection: v as 'single' | 'multi' })}
                  data={[
                    { value: 'single', label: t('configurator.single') },
                    { value: 'multi', label: t('configurator.multi') },
                  ]}
                />
                <Checkbox label={t('configurator.required')} checked={group.required} onChange={(e) => setGroup(gi, { required: e.currentTarget.checked })} />
                <ActionIcon variant="subtle" color="red" aria-label={t('configurator.remove')} onClick={() => setDraft({ ...draft, optionGroups: draft.optionGroups.filter((_, i) => i !== gi) })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Stack gap={6} mt="xs" pl="md">
                {group.options.map((option, oi) => (
                  <Group key={option.key} gap="xs" wrap="wrap" data-testid="cfg-option">
                    <TextInput
                      size="xs"
                      aria-label={t('configurator.optionName')}
                      placeholder={t('configurator.optionName')}
                      value={option.name}
                      onChange={(e) => setGroup(gi, { options: group.options.map((o, i) => (i === oi ? { ...o, name: e.currentTarget.value } : o)) })}
                      data-testid="cfg-option-name"
                    />
                    <TextInput
                      size="xs"
                      aria-label={t('configurator.nameEn')}
                      placeholder={t('configurator.nameEn')}
                      value={option.nameEn ?? ''}
                      onChange={(e) => setGroup(gi, { options: group.options.map((o, i) => (i === oi ? { ...o, nameEn: e.currentTarget.value || null } : o)) })}
                    />
                    <NumberInput
                      size="xs"
                      w={140}
                      aria-label={t('configurator.priceDelta')}
                      leftSection="±"
                      thousandSeparator=","
                      decimalScale={2}
                      value={option.priceDelta}
                      onChange={(v) => setGroup(gi, { options: group.options.map((o, i) => (i === oi ? { ...o, priceDelta: Number(v) || 0 } : o)) })}
                      data-testid="cfg-option-price"
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('configurator.remove')}
                      disabled={group.options.length <= 1}
                      onClick={() => setGroup(gi, { options: group.options.filter((_, i) => i !== oi) })}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  variant="subtle"
                  size="xs"
                  w="fit-content"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setGroup(gi, { options: [...group.options, { key: nextKey('o', optionKeys), name: '', nameEn: null, priceDelta: 0 }] })}
                  data-testid="cfg-option-add"
                >
                  {t('configurator.addOption')}
                </Button>
              </Stack>
            </Paper>
          ))}
        </Stack>
      </Card>

      <Card>
        <Group justify="space-between" mb="sm">
          <div>
            <Text fw={600}>{t('configurator.rules')}</Text>
            <Text size="xs" c="dimmed">
              {t('configurator.rulesHelp')}
            </Text>
          </div>
          {canEdit ? (
            <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={addRule} disabled={options.length === 0} data-testid="cfg-rule-add">
              {t('configurator.addRule')}
            </Button>
          ) : null}
        </Group>
        {draft.rules.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('configurator.noRules')}
          </Text>
        ) : null}
        <Stack gap="sm">
          {draft.rules.map((rule, ri) => (
            <Paper key={rule.key} withBorder p="sm" data-testid="cfg-rule">
              <Group justify="space-between" mb="xs">
                <TextInput size="xs" placeholder={t('configurator.ruleName')} aria-label={t('configurator.ruleName')} value={rule.name ?? ''} onChange={(e) => setRule(ri, { name: e.currentTarget.value || null })} data-testid="cfg-rule-name" />
                <ActionIcon variant="subtle" color="red" aria-label={t('configurator.remove')} onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== ri) })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Text size="sm" c="dimmed" mb="xs" data-testid="cfg-rule-summary">
                {ruleSentence(rule, draft.optionGroups, t)}
              </Text>
              <Group gap="xs" align="center">
                <Badge variant="filled">IF</Badge>
                <Select
                  size="xs"
                  w={170}
                  allowDeselect={false}
                  value={rule.match}
                  onChange={(v) => v && setRule(ri, { match: v as 'all' | 'any' })}
                  data={[
                    { value: 'all', label: t('configurator.matchAll') },
                    { value: 'any', label: t('configurator.matchAny') },
                  ]}
                  aria-label={t('configurator.match')}
                />
              </Group>
              <Stack gap={6} mt={6} pl="md">
                {rule.conditions.map((c, ci) => (
                  <Group key={ci} gap="xs">
                    <Select
                      size="xs"
                      w={200}
                      allowDeselect={false}
                      data={optionData}
                      value={c.option || null}
                      onChange={(v) => v && setRule(ri, { conditions: rule.conditions.map((x, i) => (i === ci ? { ...x, option: v } : x)) })}
                      aria-label={t('configurator.conditionOption')}
                      data-testid="cfg-cond-option"
                    />
                    <Select
                      size="xs"
                      w={170}
                      allowDeselect={false}
                      data={[
                        { value: 'selected', label: t('configurator.isSelected') },
                        { value: 'not_selected', label: t('configurator.isNotSelected') },
                      ]}
                      value={c.is}
                      onChange={(v) => v && setRule(ri, { conditions: rule.conditions.map((x, i) => (i === ci ? { ...x, is: v as 'selected' | 'not_selected' } : x)) })}
                      aria-label={t('configurator.conditionIs')}
                      data-testid="cfg-cond-is"
                    />
                    <ActionIcon variant="subtle" color="red" aria-label={t('configurator.remove')} disabled={rule.conditions.length <= 1} onClick={() => setRule(ri, { conditions: rule.conditions.filter((_, i) => i !== ci) })}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => setRule(ri, { conditions: [...rule.conditions, { option: optionKeys[0] ?? '', is: 'selected' }] })}>
                  {t('configurator.addCondition')}
                </Button>
              </Stack>
              {(['then', 'else'] as const).map((branch) => (
                <div key={branch}>
                  <Divider my="xs" />
                  <Badge variant="light" color={branch === 'then' ? 'teal' : 'gray'}>
                    {branch === 'then' ? 'THEN' : 'ELSE'}
                  </Badge>
                  <Stack gap={6} mt={6} pl="md">
                    {rule[branch].map((action, ai) => (
                      <ActionRow
                        key={ai}
                        action={action}
                        optionData={optionData}
                        onChange={(next) => setRule(ri, { [branch]: rule[branch].map((x, i) => (i === ai ? next : x)) })}
                        onRemove={() => setRule(ri, { [branch]: rule[branch].filter((_, i) => i !== ai) })}
                      />
                    ))}
                    <Button
                      variant="subtle"
                      size="xs"
                      w="fit-content"
                      leftSection={<IconPlus size={14} />}
                      onClick={() => setRule(ri, { [branch]: [...rule[branch], { type: 'require', option: optionKeys[0] ?? '' }] })}
                      data-testid={`cfg-${branch}-add`}
                    >
                      {t('configurator.addAction')}
                    </Button>
                  </Stack>
                </div>
              ))}
            </Paper>
          ))}
        </Stack>
      </Card>
      <ErrorAlert error={save.error} testId="cfg-error" />
      {canEdit ? (
        <Group justify="flex-end">
          <Button onClick={submit} loading={save.isPending} data-testid="cfg-save">
            {t('configurator.save')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  )
}

function ActionRow({ action, optionData, onChange, onRemove }: { action: RuleAction; optionData: { value: string; label: string }[]; onChange(next: RuleAction): void; onRemove(): void }) {
  const { t } = useTranslation('products')
  const kind = actionKind(action)
  const setKind = (next: ActionKind) => {
    if (next === 'require' || next === 'exclude') onChange({ type: next, option: action.type === 'adjust' ? (optionData[0]?.value ?? '') : action.option })
    else onChange({ type: 'adjust', mode: next, value: action.type === 'adjust' ? action.value : 0 })
  }
  return (
    <Group gap="xs" data-testid="cfg-action">
      <Select
        size="xs"
        w={190}
        allowDeselect={false}
        value={kind}
        onChange={(v) => v && setKind(v as ActionKind)}
        data={(['require', 'exclude', 'amount', 'percent'] as const).map((k) => ({ value: k, label: t(`configurator.action.${k}`) }))}
        aria-label={t('configurator.actionType')}
        data-testid="cfg-action-type"
      />
      {action.type === 'adjust' ? (
        <NumberInput
          size="xs"
          w={140}
          decimalScale={2}
          thousandSeparator=","
          rightSection={action.mode === 'percent' ? '%' : '円'}
          value={action.value}
          onChange={(v) => onChange({ ...action, value: Number(v) || 0 })}
          aria-label={t('configurator.actionValue')}
          data-testid="cfg-action-value"
        />
      ) : (
        <Select
          size="xs"
          w={200}
          allowDeselect={false}
          data={optionData}
          value={action.option || null}
          onChange={(v) => v && onChange({ ...action, option: v })}
          aria-label={t('configurator.actionOption')}
          data-testid="cfg-action-option"
        />
      )}
      <ActionIcon variant="subtle" color="red" aria-label={t('configurator.remove')} onClick={onRemove}>
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  )
}

/** 「もし「A」を選択したら →「B」が必要 / それ以外 → …」 in the UI language. */
function ruleSentence(rule: ConfiguratorRule, groups: ConfiguratorOptionGroup[], t: (key: string, options?: Record<string, unknown>) => string): string {
  const names = new Map(groups.flatMap((g) => g.options.map((o) => [o.key, optionLabel(o, t('configurator.lang'))] as const)))
  const name = (key: string) => names.get(key) || key
  const condition = rule.conditions.map((c) => t(c.is === 'selected' ? 'configurator.sentence.selected' : 'configurator.sentence.notSelected', { name: name(c.option) })).join(t(rule.match === 'all' ? 'configurator.sentence.and' : 'configurator.sentence.or'))
  const describe = (actions: RuleAction[]) =>
    actions.length === 0
      ? t('configurator.sentence.nothing')
      : actions
          .map((a) => (a.type === 'adjust' ? t(`configurator.sentence.${a.mode}`, { value: a.value.toLocaleString() }) : t(`configurator.sentence.${a.type}`, { name: name(a.option) })))
          .join(t('configurator.sentence.list'))
  const then = t('configurator.sentence.if', { condition, actions: describe(rule.then) })
  return rule.else.length > 0 ? `${then} ${t('configurator.sentence.else', { actions: describe(rule.else) })}` : then
}
