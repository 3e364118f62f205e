/**
 * 商談ボード: one column per stage, cards dragged between and within columns (HTML5 drag and
 * drop, with a "move to" menu for touch and keyboard). Moves show at once and are undone
 * if the server refuses them.
 */
import { ActionIcon, Badge, Box, Button, Card, Group, Menu, ScrollArea, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconArrowsMove, IconDots, IconPlus, IconSearch } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { type DragEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type Board, type BoardColumn, type DealCard, formatDay, formatMoney, useBoard, useColumnMore, useMoveDeal, usePipelines } from './api.ts'
import { DealFormModal } from './DealFormModal.tsx'

interface DropTarget {
  stageId: string
  afterId: string | null
}

/** The board with `dealId` taken out and put at the target (what the server will do). */
function moved(board: Board, dealId: string, target: DropTarget): Board {
  let card: DealCard | undefined
  const columns = board.columns.map((c) => {
    const found = c.deals.find((d) => d.id === dealId)
    if (found) card = found
    return found ? { ...c, deals: c.deals.filter((d) => d.id !== dealId), count: c.count - 1 } : c
  })
  if (!card) return board
  return {
    ...board,
    columns: columns.map((c) => {
      if (c.stage.id !== target.stageId) return c
      const deals = [...c.deals]
      const index = target.afterId ? deals.findIndex((d) => d.id === target.afterId) + 1 : 0
      deals.splice(index, 0, { ...card!, stageId: c.stage.id })
      return { ...c, deals, count: c.count + 1 }
    }),
  }
}

