/** Create or edit a deal in a modal: name, account, amount, close date, stage, competitors, notes. */
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type Deal, type DealWrite, usePipelines, useSaveDeal } from './api.ts'
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs.tsx'
import { useCustomFieldValues } from '../custom-fields/useCustomFieldValues.ts'

interface Values {
  name: string
  stageId: string | null
  accountId: string | null
  amount: number | string
  currency: string
  expectedCloseDate: string
  competitors: string[]
  notes: string
}

export function DealFormModal({ pipelineId, deal, account, onClose }: { pipelineId: string; deal?: Deal; account?: { id: string; name: string }; onClose(): void }) {
  const { t } = useTranslation('deals')
  const navigate = useNavigate()
  const rule = useFieldRules('deals')
  const editable = (field: string) => rule(field) === undefined
  const pipelines = usePipelines()
  const stages = pipelines.data?.data.find((p) => p.id === pipelineId)?.stages ?? []
  const save = useSaveDeal(deal?.id)
  const custom = useCustomFieldValues('deals', deal?.custom, Boolean(deal))
  const [accountSearch, setAccountSearch] = useState(deal?.accountName ?? account?.name ?? '')
  const [accountQuery] = useDebouncedValue(accountSearch.trim(), 250)
  const accounts = useQuery({
    queryKey: ['accounts', 'pick', accountQuery],
    queryFn: () => api.get<Page<{ id: string; name?: string }>>('/api/v1/accounts', { q: accountQuery, limit: 20 }),
  })
  const form = useForm<Values>({
    initialValues: {
      name: deal?.name ?? '',
      stageId: deal?.stageId ?? null,
      accountId: deal?.accountId ?? account?.id ?? null,
      amount: deal?.amount ?? '',
      currency: deal?.currency ?? 'JPY',
      expectedCloseDate: deal?.expectedCloseDate ?? '',
      competitors: deal?.competitors ?? [],
      notes: deal?.notes ?? '',
    },
    validate: {
      name: (v) => (v.trim() ? null : t('errors.nameRequired')),
      amount: (v) => (v === '' || (typeof v === 'number' && v >= 0) ? null : t('errors.amount')),
    },
  })
  const accountOptions = [
    ...(deal?.accountId && deal.accountName ? [{ value: deal.accountId, label: deal.accountName }] : []),
    ...(account && !deal ? [{ value: account.id, label: account.name }] : []),
    ...(accounts.data?.data ?? []).filter((a) => a.id !== deal?.accountId && a.id !== account?.id).map((a) => ({ value: a.id, label: a.name ?? a.id })),
  ]

  const submit = (values: Values) => {
    if (!custom.validate(t)) return
    const body: DealWrite = {
      name: values.name.trim(),
      accountId: values.accountId,
      amount: values.amount === '' ? null : Number(values.amount),
      currency: values.currency,
      expectedCloseDate: values.expectedCloseDate || null,
      competitors: values.competitors,
      notes: values.notes.trim() || null,
    }
    for (const key of Object.keys(body) as (keyof DealWrite)[]) if (!editable(key)) delete body[key]
    if (!deal) {
      body.pipelineId = pipelineId
      if (values.stageId) body.stageId = values.stageId
    }
    Object.assign(body, custom.toWrite())
    save.mutate(body, {
      onError: (err) => custom.showServerErrors(err, t),
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: t(deal ? 'saved' : 'created', { name: saved.name }) })
        onClose()
        if (!deal) navigate(`/deals/${saved.id}`)
      },
    })
  }

  return (
    <Modal opened onClose={onClose} title={deal ? t('editTitle') : t('newTitle')} size="lg" data-testid="deal-form">
      <form onSubmit={form.onSubmit(submit)}>
        <Stack>
          <ErrorAlert error={save.error} testId="deal-form-error" />
          <TextInput label={t('fields.name')} required placeholder={t('placeholders.name')} {...form.getInputProps('name')} disabled={!editable('name')} data-testid="deal-field-name" />
          <Select
            label={t('fields.accountId')}
            searchable
            clearable
            data={accountOptions}
            searchValue={accountSearch}
            onSearchChange={setAccountSearch}
            nothingFoundMessage={t('noAccount')}
            filter={({ options }) => options}
            {...form.getInputProps('accountId')}
            disabled={!editable('accountId')}
            data-testid="deal-field-account"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('fields.amount')}
              min={0}
              thousandSeparator=","
              decimalScale={form.values.currency === 'JPY' ? 0 : 2}
              {...form.getInputProps('amount')}
              disabled={!editable('amount')}
              data-testid="deal-field-amount"
            />
            <Select
              label={t('fields.currency')}
              data={['JPY', 'USD', 'EUR', 'CNY', 'KRW', 'TWD']}
              allowDeselect={false}
              {...form.getInputProps('currency')}
              disabled={!editable('currency')}
            />
            <TextInput type="date" label={t('fields.expectedCloseDate')} {...form.getInputProps('expectedCloseDate')} disabled={!editable('expectedCloseDate')} data-testid="deal-field-close-date" />
            {!deal ? (
              <Select
                label={t('fields.stageId')}
                data={stages.filter((s) => s.kind === 'open').map((s) => ({ value: s.id, label: `${s.name}（${s.probability}%）` }))}
                placeholder={stages[0]?.name}
                clearable
                {...form.getInputProps('stageId')}
                data-testid="deal-field-stage"
              />
            ) : null}
          </SimpleGrid>
          <TagsInput label={t('fields.competitors')} placeholder={t('placeholders.competitors')} {...form.getInputProps('competitors')} disabled={!editable('competitors')} />
          <Textarea label={t('fields.notes')} autosize minRows={3} {...form.getInputProps('notes')} disabled={!editable('notes')} />
          <CustomFieldInputs state={custom} card={false} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="deal-save">
              {deal ? t('common:actions.saveChanges') : t('common:actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
