/** Create (/contracts/new, optionally ?accountId=) or edit (/contracts/:id/edit) a contract; API field errors land on the fields. */
import { Anchor, Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { AccountPicker } from '../contacts/AccountPicker.tsx'
import { BILLING_CYCLES, type BillingCycle, type Contract, type ContractWrite, useContract, useSaveContract } from './api.ts'

interface Values {
  title: string
  number: string
  accountId: string | null
  startDate: string
  endDate: string
  renewalDate: string
  noticeDays: number | string
  value: number | string
  currency: string
  billingCycle: BillingCycle
  autoRenew: boolean
  renewalTermMonths: number | string
  status: 'draft' | 'active'
  ownerId: string | null
  terms: string
}

/** A year from `start`, less a day: the usual 1-year contract period. */
function oneYearFrom(start: string): string {
  const d = new Date(`${start}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

export default function ContractFormPage() {
  const { id } = useParams()
  const contract = useContract(id ?? '')
  if (!id) return <ContractForm />
  if (contract.isPending) return <CenteredLoader />
  if (contract.error) return <ErrorAlert error={contract.error} />
  return <ContractForm contract={contract.data} />
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Title order={5} mb="md">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        {children}
      </SimpleGrid>
    </Card>
  )
}

function ContractForm({ contract }: { contract?: Contract }) {
  const { t } = useTranslation('contracts')
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const rule = useFieldRules('contracts')
  const save = useSaveContract(contract?.id)
  const [error, setError] = useState<unknown>(null)
  const users = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<{ id: string; name: string }>>('/api/v1/users', { limit: 200 }), staleTime: 60_000 })
  // The user's calendar day (toISOString would give the UTC day, yesterday in Japan before 9:00).
  const today = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  const [initial] = useState<Values>(() => ({
    title: contract?.title ?? '',
    number: contract?.number ?? '',
    accountId: contract?.accountId ?? params.get('accountId'),
    startDate: contract?.startDate ?? today,
    endDate: contract?.endDate ?? oneYearFrom(today),
    renewalDate: contract?.renewalDate ?? '',
    noticeDays: contract?.noticeDays ?? 30,
    value: contract?.value ?? '',
    currency: contract?.currency ?? 'JPY',
    billingCycle: contract?.billingCycle ?? 'yearly',
    autoRenew: contract?.autoRenew ?? false,
    renewalTermMonths: contract?.renewalTermMonths ?? 12,
    status: 'active',
    ownerId: contract?.ownerId ?? null,
    terms: contract?.terms ?? '',
  }))
  const form = useForm<Values>({
    initialValues: initial,
    validate: {
      title: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      accountId: (v) => (v ? null : t('common:fieldErrors.required')),
      startDate: (v) => (v ? null : t('common:fieldErrors.required')),
      endDate: (v, values) => (!v ? t('common:fieldErrors.required') : values.startDate && v < values.startDate ? t('errors.endBeforeStart') : null),
      renewalDate: (v, values) => (v && values.endDate && v > values.endDate ? t('errors.renewalAfterEnd') : null),
      value: (v) => (v === '' || Number(v) >= 0 ? null : t('common:fieldErrors.tooSmall')),
    },
  })
  const cancelTo = contract ? `/contracts/${contract.id}` : '/contracts'
  const editable = (field: string) => rule(field) === undefined
  const shown = (field: string) => rule(field) !== 'hidden'
  const field = (name: keyof Values) => ({
    label: t(`fields.${name}`),
    disabled: !editable(name),
    'data-testid': `contract-field-${name}`,
    ...form.getInputProps(name),
  })

  const submit = form.onSubmit(async (v) => {
    setError(null)
    const body: ContractWrite = {
      title: v.title.trim(),
      number: v.number.trim() || null,
      accountId: v.accountId ?? undefined,
      startDate: v.startDate,
      endDate: v.endDate,
      renewalDate: v.renewalDate || null,
      noticeDays: Number(v.noticeDays === '' ? 30 : v.noticeDays),
      value: v.value === '' ? null : Number(v.value),
      currency: v.currency,
      billingCycle: v.billingCycle,
      autoRenew: v.autoRenew,
      renewalTermMonths: Number(v.renewalTermMonths === '' ? 12 : v.renewalTermMonths),
      ownerId: v.ownerId,
      terms: v.terms.trim() || null,
    }
    // Only what the role may write; on edit only what changed.
    for (const key of Object.keys(body) as (keyof ContractWrite)[]) {
      if (!editable(key)) delete body[key]
      else if (contract && JSON.stringify(body[key] ?? null) === JSON.stringify((contract as unknown as Record<string, unknown>)[key] ?? null)) delete body[key]
    }
    if (!contract) body.status = v.status
    try {
      const saved = await save.mutateAsync(body)
      notifications.show({ color: 'teal', message: t(contract ? 'saved' : 'created', { name: saved.title ?? '' }) })
      void navigate(`/contracts/${saved.id}`, { replace: true })
    } catch (err) {
      form.setErrors(formErrors(err, t))
      setError(err)
    }
  })

  return (
    <form onSubmit={submit} noValidate data-testid="contract-form">
      <PageHeader
        title={contract ? t('editTitle') : t('newTitle')}
        description={contract?.title}
        back={
          <Anchor component={Link} to={cancelTo} size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {contract ? contract.title : t('backToList')}
            </Group>
          </Anchor>
        }
      />
      <ErrorAlert error={error} testId="contract-form-error" />
      <Stack gap="md">
        <Section title={t('sections.basic')}>
          <TextInput {...field('title')} withAsterisk placeholder={t('placeholders.title')} />
          {shown('number') ? <TextInput {...field('number')} placeholder={t('placeholders.number')} /> : null}
          <AccountPicker
            value={form.values.accountId}
            onChange={(id) => form.setFieldValue('accountId', id)}
            label={t('fields.accountId')}
            testId="contract-field-accountId"
            error={form.errors.accountId as string | undefined}
            initialName={contract?.accountName ?? undefined}
          />
          {!contract ? (
            <Select
              {...field('status')}
              label={t('fields.initialStatus')}
              data={(['active', 'draft'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
              allowDeselect={false}
              disabled={false}
            />
          ) : null}
          {shown('ownerId') ? <Select {...field('ownerId')} data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('noOwner')} /> : null}
        </Section>
        <Section title={t('sections.period')}>
          <TextInput {...field('startDate')} type="date" withAsterisk />
          <TextInput {...field('endDate')} type="date" withAsterisk />
          {shown('renewalDate') ? <TextInput {...field('renewalDate')} type="date" description={t('hints.renewalDate')} /> : null}
          {shown('noticeDays') ? <NumberInput {...field('noticeDays')} min={0} max={365} allowDecimal={false} suffix={t('daysSuffix')} description={t('hints.noticeDays')} /> : null}
          {shown('autoRenew') ? (
            <Checkbox
              label={t('fields.autoRenew')}
              disabled={!editable('autoRenew')}
              {...form.getInputProps('autoRenew', { type: 'checkbox' })}
              description={t('hints.autoRenew')}
              mt="sm"
              data-testid="contract-field-autoRenew"
            />
          ) : null}
          {shown('renewalTermMonths') ? <NumberInput {...field('renewalTermMonths')} min={1} max={120} allowDecimal={false} suffix={t('monthsSuffix')} /> : null}
        </Section>
        <Section title={t('sections.money')}>
          {shown('value') ? <NumberInput {...field('value')} min={0} thousandSeparator="," decimalScale={form.values.currency === 'JPY' ? 0 : 2} /> : null}
          {shown('currency') ? <Select {...field('currency')} data={['JPY', 'USD', 'EUR', 'CNY', 'KRW', 'TWD']} allowDeselect={false} /> : null}
          {shown('billingCycle') ? <Select {...field('billingCycle')} data={BILLING_CYCLES.map((c) => ({ value: c, label: t(`billingCycle.${c}`) }))} allowDeselect={false} /> : null}
        </Section>
        {shown('terms') ? (
          <Card padding="lg">
            <Title order={5} mb="md">
              {t('fields.terms')}
            </Title>
            <Textarea {...field('terms')} label={undefined} aria-label={t('fields.terms')} autosize minRows={4} maxRows={14} placeholder={t('placeholders.terms')} />
          </Card>
        ) : null}
      </Stack>
      <Group justify="flex-end" mt="lg" mb="xl">
        <Button variant="default" component={Link} to={cancelTo}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="contract-save">
          {contract ? t('common:actions.saveChanges') : t('common:actions.create')}
        </Button>
      </Group>
    </form>
  )
}
