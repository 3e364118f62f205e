/** Status and registration-status badges for events. */
import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { type EventStatus, REGISTRATION_COLORS, type RegistrationStatus, STATUS_COLORS } from './api.ts'

export function EventStatusBadge({ status }: { status: EventStatus }) {
  const { t } = useTranslation('events')
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="event-status">
      {t(`status.${status}`)}
    </Badge>
  )
}

export function RegistrationStatusBadge({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation('events')
  return (
    <Badge color={REGISTRATION_COLORS[status]} variant="light" size="sm">
      {t(`regStatus.${status}`)}
    </Badge>
  )
}
