/**
 * /e/:key — the public registration page (no sign-in, 敬語). Posts without cookies, so a signed-in
 * colleague testing it is treated exactly like a visitor. `?lang=en` picks the language.
 */
import { Alert, Badge, Box, Button, Divider, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconAlertCircle, IconCalendarEvent, IconCircleCheck, IconMapPin, IconVideo } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type EventKind, type EventStatus, formatEventRange } from './api.ts'
import { PublicLayout } from './PublicLayout.tsx'

interface PublicEvent {
  title: string
  kind: EventKind
  description: string | null
  venue: string | null
  online: boolean
  startsAt: string
  endsAt: string
  timeZone: string
  status: EventStatus
  registration: 'open' | 'not_yet_open' | 'closed'
  seatsLeft: number | null
}

type Outcome = { kind: 'done'; status: 'confirmed' | 'waitlisted'; code: string | null } | { kind: 'error'; message: string; fields: Record<string, string> } | null

/** The honeypot: off-screen and skipped by keyboard and screen readers; only bots fill it in. */
const HONEYPOT = 'website'
const FIELDS = ['name', 'nameKana', 'company', 'email', 'phone'] as const
type Field = (typeof FIELDS)[number]

async function loadEvent(key: string): Promise<PublicEvent | null> {
  const response = await fetch(`/api/v1/public/events/${encodeURIComponent(key)}`, { credentials: 'omit', headers: { Accept: 'application/json' } })
  if (response.status === 404 || response.status === 400) return null
  if (!response.ok) throw new Error(String(response.status))
  return (await response.json()) as PublicEvent
}

export default function PublicEventPage() {
  const { key = '' } = useParams()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('events')
  const lang = params.get('lang')
  useEffect(() => {
    if (lang === 'ja' || lang === 'en') void i18n.changeLanguage(lang)
  }, [lang, i18n])
  const event = useQuery({ queryKey: ['public-event', key], queryFn: () => loadEvent(key), retry: false })

  if (event.isPending)
    return (
      <PublicLayout>
        <CenteredLoader />
      </PublicLayout>
    )
  if (!event.data)
    return (
      <PublicLayout>
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="public-event-unavailable">
          {t('public.notFound')}
        </Alert>
      </PublicLayout>
    )
  const e = event.data
  return (
    <PublicLayout>
      <Stack gap="md">
        <Stack gap={6}>
          <Group gap="xs">
            <Badge variant="light">{t(`kind.${e.kind}`)}</Badge>
            {e.status === 'published' && e.seatsLeft !== null ? (
              <Badge variant="light" color={e.seatsLeft > 0 ? 'teal' : 'orange'} data-testid="public-event-seats">
                {e.seatsLeft > 0 ? t('public.seatsLeft', { count: e.seatsLeft }) : t('public.full')}
              </Badge>
            ) : null}
          </Group>
          <Title order={2} fz={26} data-testid="public-event-title">
            {e.title}
          </Title>
        </Stack>
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconCalendarEvent size={18} style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" data-testid="public-event-when">
              {formatEventRange(e, i18n.language)}
              <Text span size="xs" c="dimmed">
                {' '}
                ({e.timeZone})
              </Text>
            </Text>
          </Group>
          {e.venue ? (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <IconMapPin size={18} style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="sm">{e.venue}</Text>
            </Group>
          ) : null}
          {e.online ? (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <IconVideo size={18} style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="sm">{t('public.online')}</Text>
            </Group>
          ) : null}
        </Stack>
        {e.description ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {e.description}
          </Text>
        ) : null}
        <Divider />
        {e.status === 'cancelled' ? (
          <Alert color="red" variant="light" data-testid="public-event-closed">
            {t('public.cancelledEvent')}
          </Alert>
        ) : e.status === 'finished' ? (
          <Alert color="gray" variant="light" data-testid="public-event-closed">
            {t('public.finished')}
          </Alert>
        ) : e.registration !== 'open' ? (
          <Alert color="gray" variant="light" data-testid="public-event-closed">
            {t(e.registration === 'not_yet_open' ? 'public.notYetOpen' : 'public.closed')}
          </Alert>
        ) : (
          <RegistrationForm eventKey={key} full={e.seatsLeft === 0} />
        )}
      </Stack>
    </PublicLayout>
  )
}

