/** Admins upload the logo and the company seal (社印) printed on every quote, order and invoice PDF. */
import { Button, Card, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconTrash, IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/client.ts'
import { useSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { BILLING_IMAGE_KINDS, BILLING_IMAGE_MAX_BYTES, type BillingImage, type BillingImageKind, billingImageUrl, useBillingImages, useDeleteBillingImage, useUploadBillingImage } from './api.ts'

export function BillingImagesCard() {
  const { t } = useTranslation('billing')
  const session = useSession()
  const images = useBillingImages()
  const upload = useUploadBillingImage(session.csrfToken)
  const remove = useDeleteBillingImage()
  const [localError, setLocalError] = useState<Error | null>(null)

  const choose = (kind: BillingImageKind, file: File | null) => {
    if (!file) return
    setLocalError(null)
    if (file.size > BILLING_IMAGE_MAX_BYTES) {
      setLocalError(new ApiError(413, 'payload_too_large', t('images.tooLarge')))
      return
    }
    upload.mutate({ kind, file }, { onSuccess: () => notifications.show({ color: 'teal', message: t('images.uploaded', { kind: t(`images.kind.${kind}`) }) }) })
  }
  const byKind = new Map((images.data ?? []).map((image) => [image.kind, image]))

  return (
    <Card maw={760} mt="md" data-testid="billing-images">
      <Stack>
        <div>
          <Title order={4}>{t('images.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('images.description')}
          </Text>
        </div>
        <ErrorAlert error={localError ?? upload.error ?? remove.error ?? images.error} testId="billing-images-error" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {BILLING_IMAGE_KINDS.map((kind) => (
            <ImageSlot
              key={kind}
              kind={kind}
              image={byKind.get(kind)}
              busy={(upload.isPending && upload.variables?.kind === kind) || (remove.isPending && remove.variables === kind)}
              onChoose={(file) => choose(kind, file)}
              onRemove={() => remove.mutate(kind, { onSuccess: () => notifications.show({ color: 'teal', message: t('images.removed', { kind: t(`images.kind.${kind}`) }) }) })}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  )
}

function ImageSlot(props: { kind: BillingImageKind; image: BillingImage | undefined; busy: boolean; onChoose: (file: File | null) => void; onRemove: () => void }) {
  const { t } = useTranslation('billing')
  const { kind, image } = props
  const label = t(`images.kind.${kind}`)
  return (
    <Stack gap="xs" data-testid={`billing-image-${kind}`} data-uploaded={image ? 'true' : 'false'}>
      <Text fw={600} size="sm">
        {label}
      </Text>
      <Paper withBorder h={120} p="xs" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        {image ? (
          <Image src={billingImageUrl(kind, image.updatedAt)} alt={t('images.alt', { kind: label })} fit="contain" h={100} w="auto" data-testid={`billing-image-${kind}-preview`} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('images.none')}
          </Text>
        )}
      </Paper>
      <Group gap="xs">
        <FileButton onChange={props.onChoose} accept="image/png,image/jpeg" inputProps={{ 'data-testid': `billing-image-${kind}-input` } as object}>
          {(buttonProps) => (
            <Button {...buttonProps} size="xs" variant="default" leftSection={<IconUpload size={14} />} loading={props.busy} data-testid={`billing-image-${kind}-upload`}>
              {image ? t('images.replace') : t('images.upload')}
            </Button>
          )}
        </FileButton>
        {image ? (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={props.onRemove} disabled={props.busy} data-testid={`billing-image-${kind}-remove`}>
            {t('images.remove')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  )
}
