/** A contract's status as a coloured badge (契約中, 更新間近, 満了 …). */
import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { type ContractStatus, STATUS_COLORS } from './api.ts'

export function ContractStatusBadge({ status, testId }: { status: ContractStatus; testId?: string }) {
  const { t } = useTranslation('contracts')
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} data-testid={testId}>
      {t(`status.${status}`)}
    </Badge>
  )
}