function RegistrationForm({ eventKey, full }: { eventKey: string; full: boolean }) {
  const { t } = useTranslation('events')
  const [values, setValues] = useState<Record<string, string>>({})
  const [sending, setSending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)

  if (outcome?.kind === 'done') {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={t('public.thanksTitle')} data-testid="public-event-thanks">
        <Stack gap="xs">
          <Text size="sm">{t(outcome.status === 'confirmed' ? 'public.confirmed' : 'public.waitlisted')}</Text>
          {outcome.code ? (
            <Text size="sm">
              {t('public.codeLabel')}:{' '}
              <Text span fw={700} ff="monospace" data-testid="public-event-code">
                {outcome.code}
              </Text>
            </Text>
          ) : null}
        </Stack>
      </Alert>
    )
  }
  const fieldErrors = outcome?.kind === 'error' ? outcome.fields : {}
  const set = (key: string) => (e: { currentTarget: { value: string } }) => setValues({ ...values, [key]: e.currentTarget.value })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const missing: Record<string, string> = {}
    if (!(values.name ?? '').trim()) missing.name = t('public.required')
    if (!(values.email ?? '').trim()) missing.email = t('public.required')
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email!.trim())) missing.email = t('public.invalidEmail')
    if (Object.keys(missing).length > 0) {
      setOutcome({ kind: 'error', message: '', fields: missing })
      return
    }
    setSending(true)
    const payload = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''))
    try {
      const response = await fetch(`/api/v1/public/events/${encodeURIComponent(eventKey)}/registrations`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload),
      })
      const json = (await response.json().catch(() => ({}))) as { status?: 'confirmed' | 'waitlisted'; code?: string | null; error?: { details?: { path?: string; message?: string }[] } }
      if (response.ok) {
        setOutcome({ kind: 'done', status: json.status ?? 'confirmed', code: json.code ?? null })
        return
      }
      const details = json.error?.details ?? []
      if (response.status === 409 && details.some((d) => d.path === 'email')) setOutcome({ kind: 'error', message: t('public.duplicate'), fields: { email: t('public.duplicate') } })
      else if (response.status === 409) setOutcome({ kind: 'error', message: t('public.closed'), fields: {} })
      else if (response.status === 429) setOutcome({ kind: 'error', message: t('public.tooMany'), fields: {} })
      else if (response.status === 400 && details.length > 0) setOutcome({ kind: 'error', message: '', fields: Object.fromEntries(details.filter((d) => d.path).map((d) => [d.path!, d.path === 'email' ? t('public.invalidEmail') : t('public.invalid')])) })
      else setOutcome({ kind: 'error', message: t('public.error'), fields: {} })
    } catch {
      setOutcome({ kind: 'error', message: t('public.error'), fields: {} })
    } finally {
      setSending(false)
    }
  }

  const input = (key: Field, props: { required?: boolean; type?: string; autoComplete?: string; placeholder?: string } = {}) => (
    <TextInput
      label={t(`public.${key}`)}
      required={props.required}
      type={props.type ?? 'text'}
      autoComplete={props.autoComplete ?? 'off'}
      placeholder={props.placeholder}
      value={values[key] ?? ''}
      onChange={set(key)}
      error={fieldErrors[key]}
      data-testid={`public-event-${key}`}
    />
  )

  return (
    <Box component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate data-testid="public-event-form">
      <Stack gap="sm">
        <Title order={4}>{t('public.formTitle')}</Title>
        {outcome?.kind === 'error' && outcome.message && !fieldErrors.email ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="public-event-error">
            {outcome.message}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {input('name', { required: true, autoComplete: 'name', placeholder: t('public.namePlaceholder') })}
          {input('nameKana', { placeholder: t('public.kanaPlaceholder') })}
        </SimpleGrid>
        {input('company', { autoComplete: 'organization' })}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {input('email', { required: true, type: 'email', autoComplete: 'email' })}
          {input('phone', { type: 'tel', autoComplete: 'tel' })}
        </SimpleGrid>
        <Box style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }} aria-hidden="true">
          <label>
            Website
            <input type="text" name={HONEYPOT} tabIndex={-1} autoComplete="off" value={values[HONEYPOT] ?? ''} onChange={set(HONEYPOT)} />
          </label>
        </Box>
        <Text size="xs" c="dimmed">
          {t('public.privacy')}
        </Text>
        <Button type="submit" loading={sending} fullWidth mt="xs" size="md" color={full ? 'orange' : undefined} data-testid="public-event-submit">
          {t(full ? 'public.submitWaitlist' : 'public.submit')}
        </Button>
      </Stack>
    </Box>
  )
}
