/** コミッションプラン管理: plans (flat, tiered marginal / whole, per-product rates) and which reps follow them when. */
import { ActionIcon, Badge, Button, Card, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconCoins, IconPencil, IconPlus, IconTrash, IconUserPlus, IconX } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage, formErrors } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useMemberOptions } from '../leads/api.ts'
import { type Basis, type CommissionPlan, type Tier, useCommissionPlans, useProductOptions } from './api.ts'

type PlanForm = {
  name: string
  description: string
  basis: Basis
  method: 'flat' | 'tiered'
  rate: number
  tierMode: 'marginal' | 'whole'
  tiers: { upTo: number | string; rate: number | string }[]
  productRates: { productId: string; rate: number | string }[]
  currency: string
  isActive: boolean
}

export default function CommissionPlansPage() {
  const { t } = useTranslation('incentives')
  const client = useQueryClient()
  const plans = useCommissionPlans()
  const [editing, setEditing] = useState<CommissionPlan | 'new' | null>(null)
  const [assigning, setAssigning] = useState<CommissionPlan | null>(null)
  const [deleting, setDeleting] = useState<CommissionPlan | null>(null)
  const remove = useMutation({
    mutationFn: (plan: CommissionPlan) => api.delete(`/api/v1/commission-plans/${plan.id}`),
    onSuccess: (_, plan) => {
      void client.invalidateQueries({ queryKey: ['commission-plans'] })
      notifications.show({ color: 'teal', message: t('plans.deleted', { name: plan.name }) })
      setDeleting(null)
    },
    onError: (err) => (setDeleting(null), notifications.show({ color: 'red', message: errorMessage(err, t) })),
  })
  const list = plans.data ?? []
  const describe = (plan: CommissionPlan) =>
    plan.method === 'flat'
      ? t('plans.flatSummary', { rate: plan.rate })
      : t(`plans.tieredSummary.${plan.tierMode}`, {
          tiers: [...plan.tiers]
            .sort((a, b) => (a.upTo ?? Infinity) - (b.upTo ?? Infinity))
            .map((tier) => (tier.upTo === null ? t('plans.tierAbove', { rate: tier.rate }) : t('plans.tierUpTo', { upTo: tier.upTo.toLocaleString(), rate: tier.rate })))
            .join(' / '),
        })

  return (
    <>
      <PageHeader
        title={t('plans.title')}
        description={t('plans.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="create-commission-plan">
            {t('plans.create')}
          </Button>
        }
      />
      <Card padding="sm">
        <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />
        {plans.isPending ? (
          <CenteredLoader />
        ) : list.length === 0 ? (
          <EmptyState message={t('plans.empty')} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="commission-plan-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.rule')}</Table.Th>
                  <Table.Th>{t('fields.basis')}</Table.Th>
                  <Table.Th>{t('fields.assignments')}</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((plan) => (
                  <Table.Tr key={plan.id} data-testid="commission-plan-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <IconCoins size={16} color="var(--mantine-color-yellow-7)" />
                        <Text size="sm" fw={600}>
                          {plan.name}
                        </Text>
                        {plan.isActive ? null : (
                          <Badge size="xs" color="gray">
                            {t('plans.inactive')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{describe(plan)}</Text>
                      {plan.productRates.length > 0 ? (
                        <Text size="xs" c="dimmed">
                          {plan.productRates.map((p) => `${p.productName ?? '—'} ${p.rate}%`).join('、')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`basis.${plan.basis}`)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={plan.assignments.length === 0 ? 'dimmed' : undefined}>
                        {plan.assignments.length === 0 ? t('plans.noAssignments') : t('plans.assignmentCount', { count: plan.assignments.length })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <ActionIcon variant="subtle" color="gray" onClick={() => setAssigning(plan)} aria-label={t('assign.title')} data-testid="commission-plan-assign">
                          <IconUserPlus size={16} />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(plan)} aria-label={t('common:actions.edit')} data-testid="commission-plan-edit">
                          <IconPencil size={16} />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(plan)} aria-label={t('common:actions.delete')} data-testid="commission-plan-delete">
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {editing ? <PlanDialog plan={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {assigning ? <AssignDialog plan={list.find((p) => p.id === assigning.id) ?? assigning} onClose={() => setAssigning(null)} /> : null}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: deleting?.name ?? '' })}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  )
}

function PlanDialog({ plan, onClose }: { plan: CommissionPlan | null; onClose: () => void }) {
  const { t } = useTranslation('incentives')
  const client = useQueryClient()
  const products = useProductOptions()
  const [error, setError] = useState<unknown>(null)
  const form = useForm<PlanForm>({
    initialValues: {
      name: plan?.name ?? '',
      description: plan?.description ?? '',
      basis: plan?.basis ?? 'won_deals',
      method: plan?.method ?? 'flat',
      rate: plan?.rate ?? 5,
      tierMode: plan?.tierMode ?? 'marginal',
      tiers: plan?.tiers.length ? plan.tiers.map((x) => ({ upTo: x.upTo ?? '', rate: x.rate })) : [{ upTo: 1_000_000, rate: 5 }, { upTo: '', rate: 10 }],
      productRates: plan?.productRates.map((p) => ({ productId: p.productId, rate: p.rate })) ?? [],
      currency: plan?.currency ?? 'JPY',
      isActive: plan?.isActive ?? true,
    },
    validate: { name: (v) => (v.trim() ? null : t('common:fieldErrors.required')) },
  })
  const save = useMutation({
    mutationFn: (v: PlanForm) => {
      const tiers: Tier[] = v.tiers.map((x) => ({ upTo: x.upTo === '' ? null : Number(x.upTo), rate: Number(x.rate) }))
      const body = {
        name: v.name.trim(),
        description: v.description.trim() || null,
        basis: v.basis,
        method: v.method,
        rate: Number(v.rate),
        tierMode: v.tierMode,
        tiers: v.method === 'tiered' ? tiers : [],
        productRates: v.productRates.filter((p) => p.productId).map((p) => ({ productId: p.productId, rate: Number(p.rate) })),
        currency: v.currency,
        isActive: v.isActive,
      }
      return plan ? api.patch<CommissionPlan>(`/api/v1/commission-plans/${plan.id}`, body) : api.post<CommissionPlan>('/api/v1/commission-plans', body)
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['commission-plans'] })
      void client.invalidateQueries({ queryKey: ['commission-statements'] })
      notifications.show({ color: 'teal', message: t(plan ? 'plans.saved' : 'plans.created', { name: saved.name }) })
      onClose()
    },
    onError: (err) => (form.setErrors(formErrors(err, t)), setError(err)),
  })
  const v = form.values
  return (
    <Modal opened onClose={onClose} size="lg" title={<Text fw={700}>{plan ? t('plans.editTitle') : t('plans.createTitle')}</Text>}>
      <form onSubmit={form.onSubmit((values) => (setError(null), save.mutate(values)))} noValidate data-testid="commission-plan-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('fields.name')} withAsterisk data-autofocus placeholder={t('plans.namePlaceholder')} data-testid="plan-name" {...form.getInputProps('name')} />
          <Textarea label={t('fields.description')} autosize minRows={1} maxRows={3} {...form.getInputProps('description')} />
          <Select
            label={t('fields.basis')}
            data={(['won_deals', 'paid_invoices', 'both'] as const).map((b) => ({ value: b, label: t(`basis.${b}`) }))}
            allowDeselect={false}
            data-testid="plan-basis"
            {...form.getInputProps('basis')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('fields.method')}
            </Text>
            <SegmentedControl
              data={[
                { value: 'flat', label: t('method.flat') },
                { value: 'tiered', label: t('method.tiered') },
              ]}
              data-testid="plan-method"
              {...form.getInputProps('method')}
            />
          </Stack>
          {v.method === 'flat' ? (
            <NumberInput label={t('fields.rate')} suffix="%" min={0} max={100} decimalScale={4} data-testid="plan-rate" {...form.getInputProps('rate')} />
          ) : (
            <Card withBorder padding="sm">
              <Stack gap="xs">
                <SegmentedControl
                  size="xs"
                  data={[
                    { value: 'marginal', label: t('tierMode.marginal') },
                    { value: 'whole', label: t('tierMode.whole') },
                  ]}
                  data-testid="plan-tier-mode"
                  {...form.getInputProps('tierMode')}
                />
                <Text size="xs" c="dimmed">
                  {t(`tierMode.${v.tierMode}Hint`)}
                </Text>
                {v.tiers.map((_, i) => (
                  <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                    <NumberInput
                      label={i === 0 ? t('fields.upTo') : undefined}
                      placeholder={t('tiers.noCeiling')}
                      min={1}
                      thousandSeparator=","
                      style={{ flex: 2 }}
                      data-testid={`tier-upto-${i}`}
                      {...form.getInputProps(`tiers.${i}.upTo`)}
                    />
                    <NumberInput label={i === 0 ? t('fields.rate') : undefined} suffix="%" min={0} max={100} decimalScale={4} style={{ flex: 1 }} data-testid={`tier-rate-${i}`} {...form.getInputProps(`tiers.${i}.rate`)} />
                    <ActionIcon variant="subtle" color="gray" mb={4} onClick={() => form.removeListItem('tiers', i)} aria-label={t('tiers.remove')} disabled={v.tiers.length === 1}>
                      <IconX size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('tiers', { upTo: '', rate: 0 })} style={{ alignSelf: 'flex-start' }} data-testid="tier-add">
                  {t('tiers.add')}
                </Button>
              </Stack>
            </Card>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('fields.productRates')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('productRatesHint')}
            </Text>
            {v.productRates.map((_, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <Select
                  data={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
                  searchable
                  placeholder={t('productPlaceholder')}
                  style={{ flex: 2 }}
                  {...form.getInputProps(`productRates.${i}.productId`)}
                />
                <NumberInput suffix="%" min={0} max={100} decimalScale={4} style={{ flex: 1 }} {...form.getInputProps(`productRates.${i}.rate`)} />
                <ActionIcon variant="subtle" color="gray" onClick={() => form.removeListItem('productRates', i)} aria-label={t('tiers.remove')}>
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('productRates', { productId: '', rate: 10 })} style={{ alignSelf: 'flex-start' }}>
              {t('addProductRate')}
            </Button>
          </Stack>
          <Switch label={t('fields.isActive')} {...form.getInputProps('isActive', { type: 'checkbox' })} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="plan-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function AssignDialog({ plan, onClose }: { plan: CommissionPlan; onClose: () => void }) {
  const { t } = useTranslation('incentives')
  const client = useQueryClient()
  const users = useMemberOptions()
  const [error, setError] = useState<unknown>(null)
  const now = new Date()
  const first = new Date(now.getFullYear(), now.getMonth(), 1)
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0)
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const form = useForm({ initialValues: { userId: '', periodStart: iso(first), periodEnd: iso(last) } })
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['commission-plans'] })
    void client.invalidateQueries({ queryKey: ['commission-statements'] })
  }
  const add = useMutation({
    mutationFn: (v: typeof form.values) => api.post(`/api/v1/commission-plans/${plan.id}/assignments`, v),
    onSuccess: () => (refresh(), notifications.show({ color: 'teal', message: t('assign.added') }), form.setFieldValue('userId', '')),
    onError: (err) => (form.setErrors(formErrors(err, t)), setError(err)),
  })
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/commission-assignments/${id}`),
    onSuccess: refresh,
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
  })
  return (
    <Modal opened onClose={onClose} size="lg" title={<Text fw={700}>{t('assign.titleFor', { name: plan.name })}</Text>}>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        {plan.assignments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('plans.noAssignments')}
          </Text>
        ) : (
          <Table data-testid="assignment-table">
            <Table.Tbody>
              {plan.assignments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.userName}</Table.Td>
                  <Table.Td>
                    {a.periodStart} 〜 {a.periodEnd}
                  </Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon variant="subtle" color="red" onClick={() => remove.mutate(a.id)} aria-label={t('common:actions.delete')}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={form.onSubmit((values) => (setError(null), add.mutate(values)))} noValidate data-testid="assignment-form">
          <Group align="flex-end" gap="xs">
            <Select
              label={t('fields.rep')}
              data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              searchable
              style={{ flex: 2, minWidth: 160 }}
              data-testid="assign-user"
              {...form.getInputProps('userId')}
            />
            <TextInput type="date" label={t('fields.periodStart')} data-testid="assign-start" {...form.getInputProps('periodStart')} />
            <TextInput type="date" label={t('fields.periodEnd')} data-testid="assign-end" {...form.getInputProps('periodEnd')} />
            <Button type="submit" loading={add.isPending} disabled={!form.values.userId} data-testid="assign-save">
              {t('assign.add')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  )
}
