/** One audit entry: who, what, when, and each changed field before → after. */
import { Badge, Code, Group, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useFormat } from '../../../i18n/format.ts'
import type { AuditEntry } from '../api.ts'

export const actionColor = (action: string) =>
  action === 'delete' || action === 'login_failed' || action === 'locked' || action === 'revoke'
    ? 'red'
    : action === 'create' || action === 'accept'
      ? 'teal'
      : action === 'update'
        ? 'blue'
        : 'gray'

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value, null, 2)
}

export function AuditDiffDialog({ entry, objectLabel, onClose }: { entry: AuditEntry; objectLabel: (type: string) => string; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const changes = Object.entries(entry.changes ?? {})
  const meta: [string, string][] = [
    [t('audit.when'), format.dateTime(entry.createdAt)],
    [t('audit.actor'), entry.actorName ?? t('audit.system')],
    [t('audit.object'), objectLabel(entry.objectType)],
    [t('audit.objectId'), entry.objectId ?? '—'],
    [t('audit.ip'), entry.ip ?? '—'],
  ]
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={
        <Group gap="xs">
          <Text fw={700}>{t('audit.details')}</Text>
          <Badge variant="light" color={actionColor(entry.action)}>
            {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
          </Badge>
        </Group>
      }
    >
      <Stack gap="md" data-testid="audit-detail">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {meta.map(([label, value]) => (
            <div key={label}>
              <Text size="xs" c="dimmed" fw={600}>
                {label}
              </Text>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('audit.noChanges')}
          </Text>
        ) : (
          <div className="daifuku-table-wrap">
            <Table withTableBorder layout="fixed" data-testid="audit-diff">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="24%">{t('audit.field')}</Table.Th>
                  <Table.Th>{t('audit.before')}</Table.Th>
                  <Table.Th>{t('audit.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map(([field, change]) => (
                  <Table.Tr key={field}>
                    <Table.Td>
                      <Code>{field}</Code>
                    </Table.Td>
                    <Table.Td bg="red.0">
                      <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                        {show(change.before)}
                      </Text>
                    </Table.Td>
                    <Table.Td bg="teal.0">
                      <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                        {show(change.after)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </Modal>
  )
}
