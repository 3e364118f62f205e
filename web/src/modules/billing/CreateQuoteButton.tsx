/** "見積書を作成" on a deal's page: opens a new quote for the deal and its account. */
import { Button } from '@mantine/core'
import { IconFileText } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'

export function CreateQuoteButton({ dealId, accountId }: { dealId: string; accountId?: string | null }) {
  const { t } = useTranslation('billing')
  const canCreate = useCan('salesDocuments', 'create')
  if (!canCreate) return null
  const query = new URLSearchParams({ dealId, ...(accountId ? { accountId } : {}) })
  return (
    <Button variant="default" leftSection={<IconFileText size={16} />} component={Link} to={`/quotes/new?${query.toString()}`} data-testid="deal-create-quote">
      {t('createQuoteFromDeal')}
    </Button>
  )
}
