/**
 * 資料: the files attached to a record (account, contact, deal, contract …) — drag-and-drop upload
 * with progress, versions, new version, download and delete. Mounted on each record's detail page.
 */
import { ActionIcon, Alert, Anchor, Badge, Card, Collapse, FileButton, Group, Progress, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFile, IconHistory, IconTrash, IconUpload, IconX } from '@tabler/icons-react'
import { type DragEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { formatFileSize, useFormat } from '../../i18n/format.ts'
import { type AttachedDocument, ALLOWED_TYPES, contentUrl, deleteDocument, type DocumentRecordType, useDocuments, useRefreshDocuments } from './api.ts'
import { useUploads } from './useUploads.ts'

const ACCEPT = Object.keys(ALLOWED_TYPES)
  .map((e) => `.${e}`)
  .join(',')

function VersionList({ document }: { document: AttachedDocument }) {
  const { t } = useTranslation('documents')
  const format = useFormat()
  return (
    <Table verticalSpacing={4} fz="xs" data-testid="document-versions">
      <Table.Tbody>
        {document.versions.map((v) => (
          <Table.Tr key={v.id} data-testid="document-version-row">
            <Table.Td w={48}>
              <Badge size="xs" variant={v.id === document.currentVersion?.id ? 'filled' : 'light'}>
                v{v.version}
              </Badge>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{v.fileName}</Table.Td>
            <Table.Td visibleFrom="sm">{formatFileSize(v.size)}</Table.Td>
            <Table.Td visibleFrom="sm">{v.uploadedByName ?? '—'}</Table.Td>
            <Table.Td>{format.dateTime(v.uploadedAt)}</Table.Td>
            <Table.Td w={36}>
              <ActionIcon component="a" href={contentUrl(document.id, v.version)} download variant="subtle" size="sm" aria-label={t('downloadVersion', { version: v.version })}>
                <IconDownload size={14} />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function DocumentRow({ document, canUpdate, onNewVersion, onDelete }: { document: AttachedDocument; canUpdate: boolean; onNewVersion(file: File | null): void; onDelete?: () => void }) {
  const { t } = useTranslation('documents')
  const format = useFormat()
  const [open, setOpen] = useState(false)
  const current = document.currentVersion
  return (
    <Stack gap={4} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="document-row">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <IconFile size={20} color="var(--mantine-color-gray-6)" style={{ flexShrink: 0 }} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              {current ? (
                <Anchor href={contentUrl(document.id)} download size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="document-name">
                  {document.name}
                </Anchor>
              ) : (
                <Text size="sm" fw={500} data-testid="document-name">
                  {document.name}
                </Text>
              )}
              {current ? (
                <Badge size="xs" variant="light" data-testid="document-current-version">
                  v{current.version}
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed">
              {current ? `${formatFileSize(current.size)} · ${current.uploadedByName ?? '—'} · ${format.dateTime(current.uploadedAt)}` : t('noFile')}
            </Text>
          </Stack>
        </Group>
        <Group gap={2} wrap="nowrap">
          {document.versions.length > 1 ? (
            <Tooltip label={t('versions', { count: document.versions.length })}>
              <ActionIcon variant={open ? 'light' : 'subtle'} onClick={() => setOpen((o) => !o)} aria-label={t('versions', { count: document.versions.length })} data-testid="document-versions-toggle">
                <IconHistory size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          {current ? (
            <Tooltip label={t('download')}>
              <ActionIcon component="a" href={contentUrl(document.id)} download variant="subtle" aria-label={t('download')} data-testid="document-download">
                <IconDownload size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          {canUpdate ? (
            <FileButton onChange={onNewVersion} accept={ACCEPT}>
              {(props) => (
                <Tooltip label={t('newVersion')}>
                  <ActionIcon {...props} variant="subtle" aria-label={t('newVersion')} data-testid="document-new-version">
                    <IconUpload size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </FileButton>
          ) : null}
          {onDelete ? (
            <Tooltip label={t('common:actions.delete')}>
              <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={t('common:actions.delete')} data-testid="document-delete">
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
      </Group>
      <Collapse in={open}>
        <VersionList document={document} />
      </Collapse>
    </Stack>
  )
}

export function DocumentsPanel({ recordType, recordId }: { recordType: DocumentRecordType; recordId: string }) {
  const { t } = useTranslation('documents')
  const canRead = useCan('documents', 'read')
  // A new document is a create, and its file an update (PUT …/content).
  const canUpdate = useCan('documents', 'update')
  const canCreate = useCan('documents', 'create') && canUpdate
  const canDelete = useCan('documents', 'delete')
  const list = useDocuments(recordType, recordId, canRead)
  const refresh = useRefreshDocuments(recordType, recordId)
  const { uploads, addFiles, addVersion, dismiss } = useUploads(recordType, recordId, refresh, t)
  const [dragging, setDragging] = useState(false)
  const [deleting, setDeleting] = useState<AttachedDocument | null>(null)
  const [removing, setRemoving] = useState(false)
  if (!canRead) return null
  const documents = list.data?.data ?? []

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    if (canCreate) addFiles(Array.from(event.dataTransfer.files))
  }
  const doDelete = async (document: AttachedDocument) => {
    setRemoving(true)
    try {
      await deleteDocument(document.id)
      notifications.show({ color: 'teal', message: t('deleted', { name: document.name }) })
      refresh()
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    } finally {
      setRemoving(false)
      setDeleting(null)
    }
  }

  return (
    <Card padding="lg" data-testid="documents-panel">
      <Group justify="space-between" mb="sm">
        <Title order={5}>{t('title')}</Title>
        {documents.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('count', { count: documents.length })}
          </Text>
        ) : null}
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {canCreate ? (
        <FileButton onChange={addFiles} accept={ACCEPT} multiple>
          {(props) => (
            <UnstyledButton
              {...props}
              onDragOver={(e: DragEvent) => {
                e.preventDefault()
                setDragging(true)
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              w="100%"
              p="md"
              data-testid="documents-dropzone"
              style={{
                border: `1px dashed var(--mantine-color-${dragging ? 'blue-5' : 'gray-4'})`,
                borderRadius: 'var(--mantine-radius-md)',
                background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
                textAlign: 'center',
              }}
            >
              <Group justify="center" gap="xs">
                <IconUpload size={18} color="var(--mantine-color-gray-6)" />
                <Text size="sm">{dragging ? t('dropNow') : t('dropHere')}</Text>
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                {t('allowed')}
              </Text>
            </UnstyledButton>
          )}
        </FileButton>
      ) : null}
      {uploads.length > 0 ? (
        <Stack gap="xs" mt="sm" data-testid="documents-uploads">
          {uploads.map((u) =>
            u.error ? (
              <Alert
                key={u.key}
                color="red"
                variant="light"
                p="xs"
                title={u.fileName}
                withCloseButton
                closeButtonLabel={t('common:actions.close')}
                onClose={() => dismiss(u.key)}
                icon={<IconX size={16} />}
                data-testid="documents-upload-error"
              >
                {u.error}
              </Alert>
            ) : (
              <Stack key={u.key} gap={2} data-testid="documents-upload-progress">
                <Text size="xs">{t(u.documentId ? 'uploadingVersion' : 'uploading', { name: u.fileName })}</Text>
                <Progress value={Math.round(u.progress * 100)} animated size="sm" />
              </Stack>
            ),
          )}
        </Stack>
      ) : null}
      <Stack gap={0} mt="sm" data-testid="documents-list">
        {documents.length === 0 && !list.isPending ? (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        ) : null}
        {documents.map((document) => (
          <DocumentRow
            key={document.id}
            document={document}
            canUpdate={canUpdate}
            onNewVersion={(file) => addVersion(document.id, file)}
            onDelete={canDelete ? () => setDeleting(document) : undefined}
          />
        ))}
      </Stack>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('deleteTitle')}
        message={deleting ? t('deleteMessage', { name: deleting.name }) : ''}
        loading={removing}
        onConfirm={() => deleting && void doDelete(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Card>
  )
}