export default function DealBoardPage() {
  const { t } = useTranslation('deals')
  const canCreate = useCan('deals', 'create')
  const canMove = useCan('deals', 'update')
  const pipelines = usePipelines()
  const [params, setParams] = useSearchParams()
  const pipelineId = params.get('pipeline') ?? pipelines.data?.data.find((p) => p.isDefault)?.id ?? pipelines.data?.data[0]?.id
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const board = useBoard(pipelineId, q)
  const move = useMoveDeal()
  const client = useQueryClient()
  const [creating, setCreating] = useState(false)
  const [dragging, setDragging] = useState<string | null>(null)
  const [target, setTarget] = useState<DropTarget | null>(null)

  const boardKey = useMemo(() => ['deals', 'board', pipelineId, q], [pipelineId, q])

  const moveTo = (dealId: string, to: DropTarget) => {
    const before = client.getQueryData<Board>(boardKey)
    if (before) client.setQueryData(boardKey, moved(before, dealId, to))
    move.mutate(
      { id: dealId, stageId: to.stageId, afterId: to.afterId },
      {
        onError: (error) => {
          if (before) client.setQueryData(boardKey, before)
          notifications.show({ color: 'red', title: t('moveFailed'), message: error instanceof Error ? error.message : String(error) })
        },
      },
    )
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    const dealId = event.dataTransfer.getData('text/plain') || dragging
    if (dealId && target && target.afterId !== dealId) moveTo(dealId, target)
    setDragging(null)
    setTarget(null)
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="deal-new">
              {t('new')}
            </Button>
          ) : null
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <Select
          w={{ base: '100%', xs: 260 }}
          aria-label={t('pipeline')}
          value={pipelineId ?? null}
          allowDeselect={false}
          data={(pipelines.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(value) => value && setParams({ pipeline: value }, { replace: true })}
          data-testid="deal-pipeline"
        />
        <TextInput
          style={{ flex: '1 1 220px' }}
          leftSection={<IconSearch size={16} />}
          placeholder={t('searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="deal-search"
          aria-label={t('common:actions.search')}
        />
      </Group>
      <ErrorAlert error={pipelines.error ?? board.error} onRetry={() => void board.refetch()} />
      {board.isPending && pipelineId ? <CenteredLoader /> : null}
      {board.data ? (
        <ScrollArea type="auto" offsetScrollbars data-testid="deal-board">
          <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
            {board.data.columns.map((column) => (
              <StageColumn
                key={column.stage.id}
                column={column}
                q={q}
                closedSince={board.data.closedSince}
                stages={board.data.pipeline.stages}
                canMove={canMove}
                dragging={dragging}
                target={target}
                onDragStart={setDragging}
                onTarget={setTarget}
                onDrop={onDrop}
                onMove={moveTo}
              />
            ))}
          </Group>
        </ScrollArea>
      ) : null}
      {creating && pipelineId ? <DealFormModal pipelineId={pipelineId} onClose={() => setCreating(false)} /> : null}
    </>
  )
}

interface ColumnProps {
  column: BoardColumn
  q: string
  closedSince: string
  stages: BoardColumn['stage'][]
  canMove: boolean
  dragging: string | null
  target: DropTarget | null
  onDragStart(id: string | null): void
  onTarget(target: DropTarget | null): void
  onDrop(event: DragEvent): void
  onMove(dealId: string, to: DropTarget): void
}

function StageColumn({ column, q, closedSince, stages, canMove, dragging, target, onDragStart, onTarget, onDrop, onMove }: ColumnProps) {
  const { t, i18n } = useTranslation('deals')
  const [showMore, setShowMore] = useState(false)
  const more = useColumnMore(column.stage, column.nextCursor, q, closedSince, showMore)
  useEffect(() => setShowMore(false), [column.nextCursor])
  const extra = more.data?.pages.flatMap((p) => p.data) ?? []
  const cards = [...column.deals, ...extra.filter((d) => !column.deals.some((c) => c.id === d.id))]
  const yen = column.totals.find((x) => x.currency === 'JPY') ?? column.totals[0]
  const color = column.stage.kind === 'won' ? 'teal' : column.stage.kind === 'lost' ? 'gray' : 'blue'
  const hereIsTarget = target?.stageId === column.stage.id

  return (
    <Card
      w={280}
      miw={280}
      padding="sm"
      withBorder
      bg={hereIsTarget && dragging ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)'}
      data-testid={`deal-column-${column.stage.position}`}
      onDragOver={(event) => {
        if (!dragging) return
        event.preventDefault()
        // Over the column but not over a card (header, gaps, empty space): the card goes last.
        const overCard = (event.target as HTMLElement).closest('[data-testid="deal-card"]')
        if (!overCard) onTarget({ stageId: column.stage.id, afterId: cards.at(-1)?.id ?? null })
      }}
      onDrop={onDrop}
    >
      <Stack gap={4} mb="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700} size="sm" truncate>
            {column.stage.name}
          </Text>
          <Badge color={color} variant="light" data-testid="deal-column-count">
            {column.count}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {column.stage.kind === 'open' ? t('probability', { value: column.stage.probability }) : t('closedWindow', { days: 90 })} ·{' '}
          {yen ? formatMoney(yen.amount, yen.currency, i18n.language) : formatMoney(0, 'JPY', i18n.language)}
        </Text>
      </Stack>
      <Stack gap="xs" mih={40}>
        {cards.map((deal, index) => {
          const previous = index > 0 ? cards[index - 1]!.id : null
          const lineAbove = dragging && hereIsTarget && target?.afterId === previous && dragging !== deal.id
          return (
            <Box key={deal.id}>
              {lineAbove ? <Box h={3} bg="blue" style={{ borderRadius: 2 }} mb={4} /> : null}
              <DealCard
                deal={deal}
                stages={stages}
                canMove={canMove}
                onDragStart={onDragStart}
                onDragOverHalf={(upper) => onTarget({ stageId: column.stage.id, afterId: upper ? previous : deal.id })}
                onMove={onMove}
              />
            </Box>
          )
        })}
        {dragging && hereIsTarget && cards.length > 0 && target?.afterId === cards.at(-1)?.id ? <Box h={3} bg="blue" style={{ borderRadius: 2 }} /> : null}
        {cards.length < column.count && !showMore ? (
          <Button variant="subtle" size="xs" onClick={() => setShowMore(true)} data-testid="deal-column-more">
            {t('showMore', { count: column.count - cards.length })}
          </Button>
        ) : null}
        {showMore && more.hasNextPage ? (
          <Button variant="subtle" size="xs" loading={more.isFetchingNextPage} onClick={() => void more.fetchNextPage()}>
            {t('showMore', { count: column.count - cards.length })}
          </Button>
        ) : null}
      </Stack>
    </Card>
  )
}

interface CardProps {
  deal: DealCard
  stages: BoardColumn['stage'][]
  canMove: boolean
  onDragStart(id: string | null): void
  onDragOverHalf(upper: boolean): void
  onMove(dealId: string, to: DropTarget): void
}

function DealCard({ deal, stages, canMove, onDragStart, onDragOverHalf, onMove }: CardProps) {
  const { t, i18n } = useTranslation('deals')
  const days = Math.floor((Date.now() - new Date(deal.stageEnteredAt).getTime()) / 86_400_000)
  return (
    <Card
      padding="xs"
      withBorder
      shadow="xs"
      draggable={canMove}
      style={{ cursor: canMove ? 'grab' : undefined }}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/plain', deal.id)
        event.dataTransfer.effectAllowed = 'move'
        onDragStart(deal.id)
      }}
      onDragEnd={() => onDragStart(null)}
      onDragOver={(event) => {
        event.preventDefault()
        const box = event.currentTarget.getBoundingClientRect()
        onDragOverHalf(event.clientY < box.top + box.height / 2)
      }}
      data-testid="deal-card"
      data-deal-id={deal.id}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Text component={Link} to={`/deals/${deal.id}`} size="sm" fw={600} style={{ wordBreak: 'break-word' }} data-testid="deal-card-name">
          {deal.name}
        </Text>
        {canMove ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={t('moveTo')} data-testid="deal-card-menu">
                <IconDots size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('moveTo')}</Menu.Label>
              {stages
                .filter((s) => s.id !== deal.stageId)
                .map((s) => (
                  <Menu.Item key={s.id} leftSection={<IconArrowsMove size={14} />} onClick={() => onMove(deal.id, { stageId: s.id, afterId: null })} data-testid={`deal-move-${s.position}`}>
                    {s.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {deal.accountName ? (
        <Text size="xs" c="dimmed" truncate>
          {deal.accountName}
        </Text>
      ) : null}
      <Group justify="space-between" mt={4} gap={4}>
        <Text size="sm" fw={500}>
          {deal.amount !== undefined ? formatMoney(deal.amount, deal.currency, i18n.language) : ''}
        </Text>
        <Tooltip label={t('fields.expectedCloseDate')}>
          <Text size="xs" c="dimmed">
            {formatDay(deal.expectedCloseDate, i18n.language)}
          </Text>
        </Tooltip>
      </Group>
      <Group justify="space-between" gap={4}>
        <Text size="xs" c="dimmed" truncate>
          {deal.ownerName ?? ''}
        </Text>
        <Text size="xs" c={days > 30 ? 'orange' : 'dimmed'}>
          {t('daysInStage', { count: days })}
        </Text>
      </Group>
    </Card>
  )
}
