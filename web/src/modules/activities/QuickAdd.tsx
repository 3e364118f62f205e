/** Quick-add form for an activity: pick the kind, type a subject, the few fields that kind needs. */
import { Button, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { type Activity, type ActivityKind, type ActivityWrite, fromLocalInput, type Priority, toLocalInput, useCreateActivity, useUpdateActivity } from './api.ts'

const KINDS: ActivityKind[] = ['task', 'call', 'meeting', 'note', 'email']

interface Values {
  kind: ActivityKind
  subject: string
  body: string
  dueAt: string
  remindAt: string
  priority: Priority
  startsAt: string
  endsAt: string
  allDay: boolean
  place: string
  direction: 'inbound' | 'outbound'
  outcome: string
  durationMinutes: number | string
  assigneeId: string
  attendeeUserIds: string[]
  emailFrom: string
  emailTo: string
  sentAt: string
}

/** Where the new activity belongs: an account, a contact, and/or another record (e.g. a deal). */
export interface ActivityLinks {
  accountId?: string
  contactId?: string
  relatedType?: string
  relatedId?: string
}

/** Adds an activity, or (with `editing`) changes one: the kind stays, the links are kept. */
export function QuickAdd({ links = {}, kinds = KINDS, editing, onDone }: { links?: ActivityLinks; kinds?: ActivityKind[]; editing?: Activity; onDone?: () => void }) {
  const { t } = useTranslation('activities')
  const session = useSession()
  const users = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<{ id: string; name: string }>>('/api/v1/users', { limit: 200 }), staleTime: 60_000 })
  const create = useCreateActivity()
  const update = useUpdateActivity()
  const [error, setError] = useState<unknown>(null)
  const form = useForm<Values>({
    initialValues: {
      kind: editing?.kind ?? kinds[0]!,
      subject: editing?.subject ?? '',
      body: editing?.body ?? '',
      dueAt: toLocalInput(editing?.dueAt),
      remindAt: toLocalInput(editing?.remindAt),
      priority: editing?.priority ?? 'normal',
      startsAt: toLocalInput(editing?.startsAt),
      endsAt: toLocalInput(editing?.endsAt),
      allDay: editing?.allDay ?? false,
      place: editing?.place ?? '',
      direction: editing?.direction ?? 'outbound',
      outcome: editing?.outcome ?? '',
      durationMinutes: editing?.durationSeconds != null ? Math.round(editing.durationSeconds / 60) : '',
      assigneeId: editing ? (editing.assigneeId ?? '') : session.user.id,
      attendeeUserIds: (editing?.attendees ?? []).flatMap((x) => (x.userId ? [x.userId] : [])),
      emailFrom: editing?.emailFrom ?? '',
      emailTo: editing?.emailTo ?? '',
      sentAt: toLocalInput(editing?.sentAt),
    },
    validate: {
      subject: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      startsAt: (v, values) => (values.kind === 'meeting' && !v ? t('common:fieldErrors.required') : null),
    },
  })
  const kind = form.values.kind

  const submit = form.onSubmit(async (v) => {
    setError(null)
    const body: ActivityWrite = { kind: v.kind, subject: v.subject.trim(), body: v.body.trim() || null, ...links }
    if (v.kind === 'task') Object.assign(body, { dueAt: fromLocalInput(v.dueAt), remindAt: fromLocalInput(v.remindAt), priority: v.priority, assigneeId: v.assigneeId || null })
    if (v.kind === 'meeting') {
      Object.assign(body, {
        startsAt: fromLocalInput(v.startsAt),
        endsAt: fromLocalInput(v.endsAt),
        allDay: v.allDay,
        place: v.place.trim() || null,
        remindAt: fromLocalInput(v.remindAt),
        attendeeUserIds: v.attendeeUserIds,
      })
    }
    if (v.kind === 'call') {
      const minutes = typeof v.durationMinutes === 'number' ? v.durationMinutes : null
      Object.assign(body, { direction: v.direction, outcome: v.outcome.trim() || null, durationSeconds: minutes === null ? null : Math.round(minutes * 60) })
    }
    if (v.kind === 'email') Object.assign(body, { emailFrom: v.emailFrom.trim() || null, emailTo: v.emailTo.trim() || null, sentAt: fromLocalInput(v.sentAt) })
    try {
      if (editing) {
        const { kind: _kind, accountId: _a, contactId: _c, relatedType: _t, relatedId: _r, ...patch } = body
        // Only what the user changed: re-sending a time rounded to the minute would move it.
        const changed = Object.fromEntries(
          Object.entries(patch).filter(([key]) => form.isDirty((key === 'durationSeconds' ? 'durationMinutes' : key) as keyof Values)),
        )
        await update.mutateAsync({ id: editing.id, ...changed })
        notifications.show({ color: 'teal', message: t('saved') })
        onDone?.()
        return
      }
      await create.mutateAsync(body)
      notifications.show({ color: 'teal', message: t('quickAdd.added') })
      form.setValues({ subject: '', body: '', dueAt: '', remindAt: '', startsAt: '', endsAt: '', place: '', outcome: '', durationMinutes: '', attendeeUserIds: [], emailFrom: '', emailTo: '', sentAt: '' })
      onDone?.()
    } catch (err) {
      const fields = formErrors(err, t)
      form.setErrors(fields)
      setError(err)
    }
  })

  return (
    <form onSubmit={submit} data-testid="activity-quick-add">
      <Stack gap="sm">
        {kinds.length > 1 && !editing ? (
          <SegmentedControl
            data={kinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            {...form.getInputProps('kind')}
            data-testid="activity-kind"
            size="xs"
          />
        ) : null}
        <TextInput label={t('quickAdd.subject')} placeholder={t('quickAdd.subjectPlaceholder')} required {...form.getInputProps('subject')} data-testid="activity-subject" />
        {kind === 'task' ? (
          <Group grow align="flex-start">
            <TextInput type="datetime-local" label={t('quickAdd.dueAt')} {...form.getInputProps('dueAt')} data-testid="activity-dueAt" />
            <TextInput type="datetime-local" label={t('quickAdd.remindAt')} {...form.getInputProps('remindAt')} data-testid="activity-remindAt" />
            <Select
              label={t('quickAdd.priority')}
              data={(['high', 'normal', 'low'] as const).map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              allowDeselect={false}
              {...form.getInputProps('priority')}
              data-testid="activity-priority"
            />
            <Select
              label={t('fields.assignee')}
              data={(users.data?.data ?? [{ id: session.user.id, name: session.user.name }]).map((u) => ({ value: u.id, label: u.name }))}
              searchable
              {...form.getInputProps('assigneeId')}
              data-testid="activity-assignee"
            />
          </Group>
        ) : null}
        {kind === 'email' ? (
          <Group grow align="flex-start">
            <TextInput label={t('fields.from')} {...form.getInputProps('emailFrom')} data-testid="activity-emailFrom" />
            <TextInput label={t('fields.to')} {...form.getInputProps('emailTo')} data-testid="activity-emailTo" />
            <TextInput type="datetime-local" label={t('quickAdd.sentAt')} {...form.getInputProps('sentAt')} data-testid="activity-sentAt" />
          </Group>
        ) : null}
        {kind === 'meeting' ? (
          <>
            <Group grow align="flex-start">
              <TextInput type="datetime-local" label={t('quickAdd.startsAt')} required {...form.getInputProps('startsAt')} data-testid="activity-startsAt" />
              <TextInput type="datetime-local" label={t('quickAdd.endsAt')} {...form.getInputProps('endsAt')} data-testid="activity-endsAt" />
            </Group>
            <Group grow align="flex-end">
              <TextInput label={t('quickAdd.place')} {...form.getInputProps('place')} data-testid="activity-place" />
              <TextInput type="datetime-local" label={t('quickAdd.remindAt')} {...form.getInputProps('remindAt')} data-testid="activity-remindAt" />
            </Group>
            <MultiSelect
              label={t('fields.attendees')}
              data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              searchable
              clearable
              {...form.getInputProps('attendeeUserIds')}
              data-testid="activity-attendees"
            />
            <Checkbox label={t('quickAdd.allDay')} {...form.getInputProps('allDay', { type: 'checkbox' })} data-testid="activity-allDay" />
          </>
        ) : null}
        {kind === 'call' ? (
          <Group grow align="flex-start">
            <Select
              label={t('quickAdd.direction')}
              data={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`direction.${d}`) }))}
              allowDeselect={false}
              {...form.getInputProps('direction')}
              data-testid="activity-direction"
            />
            <TextInput label={t('quickAdd.outcome')} {...form.getInputProps('outcome')} data-testid="activity-outcome" />
            <NumberInput label={t('quickAdd.durationMinutes')} min={0} max={1440} {...form.getInputProps('durationMinutes')} data-testid="activity-duration" />
          </Group>
        ) : null}
        <Textarea label={t('quickAdd.body')} autosize minRows={2} maxRows={8} {...form.getInputProps('body')} data-testid="activity-body" />
        {error ? <ErrorAlert error={error} testId="activity-error" /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="activity-submit">
            {editing ? t('common:actions.saveChanges') : t('quickAdd.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
