/**
 * The list body shared by 取引先 and 担当者: search, sort (incl. 五十音順), 絞り込み条件, column chooser,
 * 保存済みビュー, row checkboxes with the bulk action bar, and keyset "load more". Pages give the columns.
 */
import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks'
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { completeFilter, type FilterCondition, type FilterGroup, type ListObject, type SavedView, useListCatalogue, useListQuery, useSavedViews } from './api.ts'
import { BulkActionBar } from './BulkActionBar.tsx'
import { ColumnChooser } from './ColumnChooser.tsx'
import { countConditions, emptyGroup, FilterGroupEditor } from './FilterBuilder.tsx'
import { useLabel } from './labels.ts'
import { SavedViewsMenu } from './SavedViewsMenu.tsx'

export interface ListColumn<T> {
  /** The catalogue field key (a column exists only while the role may see that field). */
  key: string
  header: string
  render: (row: T) => ReactNode
  visibleFrom?: 'sm' | 'md' | 'lg'
  nowrap?: boolean
}

interface Props<T extends { id: string }> {
  object: ListObject
  testIdPrefix: string
  defaultSort: string
  defaultColumns: string[]
  columns: ListColumn<T>[]
  primary: { header: string; render: (row: T) => ReactNode; href: (row: T) => string }
  searchPlaceholder: string
  emptyMessage: string
  countLabel: (count: number) => string
  /** Conditions the page adds from its own URL (a tag or company link), ANDed with the filter. */
  fixedConditions?: FilterCondition[]
  toolbarExtra?: ReactNode
  tags?: boolean
  header: (state: { q: string; sort: string }) => ReactNode
}

