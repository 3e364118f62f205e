/**
 * レポート作成: pick an object, groups (up to three, dates by bucket), a pivot column, measures,
 * filters and a chart; run it, click any total to see its rows, save it, export CSV or PDF and put it
 * on a dashboard. Fields the role may not see are never offered (the server refuses them too).
 */
import { ActionIcon, Button, Card, Checkbox, Grid, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCalendarTime, IconDownload, IconFileTypePdf, IconLayoutDashboard, IconPlayerPlay, IconPlus, IconTrash, IconDeviceFloppy } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { AddToDashboardModal } from './AddToDashboardModal.tsx'
import {
  type Aggregate,
  type Bucket,
  type CatalogueField,
  type ChartType,
  downloadReport,
  type FilterOp,
  type ReportDefinition,
  type ReportFilter,
  type ReportGroup,
  type ReportMeasure,
  type ReportObjectName,
  type SavedReport,
  useReportCatalogue,
  useRunReport,
  useSavedReport,
  useSavedReports,
  useSaveReport,
} from './api.ts'
import { DrillDrawer } from './DrillDrawer.tsx'
import { ReportChart } from './ReportChart.tsx'
import { type DrillTarget, ReportResultTable } from './ReportResultTable.tsx'
import { ReportSchedulesModal } from './ReportSchedulesModal.tsx'

const OBJECTS: ReportObjectName[] = ['deals', 'accounts', 'activities', 'salesDocumentLines']
const BUCKETS: Bucket[] = ['day', 'week', 'month', 'quarter', 'year']
const AGGREGATES: Aggregate[] = ['count', 'sum', 'avg', 'min', 'max', 'countDistinct']
const OPS: FilterOp[] = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'isNull', 'notNull']
const CHARTS: ChartType[] = ['table', 'bar', 'line', 'pie', 'funnel', 'kpi', 'leaderboard']
const isDate = (f: CatalogueField | undefined) => f?.type === 'date' || f?.type === 'timestamp'
const isNumber = (f: CatalogueField | undefined) => f?.type === 'number' || f?.type === 'money'

