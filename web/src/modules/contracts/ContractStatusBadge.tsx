/** A contract's status as a coloured badge (契約中, 更新間近, 満了 …). */
import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { type ContractStatus, STATUS_COLORS } from './api.ts'

export function ContractStatusBadge({ status, testId }: { status: ContractStatus; testId?: string }) {
  const { t } = useTranslation('contracts')
  return (
    // max-content: in narrow table cells the badge keeps its whole label instead of an ellipsis.
    <Badge variant="light" color={STATUS_COLORS[status]} style={{ minWidth: 'max-content' }} data-testid={testId}>
      {t(`status.${status}`)}
    </Badge>
  )
}
