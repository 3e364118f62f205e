/** /e/cancel/:token — the registrant cancels through the link in their email (no sign-in, 敬語). */
import { Alert, Button, Stack, Text, Title } from '@mantine/core'
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatEventRange } from './api.ts'
import { PublicLayout } from './PublicLayout.tsx'

interface PublicRegistration {
  eventTitle: string
  startsAt: string
  endsAt: string
  timeZone: string
  name: string
  status: 'confirmed' | 'waitlisted' | 'cancelled'
}

async function load(token: string): Promise<PublicRegistration | null> {
  const response = await fetch(`/api/v1/public/event-registrations/${encodeURIComponent(token)}`, { credentials: 'omit', headers: { Accept: 'application/json' } })
  if (response.status === 404 || response.status === 400) return null
  if (!response.ok) throw new Error(String(response.status))
  return (await response.json()) as PublicRegistration
}

export default function PublicCancelPage() {
  const { token = '' } = useParams()
  const { t, i18n } = useTranslation('events')
  const registration = useQuery({ queryKey: ['public-registration', token], queryFn: () => load(token), retry: false })
  const [state, setState] = useState<'idle' | 'sending' | 'done' | 'error'>('idle')

  const cancel = async () => {
    setState('sending')
    const response = await fetch(`/api/v1/public/event-registrations/${encodeURIComponent(token)}/cancel`, { method: 'POST', credentials: 'omit', headers: { Accept: 'application/json' } }).catch(() => null)
    setState(response?.ok ? 'done' : 'error')
  }

  let body
  if (registration.isPending) body = <CenteredLoader />
  else if (!registration.data)
    body = (
      <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="public-cancel-unavailable">
        {t('cancelPage.notFound')}
      </Alert>
    )
  else if (state === 'done' || registration.data.status === 'cancelled')
    body = (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="public-cancel-done">
        {state === 'done' ? t('cancelPage.done') : t('cancelPage.already')}
      </Alert>
    )
  else {
    const r = registration.data
    body = (
      <Stack gap="md">
        <Text size="sm">{t('cancelPage.intro', { name: r.name })}</Text>
        <Stack gap={2} p="md" style={{ background: 'var(--mantine-color-gray-0)', borderRadius: 8 }}>
          <Text fw={600}>{r.eventTitle}</Text>
          <Text size="sm" c="dimmed">
            {formatEventRange(r, i18n.language)} ({r.timeZone})
          </Text>
        </Stack>
        {state === 'error' ? (
          <Alert color="red" variant="light">
            {t('cancelPage.error')}
          </Alert>
        ) : null}
        <Button color="red" onClick={() => void cancel()} loading={state === 'sending'} data-testid="public-cancel-submit">
          {t('cancelPage.button')}
        </Button>
      </Stack>
    )
  }
  return (
    <PublicLayout>
      <Title order={2} fz={24} mb="md">
        {t('cancelPage.title')}
      </Title>
      {body}
    </PublicLayout>
  )
}
