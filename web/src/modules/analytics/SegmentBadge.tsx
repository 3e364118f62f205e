/** The customer's RFM segment and scores, for the account page header. */
import { Badge, Group, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { SEGMENT_COLOR, useCustomerScore } from './api.ts'

export function SegmentBadge({ accountId }: { accountId: string }) {
  const { t } = useTranslation('analytics')
  const canRead = useCan('analytics', 'read')
  const score = useCustomerScore(canRead ? accountId : '')
  if (!canRead || !score.data) return null
  const s = score.data
  return (
    <Group component="span" gap={6} data-testid="account-segment">
      <Tooltip label={t(`segmentHelp.${s.segment}`)} multiline w={260}>
        <Badge color={SEGMENT_COLOR[s.segment]} variant="light">
          {t(`segments.${s.segment}`)}
        </Badge>
      </Tooltip>
      {s.r !== null ? (
        <Tooltip label={t('rfmHelp')}>
          <Badge variant="outline" color="gray">
            R{s.r} F{s.f} M{s.m}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  )
}
