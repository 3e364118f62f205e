/** A red banner for a failed load or save, with an optional retry. */
import { Alert, Button } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from './errors.ts'

export function ErrorAlert({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={t('errors.title')} data-testid={testId ?? 'error-alert'} mb="md">
      {errorMessage(error, t)}
      {onRetry ? (
        <Button variant="white" color="red" size="compact-sm" ml="sm" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      ) : null}
    </Alert>
  )
}
