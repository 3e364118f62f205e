/** Create (/events/new) or edit (/events/:id/edit) an event; times are entered on the event's own clock. */
import { Anchor, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type CrmEvent, EVENT_KINDS, type EventKind, type EventWrite, isoToZoned, useEvent, useSaveEvent, zonedToIso } from './api.ts'

interface Values {
  title: string
  kind: EventKind
  description: string
  venue: string
  onlineUrl: string
  timeZone: string
  startsAt: string
  endsAt: string
  capacity: number | string
  registrationOpensAt: string
  registrationClosesAt: string
  reminderHours: number | string
  ownerId: string | null
}

const COMMON_ZONES = ['Asia/Tokyo', 'UTC', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'America/Los_Angeles']

export default function EventFormPage() {
  const { id } = useParams()
  const event = useEvent(id ?? '')
  if (!id) return <EventForm />
  if (event.isPending) return <CenteredLoader />
  if (event.error) return <ErrorAlert error={event.error} />
  return <EventForm event={event.data} />
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

/** Next week at 14:00–16:00 on the Tokyo clock: a typical seminar slot to start from. */
function defaultTimes(zone: string): { startsAt: string; endsAt: string } {
  const day = isoToZoned(new Date(Date.now() + 7 * 86_400_000).toISOString(), zone).slice(0, 10)
  return { startsAt: `${day}T14:00`, endsAt: `${day}T16:00` }
}

function EventForm({ event }: { event?: CrmEvent }) {
  const { t } = useTranslation('events')
  const navigate = useNavigate()
  const session = useSession()
  const save = useSaveEvent(event?.id)
  const [error, setError] = useState<unknown>(null)
  const users = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<{ id: string; name: string }>>('/api/v1/users', { limit: 200 }), staleTime: 60_000 })
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
    return [...new Set([...COMMON_ZONES, ...all])]
  }, [])
  const [initial] = useState<Values>(() => {
    const zone = event?.timeZone ?? 'Asia/Tokyo'
    const times = event ? { startsAt: isoToZoned(event.startsAt, zone), endsAt: isoToZoned(event.endsAt, zone) } : defaultTimes(zone)
    return {
      title: event?.title ?? '',
      kind: event?.kind ?? 'seminar',
      description: event?.description ?? '',
      venue: event?.venue ?? '',
      onlineUrl: event?.onlineUrl ?? '',
      timeZone: zone,
      ...times,
      capacity: event?.capacity ?? '',
      registrationOpensAt: isoToZoned(event?.registrationOpensAt, zone),
      registrationClosesAt: isoToZoned(event?.registrationClosesAt, zone),
      reminderHours: event?.reminderHours ?? 24,
      // The organiser runs a new event unless someone else is chosen: follow-up tasks go to the owner.
      ownerId: event ? event.ownerId : session.user.id,
    }
  })
  const form = useForm<Values>({
    initialValues: initial,
    validate: {
      title: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      startsAt: (v) => (v ? null : t('common:fieldErrors.required')),
      endsAt: (v, values) => (!v ? t('common:fieldErrors.required') : values.startsAt && v <= values.startsAt ? t('errors.endBeforeStart') : null),
      registrationClosesAt: (v, values) => (v && values.registrationOpensAt && v <= values.registrationOpensAt ? t('errors.closesBeforeOpens') : null),
    },
  })
  const cancelTo = event ? `/events/${event.id}` : '/events'
  const field = (name: keyof Values) => ({ label: t(`fields.${name}`), 'data-testid': `event-field-${name}`, ...form.getInputProps(name) })

  const submit = form.onSubmit(async (v) => {
    setError(null)
    const zone = v.timeZone
    const body: EventWrite = {
      title: v.title.trim(),
      kind: v.kind,
      description: v.description.trim() || null,
      venue: v.venue.trim() || null,
      onlineUrl: v.onlineUrl.trim() || null,
      timeZone: zone,
      startsAt: zonedToIso(v.startsAt, zone),
      endsAt: zonedToIso(v.endsAt, zone),
      capacity: v.capacity === '' ? null : Number(v.capacity),
      registrationOpensAt: v.registrationOpensAt ? zonedToIso(v.registrationOpensAt, zone) : null,
      registrationClosesAt: v.registrationClosesAt ? zonedToIso(v.registrationClosesAt, zone) : null,
      reminderHours: Number(v.reminderHours === '' ? 24 : v.reminderHours),
      ownerId: v.ownerId,
    }
    if (event) {
      // Only what changed (an instant compares by its time, not its spelling).
      for (const key of Object.keys(body) as (keyof EventWrite)[]) {
        const before = (event as unknown as Record<string, unknown>)[key] ?? null
        const after = body[key] ?? null
        const same = typeof before === 'string' && typeof after === 'string' && /At$/.test(key) ? Date.parse(before) === Date.parse(after) : JSON.stringify(before) === JSON.stringify(after)
        if (same) delete body[key]
      }
    }
    try {
      const saved = await save.mutateAsync(body)
      notifications.show({ color: 'teal', message: t(event ? 'saved' : 'created', { name: saved.title }) })
      void navigate(`/events/${saved.id}`, { replace: true })
    } catch (err) {
      form.setErrors(formErrors(err, t))
      setError(err)
    }
  })

  return (
    <form onSubmit={submit} noValidate data-testid="event-form">
      <PageHeader
        title={event ? t('editTitle') : t('newTitle')}
        description={event?.title}
        back={
          <Anchor component={Link} to={cancelTo} size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {event ? event.title : t('backToList')}
            </Group>
          </Anchor>
        }
      />
      <ErrorAlert error={error} testId="event-form-error" />
      <Stack gap="md">
        <Section title={t('sections.basic')}>
          <TextInput {...field('title')} withAsterisk placeholder={t('placeholders.title')} />
          <Select {...field('kind')} data={EVENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} allowDeselect={false} />
          <Select {...field('ownerId')} data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('noOwner')} />
          <div />
          <Textarea {...field('description')} autosize minRows={3} maxRows={12} style={{ gridColumn: '1 / -1' }} />
        </Section>
        <Section title={t('sections.schedule')}>
          <TextInput {...field('startsAt')} type="datetime-local" withAsterisk />
          <TextInput {...field('endsAt')} type="datetime-local" withAsterisk />
          <Select {...field('timeZone')} data={zones} searchable allowDeselect={false} description={t('hints.times')} />
          <div />
          <TextInput {...field('venue')} placeholder={t('placeholders.venue')} />
          <TextInput {...field('onlineUrl')} type="url" placeholder={t('placeholders.onlineUrl')} description={t('hints.onlineUrl')} />
        </Section>
        <Section title={t('sections.registration')}>
          <NumberInput {...field('capacity')} min={1} max={100000} allowDecimal={false} placeholder={t('placeholders.capacity')} description={t('hints.capacity')} />
          <NumberInput {...field('reminderHours')} min={1} max={720} allowDecimal={false} suffix={t('hoursSuffix')} description={t('hints.reminderHours')} />
          <TextInput {...field('registrationOpensAt')} type="datetime-local" />
          <TextInput {...field('registrationClosesAt')} type="datetime-local" description={t('hints.registrationClosesAt')} />
        </Section>
      </Stack>
      <Group justify="flex-end" mt="lg" mb="xl">
        <Button variant="default" component={Link} to={cancelTo}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="event-save">
          {event ? t('common:actions.saveChanges') : t('common:actions.create')}
        </Button>
      </Group>
    </form>
  )
}