export default function ReportBuilderPage() {
  const { t, i18n } = useTranslation('reports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const session = useSession()
  const [params, setParams] = useSearchParams()
  const savedId = params.get('id')
  const saved = useSavedReport(savedId)
  const savedList = useSavedReports()
  const [object, setObject] = useState<ReportObjectName>('deals')
  const [groups, setGroups] = useState<ReportGroup[]>([{ field: 'owner' }])
  const [pivot, setPivot] = useState<ReportGroup | null>(null)
  const [measures, setMeasures] = useState<ReportMeasure[]>([{ aggregate: 'count' }])
  const [filters, setFilters] = useState<ReportFilter[]>([])
  const [subtotals, setSubtotals] = useState(true)
  const [chartType, setChartType] = useState<ChartType>('table')
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const [periodField, setPeriodField] = useState<string | null>(null)
  const [drill, setDrill] = useState<DrillTarget | null>(null)
  const [addOpen, setAddOpen] = useState(false)
  const [schedulesOpen, setSchedulesOpen] = useState(false)
  const catalogue = useReportCatalogue(object)
  const run = useRunReport()
  const save = useSaveReport()
  const fields = catalogue.data?.fields ?? []
  const fieldOf = (key: string) => fields.find((f) => f.key === key)
  const fieldData = (filter: (f: CatalogueField) => boolean = () => true) => fields.filter(filter).map((f) => ({ value: f.key, label: f.label[lang] }))

  const definition: ReportDefinition = { object, groups, pivot, measures, filters: filters.filter((f) => f.field), subtotals, periodField }

  useEffect(() => {
    const report: SavedReport | undefined = saved.data
    if (!report) return
    const d = report.definition
    setObject(d.object)
    setGroups(d.groups ?? [])
    setPivot(d.pivot ?? null)
    setMeasures(d.measures?.length ? d.measures : [{ aggregate: 'count' }])
    setFilters(d.filters ?? [])
    setSubtotals(d.subtotals !== false)
    setPeriodField(d.periodField ?? null)
    setChartType(report.chartType)
    setName(report.name)
    setShared(report.shared)
    run.mutate(d)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved.data])

  const changeObject = (next: ReportObjectName) => {
    setObject(next)
    setGroups([])
    setPivot(null)
    setMeasures([{ aggregate: 'count' }])
    setFilters([])
    setPeriodField(null)
    run.reset()
  }

  const onSave = async () => {
    const report = await save.mutateAsync({ id: saved.data?.canEdit ? saved.data.id : undefined, name: name.trim() || t('untitled'), definition, chartType, shared })
    notifications.show({ message: t('saved'), color: 'teal' })
    if (report.id !== savedId) setParams({ id: report.id })
    return report
  }

  const onDownload = (format: 'csv' | 'pdf') =>
    void downloadReport(definition, { locale: lang, format, title: name }, session.csrfToken).catch((e: unknown) =>
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) }),
    )

  const onAddToDashboard = async () => {
    if (!savedId || !saved.data?.canEdit) await onSave()
    setAddOpen(true)
  }

  const groupRow = (group: ReportGroup, onChange: (g: ReportGroup | null) => void, testId: string) => (
    <Group gap="xs" wrap="nowrap">
      <Select
        flex={1}
        data={fieldData()}
        value={group.field || null}
        onChange={(value) => onChange(value ? { field: value, ...(isDate(fieldOf(value)) ? { bucket: 'month' as const } : {}) } : null)}
        searchable
        placeholder={t('pickField')}
        data-testid={testId}
        aria-label={t('groupBy')}
      />
      {isDate(fieldOf(group.field)) ? (
        <Select w={110} data={BUCKETS.map((b) => ({ value: b, label: t(`buckets.${b}`) }))} value={group.bucket ?? null} onChange={(b) => onChange({ ...group, bucket: (b as Bucket) ?? undefined })} data-testid={`${testId}-bucket`} aria-label={t('bucket')} clearable />
      ) : null}
      <ActionIcon variant="subtle" color="gray" onClick={() => onChange(null)} aria-label={t('remove')}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  )

  return (
    <>
      <PageHeader
        title={t('builderTitle')}
        description={t('builderDescription')}
        actions={
          <>
            <Select
              w={240}
              placeholder={t('openSaved')}
              data={(savedList.data?.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              value={savedId}
              onChange={(id) => (id ? setParams({ id }) : setParams({}))}
              searchable
              clearable
              data-testid="report-open-saved"
            />
          </>
        }
      />
      <ErrorAlert error={catalogue.error ?? saved.error} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Select
                label={t('object')}
                data={(catalogue.data?.objects ?? OBJECTS.map((o) => ({ name: o, label: { ja: o, en: o } }))).map((o) => ({ value: o.name, label: t(`objects.${o.name}`) }))}
                value={object}
                onChange={(value) => value && changeObject(value as ReportObjectName)}
                allowDeselect={false}
                data-testid="report-object"
              />
              <Text fw={600} size="sm">
                {t('groups')}
              </Text>
              {groups.map((g, i) => (
                <div key={i}>{groupRow(g, (next) => setGroups(next ? groups.map((x, j) => (j === i ? next : x)) : groups.filter((_, j) => j !== i)), `report-group-${i}`)}</div>
              ))}
              {groups.length < 3 ? (
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setGroups([...groups, { field: '' }])} data-testid="report-add-group" style={{ alignSelf: 'flex-start' }}>
                  {t('addGroup')}
                </Button>
              ) : null}
              <Text fw={600} size="sm">
                {t('pivot')}
              </Text>
              {pivot ? (
                groupRow(pivot, setPivot, 'report-pivot')
              ) : (
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setPivot({ field: '' })} data-testid="report-add-pivot" style={{ alignSelf: 'flex-start' }}>
                  {t('addPivot')}
                </Button>
              )}
              <Text fw={600} size="sm">
                {t('measures')}
              </Text>
              {measures.map((m, i) => (
                <Group key={i} gap="xs" wrap="nowrap">
                  <Select
                    w={130}
                    data={AGGREGATES.map((a) => ({ value: a, label: t(`aggregates.${a}`) }))}
                    value={m.aggregate}
                    onChange={(a) => a && setMeasures(measures.map((x, j) => (j === i ? { aggregate: a as Aggregate, ...(a === 'count' ? {} : { field: x.field }) } : x)))}
                    allowDeselect={false}
                    data-testid={`report-measure-${i}-aggregate`}
                    aria-label={t('aggregate')}
                  />
                  {m.aggregate !== 'count' ? (
                    <Select
                      flex={1}
                      data={fieldData(m.aggregate === 'countDistinct' ? undefined : (f) => isNumber(f))}
                      value={m.field ?? null}
                      onChange={(field) => setMeasures(measures.map((x, j) => (j === i ? { ...x, field: field ?? undefined } : x)))}
                      placeholder={t('pickField')}
                      data-testid={`report-measure-${i}-field`}
                      aria-label={t('measureField')}
                    />
                  ) : (
                    <div style={{ flex: 1 }} />
                  )}
                  <ActionIcon variant="subtle" color="gray" disabled={measures.length === 1} onClick={() => setMeasures(measures.filter((_, j) => j !== i))} aria-label={t('remove')}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              {measures.length < 6 ? (
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setMeasures([...measures, { aggregate: 'sum' }])} data-testid="report-add-measure" style={{ alignSelf: 'flex-start' }}>
                  {t('addMeasure')}
                </Button>
              ) : null}
              <Text fw={600} size="sm">
                {t('filters')}
              </Text>
              {filters.map((f, i) => (
                <Stack key={i} gap={4}>
                  <Group gap="xs" wrap="nowrap">
                    <Select flex={1} data={fieldData()} value={f.field || null} onChange={(field) => setFilters(filters.map((x, j) => (j === i ? { ...x, field: field ?? '' } : x)))} placeholder={t('pickField')} data-testid={`report-filter-${i}-field`} aria-label={t('filterField')} searchable />
                    <Select w={120} data={OPS.map((o) => ({ value: o, label: t(`ops.${o}`) }))} value={f.op} onChange={(op) => op && setFilters(filters.map((x, j) => (j === i ? { ...x, op: op as FilterOp } : x)))} allowDeselect={false} data-testid={`report-filter-${i}-op`} aria-label={t('filterOp')} />
                    <ActionIcon variant="subtle" color="gray" onClick={() => setFilters(filters.filter((_, j) => j !== i))} aria-label={t('remove')}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                  {f.op !== 'isNull' && f.op !== 'notNull' ? (
                    fieldOf(f.field)?.enumValues && (f.op === 'eq' || f.op === 'neq') ? (
                      <Select data={fieldOf(f.field)!.enumValues!.map((v) => ({ value: v, label: i18n.exists(`reports:values.${v}`) ? t(`values.${v}`) : v }))} value={typeof f.value === 'string' ? f.value : null} onChange={(v) => setFilters(filters.map((x, j) => (j === i ? { ...x, value: v } : x)))} data-testid={`report-filter-${i}-value`} aria-label={t('filterValue')} />
                    ) : (
                      <TextInput
                        placeholder={f.op === 'in' ? t('commaSeparated') : isDate(fieldOf(f.field)) ? 'YYYY-MM-DD' : ''}
                        value={Array.isArray(f.value) ? f.value.join(',') : (f.value ?? '').toString()}
                        onChange={(e) => {
                          const text = e.currentTarget.value
                          const value = f.op === 'in' ? text.split(',').map((s) => s.trim()).filter(Boolean) : isNumber(fieldOf(f.field)) && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text
                          setFilters(filters.map((x, j) => (j === i ? { ...x, value } : x)))
                        }}
                        data-testid={`report-filter-${i}-value`}
                        aria-label={t('filterValue')}
                      />
                    )
                  ) : null}
                </Stack>
              ))}
              <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setFilters([...filters, { field: '', op: 'eq' }])} data-testid="report-add-filter" style={{ alignSelf: 'flex-start' }}>
                {t('addFilter')}
              </Button>
              <Select label={t('periodField')} description={t('periodFieldHelp')} data={fieldData(isDate)} value={periodField} onChange={setPeriodField} clearable data-testid="report-period-field" />
              <Switch label={t('subtotals')} checked={subtotals} onChange={(e) => setSubtotals(e.currentTarget.checked)} data-testid="report-subtotals" />
              <Select label={t('chartType')} data={CHARTS.map((c) => ({ value: c, label: t(`charts.${c}`) }))} value={chartType} onChange={(c) => c && setChartType(c as ChartType)} allowDeselect={false} data-testid="report-chart-type" />
              <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => run.mutate(definition)} loading={run.isPending} data-testid="report-run">
                {t('run')}
              </Button>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card withBorder>
              <Group align="flex-end" gap="sm" wrap="wrap">
                <TextInput flex={1} miw={200} label={t('reportName')} value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder={t('untitled')} data-testid="report-name" />
                <Checkbox label={t('shareWithEveryone')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} mb={8} data-testid="report-shared" />
                <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => void onSave()} loading={save.isPending} data-testid="report-save">
                  {saved.data?.canEdit ? t('saveChanges') : t('save')}
                </Button>
                <Button variant="default" leftSection={<IconLayoutDashboard size={16} />} onClick={() => void onAddToDashboard()} data-testid="report-add-to-dashboard">
                  {t('addToDashboard')}
                </Button>
                <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => onDownload('csv')} data-testid="report-csv">
                  CSV
                </Button>
                <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => onDownload('pdf')} data-testid="report-pdf">
                  {t('exportPdf')}
                </Button>
                {savedId && saved.data ? (
                  <Button variant="default" leftSection={<IconCalendarTime size={16} />} onClick={() => setSchedulesOpen(true)} data-testid="report-schedules-open">
                    {t('schedulesButton')}
                  </Button>
                ) : null}
              </Group>
              <ErrorAlert error={save.error} />
            </Card>
            <ErrorAlert error={run.error} testId="report-error" />
            {run.data ? (
              <>
                {chartType !== 'table' ? (
                  <Card withBorder>
                    <Title order={5} mb="sm">
                      {name || t('untitled')}
                    </Title>
                    <ReportChart result={run.data} type={chartType} />
                  </Card>
                ) : null}
                <Card withBorder padding="sm">
                  <Text size="xs" c="dimmed" mb="xs">
                    {t('drillHint')}
                  </Text>
                  <ReportResultTable result={run.data} onDrill={setDrill} />
                </Card>
              </>
            ) : (
              <Card withBorder>
                <Text c="dimmed" ta="center" py="xl">
                  {t('runHint')}
                </Text>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <DrillDrawer definition={run.variables ?? definition} target={drill} onClose={() => setDrill(null)} />
      {schedulesOpen && savedId ? <ReportSchedulesModal reportId={savedId} reportName={saved.data?.name ?? name} onClose={() => setSchedulesOpen(false)} /> : null}
      {addOpen && savedId ? <AddToDashboardModal reportId={savedId} defaultTitle={name || t('untitled')} chartType={chartType} onClose={() => setAddOpen(false)} /> : null}
    </>
  )
}
