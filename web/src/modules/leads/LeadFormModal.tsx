/** Create or edit a lead in a modal: person, company, contact details, owner and notes. */
import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { PREFECTURES } from '../contacts/ContactInputs.tsx'
import { type Lead, type LeadWrite, useMemberOptions, useSaveLead } from './api.ts'

const TEXT_FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'companyName', 'title', 'industry', 'email', 'phone', 'website'] as const
type Values = Record<(typeof TEXT_FIELDS)[number] | 'prefecture' | 'notes' | 'ownerId', string>

export function LeadFormModal({ opened, lead, onClose, onSaved }: { opened: boolean; lead?: Lead; onClose(): void; onSaved?(lead: Lead): void }) {
  const { t } = useTranslation('leads')
  const rule = useFieldRules('leads')
  const editable = (field: string) => rule(field) === undefined
  const members = useMemberOptions()
  const save = useSaveLead(lead?.id)
  const form = useForm<Values>({
    initialValues: {
      ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, lead?.[f] ?? ''])) as Record<(typeof TEXT_FIELDS)[number], string>),
      prefecture: lead?.prefecture ?? '',
      notes: lead?.notes ?? '',
      ownerId: lead?.ownerId ?? '',
    },
    validate: {
      familyName: (_v, values) => (values.familyName.trim() || values.givenName.trim() || values.companyName.trim() || values.email.trim() ? null : t('public.invalid')),
    },
  })

  const submit = (values: Values) => {
    const body: LeadWrite = {}
    for (const field of [...TEXT_FIELDS, 'prefecture', 'notes'] as const) if (editable(field)) body[field] = values[field].trim() || null
    // On create an empty owner lets the assignment rules decide.
    if (editable('ownerId') && (lead || values.ownerId)) body.ownerId = values.ownerId || null
    if (!lead) body.source = 'manual'
    save.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: t(lead ? 'saved' : 'created', { name: saved.displayName }) })
        form.reset()
        onClose()
        onSaved?.(saved)
      },
      onError: (error) => form.setErrors(formErrors(error, t)),
    })
  }

  const text = (field: (typeof TEXT_FIELDS)[number]) => (
    <TextInput label={t(`fields.${field}`)} disabled={!editable(field)} data-testid={`lead-input-${field}`} {...form.getInputProps(field)} />
  )

  return (
    <Modal opened={opened} onClose={onClose} title={t(lead ? 'editTitle' : 'newTitle')} size="lg" fullScreen={false}>
      <form onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {text('familyName')}
            {text('givenName')}
            {text('familyNameKana')}
            {text('givenNameKana')}
            {text('companyName')}
            {text('title')}
            {text('industry')}
            <Select label={t('fields.prefecture')} data={PREFECTURES} searchable clearable disabled={!editable('prefecture')} {...form.getInputProps('prefecture')} />
            {text('email')}
            {text('phone')}
          </SimpleGrid>
          {text('website')}
          <Select
            label={t('fields.ownerId')}
            placeholder={lead ? t('noOwner') : t('ownerAuto')}
            data={(members.data ?? []).filter((m) => m.status !== 'disabled').map((m) => ({ value: m.id, label: m.name }))}
            searchable
            clearable
            disabled={!editable('ownerId')}
            data-testid="lead-input-owner"
            {...form.getInputProps('ownerId')}
          />
          <Textarea label={t('fields.notes')} autosize minRows={2} disabled={!editable('notes')} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="lead-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
