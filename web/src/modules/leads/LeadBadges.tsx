/** Small shared pieces of the lead screens: status and score badges. */
import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { LeadStatus } from './api.ts'

const STATUS_COLORS: Record<LeadStatus, string> = { new: 'blue', working: 'yellow', qualified: 'teal', unqualified: 'gray', converted: 'grape' }

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const { t } = useTranslation('leads')
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="lead-status">
      {t(`status.${status}`)}
    </Badge>
  )
}

export function ScoreBadge({ score }: { score: number }) {
  const color = score >= 50 ? 'red' : score >= 20 ? 'orange' : 'gray'
  return (
    <Badge color={color} variant={score >= 50 ? 'filled' : 'light'} miw={44} data-testid="lead-score">
      {score}
    </Badge>
  )
}
