/** "Are you sure?" for destructive actions; the confirm button has data-testid="confirm-ok". */
import { Button, Group, Modal, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface Props {
  opened: boolean
  title: string
  message: ReactNode
  confirmLabel?: string
  loading?: boolean
  onConfirm: () => void
  onClose: () => void
}

export function ConfirmDialog({ opened, title, message, confirmLabel, loading, onConfirm, onClose }: Props) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700}>{title}</Text>} data-testid="confirm-dialog">
      <Text size="sm">{message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-testid="confirm-cancel">
          {t('actions.cancel')}
        </Button>
        <Button color="red" onClick={onConfirm} loading={loading} data-testid="confirm-ok">
          {confirmLabel ?? t('actions.delete')}
        </Button>
      </Group>
    </Modal>
  )
}