export function ListView<T extends { id: string }>(props: Props<T>) {
  const { object, testIdPrefix: p, defaultSort, defaultColumns } = props
  const { t } = useTranslation('savedViews')
  const label = useLabel()
  const navigate = useNavigate()
  const phone = useMediaQuery('(max-width: 36em)')
  const [params, setParams] = useSearchParams()
  const catalogue = useListCatalogue(object)
  const views = useSavedViews(object)
  const viewId = params.get('view')
  const current: SavedView | null = views.data?.find((v) => v.id === viewId) ?? null

  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search.trim(), 300)
  const [filter, setFilter] = useState<FilterGroup | null>(null)
  const [sort, setSort] = useState(defaultSort)
  const [columns, setColumns] = useState(defaultColumns)
  const [editing, setEditing] = useState<FilterGroup | null>(null)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [allMatching, setAllMatching] = useState(false)

  // Opening a view (or its update arriving) replaces what is on screen.
  useEffect(() => {
    if (!current) return
    setFilter(current.filter)
    setSort(current.sort ?? defaultSort)
    setColumns(current.columns.length > 0 ? current.columns : defaultColumns)
  }, [current?.id, current?.updatedAt]) // eslint-disable-line react-hooks/exhaustive-deps

  const openView = (view: SavedView | null) => {
    const next = new URLSearchParams(params)
    if (view) next.set('view', view.id)
    else {
      next.delete('view')
      setFilter(null)
      setSort(defaultSort)
      setColumns(defaultColumns)
    }
    setParams(next, { replace: true })
  }

  const applied = useMemo(() => {
    const own = completeFilter(filter)
    const fixed = props.fixedConditions ?? []
    if (fixed.length === 0) return own
    return { combinator: 'and' as const, conditions: [...fixed, ...(own ? [own] : [])] }
  }, [filter, props.fixedConditions])
  const list = useListQuery<T>(object, { filter: applied, sort, q })
  const rows = list.rows

  // A new result set starts a new selection.
  useEffect(() => {
    setSelected(new Set())
    setAllMatching(false)
  }, [JSON.stringify(applied), sort, q]) // eslint-disable-line react-hooks/exhaustive-deps

  const fieldKeys = new Set(catalogue.data?.fields.map((f) => f.key) ?? [])
  const available = props.columns.filter((c) => fieldKeys.has(c.key))
  const shownColumns = available.filter((c) => columns.includes(c.key))
  const definition = { filter: completeFilter(filter), sort, columns }
  const dirty = current !== null && JSON.stringify({ f: current.filter, s: current.sort ?? defaultSort, c: current.columns }) !== JSON.stringify({ f: definition.filter, s: sort, c: columns })
  const conditionCount = countConditions(completeFilter(filter))

  const sortOptions = (catalogue.data?.sorts ?? []).flatMap((s) =>
    s.key === 'createdAt'
      ? [
          { value: '-createdAt', label: t('sort.newest') },
          { value: 'createdAt', label: t('sort.oldest') },
        ]
      : [
          { value: s.key, label: label(s.label) },
          { value: `-${s.key}`, label: t('sort.reverse', { label: label(s.label) }) },
        ],
  )

  const toggleRow = (id: string, on: boolean) => {
    setAllMatching(false)
    setSelected((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }
  const allLoadedSelected = rows.length > 0 && rows.every((r) => selected.has(r.id))

  return (
    <>
      {props.header({ q, sort })}
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <SavedViewsMenu object={object} views={views.data ?? []} current={current} dirty={dirty} definition={definition} onOpen={openView} />
          <TextInput
            style={{ flex: '1 1 220px' }}
            leftSection={<IconSearch size={16} />}
            placeholder={props.searchPlaceholder}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid={`${p}-search`}
            aria-label={t('common:actions.search')}
          />
          <Select w={{ base: '100%', xs: 200 }} aria-label={t('sort.label')} value={sort} onChange={(v) => v && setSort(v)} allowDeselect={false} data={sortOptions} data-testid={`${p}-sort`} />
          <Group gap="xs" wrap="nowrap">
            <Button
              variant={conditionCount > 0 ? 'light' : 'default'}
              leftSection={<IconFilter size={16} />}
              rightSection={conditionCount > 0 ? <Badge size="sm" circle>{conditionCount}</Badge> : null}
              onClick={() => setEditing(filter ?? emptyGroup())}
              data-testid="filter-open"
            >
              {t('filter.button')}
            </Button>
            {conditionCount > 0 ? (
              <Button variant="subtle" color="gray" px={6} onClick={() => setFilter(null)} aria-label={t('filter.clear')} data-testid="filter-clear">
                <IconX size={16} />
              </Button>
            ) : null}
            {available.length > 0 ? <ColumnChooser available={available.map((c) => ({ key: c.key, label: c.header }))} selected={columns} onChange={setColumns} /> : null}
          </Group>
          {props.toolbarExtra}
        </Group>
        {selected.size > 0 && catalogue.data ? (
          <div style={{ padding: 'var(--mantine-spacing-xs)' }}>
            <BulkActionBar
              object={object}
              catalogue={catalogue.data}
              selection={allMatching ? { matching: { filter: applied, ...(q ? { q } : {}) } } : { ids: [...selected] }}
              selectedCount={selected.size}
              allMatching={allMatching}
              canSelectAllMatching={allLoadedSelected && list.hasNextPage}
              onSelectAllMatching={setAllMatching}
              onDone={() => setSelected(new Set())}
              tags={props.tags === true}
            />
          </div>
        ) : null}
        <ErrorAlert error={list.error ?? catalogue.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q || applied ? t('common:states.noResults') : props.emptyMessage} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid={`${p}-table`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label={t('bulk.selectAll')}
                      checked={allLoadedSelected}
                      indeterminate={selected.size > 0 && !allLoadedSelected}
                      onChange={(e) => {
                        setAllMatching(false)
                        setSelected(e.currentTarget.checked ? new Set(rows.map((r) => r.id)) : new Set())
                      }}
                      data-testid="select-all"
                    />
                  </Table.Th>
                  <Table.Th>{props.primary.header}</Table.Th>
                  {shownColumns.map((c) => (
                    <Table.Th key={c.key} visibleFrom={c.visibleFrom}>
                      {c.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id} data-testid={`${p}-row`} style={{ cursor: 'pointer' }} bg={selected.has(row.id) ? 'blue.0' : undefined} onClick={() => void navigate(props.primary.href(row))}>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox aria-label={t('bulk.selectRow')} checked={allMatching || selected.has(row.id)} onChange={(e) => toggleRow(row.id, e.currentTarget.checked)} data-testid="row-select" />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={props.primary.href(row)} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
                        {props.primary.render(row)}
                      </Anchor>
                    </Table.Td>
                    {shownColumns.map((c) => (
                      <Table.Td key={c.key} visibleFrom={c.visibleFrom} className={c.nowrap ? 'daifuku-nowrap' : undefined}>
                        {c.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {rows.length > 0 ? (
          <Stack align="center" p="md" gap={4}>
            <Text size="xs" c="dimmed" data-testid={`${p}-count`}>
              {props.countLabel(rows.length)}
            </Text>
            {list.hasNextPage ? (
              <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid={`${p}-load-more`}>
                {t('common:actions.loadMore')}
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                {t('common:states.allLoaded')}
              </Text>
            )}
          </Stack>
        ) : null}
      </Card>

      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={<Text fw={700}>{t('filter.title')}</Text>} size="xl" fullScreen={phone} data-testid="filter-dialog">
        {editing && catalogue.data ? (
          <Stack>
            <FilterGroupEditor catalogue={catalogue.data} group={editing} onChange={setEditing} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(emptyGroup())} data-testid="filter-reset">
                {t('filter.reset')}
              </Button>
              <Button
                onClick={() => {
                  setFilter(editing.conditions.length > 0 ? editing : null)
                  setEditing(null)
                }}
                data-testid="filter-apply"
              >
                {t('filter.apply')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  )
}
