/**
 * ダッシュボード: the tenant's sales, customer and activity boards and the user's own, with period
 * and team filters; every widget's data comes from one request and is counted over the rows
 * the viewer may open.
 */
import { ActionIcon, Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Modal } from '@mantine/core'
import { IconPlus, IconRefresh, IconTrash, IconExternalLink } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useTeamOptions } from '../admin/api.ts'
import { type DashboardData, useCreateDashboard, useDashboardData, useDashboards, useRefreshDashboardData, useRemoveWidget } from './api.ts'
import { ReportChart } from './ReportChart.tsx'

type Period = 'all' | 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear' | 'last12Months'
const PERIODS: Period[] = ['all', 'thisMonth', 'lastMonth', 'thisQuarter', 'thisYear', 'last12Months']

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

/** Period presets as local calendar days (the server reads them in the tenant's time zone). */
export function periodRange(period: Period, today = new Date()): { from?: string; to?: string } {
  const y = today.getFullYear()
  const m = today.getMonth()
  switch (period) {
    case 'thisMonth':
      return { from: iso(new Date(y, m, 1)), to: iso(new Date(y, m + 1, 0)) }
    case 'lastMonth':
      return { from: iso(new Date(y, m - 1, 1)), to: iso(new Date(y, m, 0)) }
    case 'thisQuarter': {
      const q = Math.floor(m / 3) * 3
      return { from: iso(new Date(y, q, 1)), to: iso(new Date(y, q + 3, 0)) }
    }
    case 'thisYear':
      return { from: iso(new Date(y, 0, 1)), to: iso(new Date(y, 11, 31)) }
    case 'last12Months':
      return { from: iso(new Date(y, m - 11, 1)), to: iso(new Date(y, m + 1, 0)) }
    default:
      return {}
  }
}

export default function DashboardsPage() {
  const { t, i18n } = useTranslation('reports')
  const [params, setParams] = useSearchParams()
  const dashboards = useDashboards()
  const teams = useTeamOptions()
  const [period, setPeriod] = useState<Period>('all')
  const [teamId, setTeamId] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const list = dashboards.data?.data ?? []
  const selected = params.get('id') ?? list[0]?.id ?? null
  const filters = useMemo(() => ({ ...periodRange(period), ...(teamId ? { teamId } : {}) }), [period, teamId])
  const data = useDashboardData(selected, filters)
  const refresh = useRefreshDashboardData(selected, filters)

  return (
    <>
      <PageHeader
        title={t('dashboardsTitle')}
        description={t('dashboardsDescription')}
        actions={
          <>
            <Button component={Link} to="/reports" variant="default">
              {t('builderTitle')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="dashboard-new">
              {t('newDashboard')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={dashboards.error} onRetry={() => void dashboards.refetch()} />
      {dashboards.isPending ? <CenteredLoader /> : null}
      {list.length > 0 ? (
        <Tabs value={selected} onChange={(id) => id && setParams({ id })} mb="md">
          <Tabs.List>
            {list.map((d) => (
              <Tabs.Tab key={d.id} value={d.id} data-testid={`dashboard-tab-${d.systemKey ?? d.id}`}>
                {d.systemKey ? t(`defaultBoards.${d.systemKey}`) : d.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      ) : null}
      <Group mb="md" gap="sm" align="flex-end">
        <Select w={200} label={t('period')} data={PERIODS.map((p) => ({ value: p, label: t(`periods.${p}`) }))} value={period} onChange={(p) => p && setPeriod(p as Period)} allowDeselect={false} data-testid="dashboard-period" />
        <Select w={200} label={t('team')} data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} value={teamId} onChange={setTeamId} clearable placeholder={t('allTeams')} data-testid="dashboard-team" />
        {data.data ? (
          <Group gap="xs" ml="auto" wrap="nowrap">
            <Text size="sm" c="dimmed" data-testid="dashboard-as-of">
              {t('dashboardAsOf', { time: new Date(data.data.asOf).toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }) })}
            </Text>
            <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} loading={refresh.isPending} onClick={() => refresh.mutate()} data-testid="dashboard-refresh">
              {t('dashboardRefresh')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorAlert error={data.error ?? refresh.error} onRetry={() => void data.refetch()} />
      {data.isPending && selected ? <CenteredLoader /> : null}
      {data.data ? <DashboardGrid data={data.data} /> : null}
      {creating ? <NewDashboardModal onClose={() => setCreating(false)} onCreated={(id) => setParams({ id })} /> : null}
    </>
  )
}

function DashboardGrid({ data }: { data: DashboardData }) {
  const { t } = useTranslation('reports')
  const remove = useRemoveWidget()
  const kpis = data.widgets.filter((w) => w.type === 'kpi')
  const others = data.widgets.filter((w) => w.type !== 'kpi')
  if (data.widgets.length === 0) {
    return (
      <Card withBorder>
        <Text c="dimmed" ta="center" py="xl" data-testid="dashboard-empty">
          {t('emptyDashboard')}
        </Text>
      </Card>
    )
  }
  const frame = (w: DashboardData['widgets'][number], body: React.ReactNode) => (
    <Card withBorder key={w.id} data-testid="dashboard-widget" data-widget-title={w.title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm" truncate>
          {w.title}
        </Text>
        <Group gap={2} wrap="nowrap">
          <ActionIcon component={Link} to={`/reports?id=${w.reportId}`} variant="subtle" color="gray" size="sm" aria-label={t('openInBuilder')}>
            <IconExternalLink size={14} />
          </ActionIcon>
          {data.dashboard.canEdit && !data.dashboard.systemKey ? (
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('removeWidget')} onClick={() => remove.mutate({ dashboardId: data.dashboard.id, widgetId: w.id })}>
              <IconTrash size={14} />
            </ActionIcon>
          ) : null}
        </Group>
      </Group>
      {w.error ? (
        <Text size="sm" c="dimmed">
          {w.error.code === 'forbidden' ? t('widgetForbidden') : w.error.message}
        </Text>
      ) : w.result ? (
        body ?? <ReportChart result={w.result} type={w.type} measure={w.options.measure ?? 0} format={w.options.format} />
      ) : null}
    </Card>
  )
  return (
    <Stack gap="md" data-testid="dashboard-widgets">
      {kpis.length ? <SimpleGrid cols={{ base: 2, sm: 3, lg: Math.min(5, kpis.length) }}>{kpis.map((w) => frame(w, null))}</SimpleGrid> : null}
      {others.length ? <SimpleGrid cols={{ base: 1, md: 2 }}>{others.map((w) => frame(w, null))}</SimpleGrid> : null}
      <Text size="xs" c="dimmed">
        {t('dashboardFootnote')}{' '}
        <Anchor component={Link} to="/reports" size="xs">
          {t('builderTitle')}
        </Anchor>
      </Text>
    </Stack>
  )
}

function NewDashboardModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('reports')
  const create = useCreateDashboard()
  const [name, setName] = useState('')
  return (
    <Modal opened onClose={onClose} title={t('newDashboard')}>
      <Stack>
        <TextInput label={t('dashboardName')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus data-testid="dashboard-new-name" />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button
            loading={create.isPending}
            onClick={() => void create.mutateAsync({ name: name.trim() || t('myDashboard') }).then((d) => { onCreated(d.id); onClose() }).catch(() => undefined)}
            data-testid="dashboard-new-submit"
          >
            {t('create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
