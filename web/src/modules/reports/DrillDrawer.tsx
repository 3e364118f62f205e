/** The rows behind a clicked total, newest first, more on demand (keyset pages from the API). */
import { Badge, Button, Drawer, Group, Table, Text } from '@mantine/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { drillReport, type ReportDefinition } from './api.ts'
import type { DrillTarget } from './ReportResultTable.tsx'

export function DrillDrawer({ definition, target, onClose }: { definition: ReportDefinition; target: DrillTarget | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('reports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const format = useFormat()
  const rows = useInfiniteQuery({
    queryKey: ['reports', 'drill', definition, target?.path, target?.pivotKey],
    queryFn: ({ pageParam }) => drillReport({ definition, path: target!.path, ...(target!.pivotKey !== undefined ? { pivotKey: target!.pivotKey } : {}), cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: target !== null,
  })
  const first = rows.data?.pages[0]
  const data = rows.data?.pages.flatMap((p) => p.data) ?? []
  const show = (type: string, value: string | number | null) => {
    if (value === null) return '—'
    if (type === 'money' && typeof value === 'number') return format.yen(value)
    if (type === 'number' && typeof value === 'number') return format.number(value)
    if (type === 'timestamp') return format.dateTime(String(value))
    if (type === 'enum' && i18n.exists(`reports:values.${value}`)) return t(`values.${value}`)
    return String(value)
  }
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size="xl" title={<Text fw={700}>{t('drillTitle', { title: target?.title ?? '' })}</Text>} data-testid="drill-drawer">
      <ErrorAlert error={rows.error} onRetry={() => void rows.refetch()} />
      {rows.isPending && target ? <CenteredLoader /> : null}
      {first ? (
        <>
          <Group mb="sm">
            <Badge variant="light" data-testid="drill-total">
              {t('drillCount', { count: first.total })}
            </Badge>
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table striped fz="sm" data-testid="drill-table">
              <Table.Thead>
                <Table.Tr>
                  {first.columns.map((c) => (
                    <Table.Th key={c.key} ta={c.type === 'money' || c.type === 'number' ? 'right' : undefined}>
                      {c.label[lang]}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((row) => (
                  <Table.Tr key={row.id} data-testid="drill-row">
                    {first.columns.map((c) => (
                      <Table.Td key={c.key} ta={c.type === 'money' || c.type === 'number' ? 'right' : undefined}>
                        {show(c.type, row.values[c.key] ?? null)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.hasNextPage ? (
            <Group justify="center" mt="sm">
              <Button variant="default" loading={rows.isFetchingNextPage} onClick={() => void rows.fetchNextPage()} data-testid="drill-more">
                {t('more')}
              </Button>
            </Group>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}
