/**
 * The import wizard: upload → preview and column mapping → duplicate policy and dry run →
 * background run with progress → error report. /imports/new?object=accounts starts it;
 * /imports/:id resumes it at the step the import's status calls for.
 */
import { Alert, Anchor, Badge, Button, Card, FileInput, Group, Progress, Radio, ScrollArea, Select, SimpleGrid, Stack, Stepper, Table, Text } from '@mantine/core'
import { IconArrowLeft, IconCheck, IconDownload, IconFileUpload, IconInfoCircle } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import {
  type DryRun,
  type DuplicatePolicy,
  type ImportCounts,
  type ImportObject,
  type ImportRecord,
  type ImportRowIssue,
  reportUrl,
  useDryRun,
  useImport,
  useImportLimits,
  useImportSettings,
  useRecentImports,
  useStartImport,
  useUploadImport,
} from './api.ts'
import { formatFileSize, useFormat } from '../../i18n/format.ts'

const OBJECTS: ImportObject[] = ['accounts', 'contacts']

export default function ImportWizardPage() {
  const { t } = useTranslation('imports')
  const { id = '' } = useParams()
  const [params] = useSearchParams()
  const query = useImport(id)
  const record = query.data
  const requested = params.get('object')
  const objectType: ImportObject = record?.objectType ?? (OBJECTS.includes(requested as ImportObject) ? (requested as ImportObject) : 'accounts')
  const canCreate = useCan(objectType, 'create')
  const object = t(`objects.${objectType}`)

  const [step, setStep] = useState(0)
  useEffect(() => {
    if (!record) return
    if (record.status === 'uploaded') setStep((current) => (current === 0 ? 1 : current))
    // A failed run wrote nothing: the user may go back, change the mapping and run it again.
    else if (record.status === 'failed') setStep((current) => (current === 0 ? 3 : current))
    else setStep(3)
  }, [record])

  return (
    <>
      <PageHeader
        title={t('title', { object })}
        description={t('description', { object })}
        back={
          <Anchor component={Link} to={`/${objectType}`} size="sm" data-testid="import-back-to-list">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t('backToList', { object })}
            </Group>
          </Anchor>
        }
      />
      <Card>
        <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => (record?.status === 'uploaded' || record?.status === 'failed') && s > 0 && setStep(s)}>
          <Stepper.Step label={t('steps.upload')} data-testid="import-step-upload">
            {canCreate ? <UploadStep objectType={objectType} /> : <Alert color="yellow">{t('notAllowed')}</Alert>}
            <RecentImports objectType={objectType} />
          </Stepper.Step>
          <Stepper.Step label={t('steps.mapping')} data-testid="import-step-mapping">
            {record ? <MappingStep record={record} onNext={() => setStep(2)} /> : <Pending error={query.error} />}
          </Stepper.Step>
          <Stepper.Step label={t('steps.options')} data-testid="import-step-options">
            {record ? <OptionsStep record={record} onBack={() => setStep(1)} /> : <Pending error={query.error} />}
          </Stepper.Step>
          <Stepper.Step label={t('steps.run')} data-testid="import-step-run">
            {record ? <RunStep record={record} onBack={() => setStep(1)} /> : <Pending error={query.error} />}
          </Stepper.Step>
        </Stepper>
      </Card>
    </>
  )
}

function Pending({ error }: { error: unknown }) {
  return error ? <ErrorAlert error={error} /> : <CenteredLoader />
}

function UploadStep({ objectType }: { objectType: ImportObject }) {
  const { t } = useTranslation('imports')
  const navigate = useNavigate()
  const [file, setFile] = useState<File | null>(null)
  const upload = useUploadImport()
  const limits = useImportLimits()
  const maxSize = limits.data ? formatFileSize(limits.data.maxFileBytes) : null
  // Checked before sending (the server checks again): a file over the limit would travel in full only to be refused.
  const tooLarge = !!file && !!limits.data && file.size > limits.data.maxFileBytes
  return (
    <Stack mt="md" maw={560}>
      <FileInput
        label={t('upload.file')}
        placeholder={t('upload.filePlaceholder')}
        accept=".csv,.txt,.tsv,.vcf,text/csv,text/vcard"
        value={file}
        onChange={setFile}
        leftSection={<IconFileUpload size={16} />}
        data-testid="import-file"
      />
      <Text size="sm" c="dimmed">
        {t('upload.hint')}
        {maxSize && ` ${t('upload.maxSize', { size: maxSize })}`}
      </Text>
      {tooLarge && (
        <Alert color="red" data-testid="import-file-too-large">
          {t('upload.tooLarge', { size: maxSize })}
        </Alert>
      )}
      <ErrorAlert error={upload.error} testId="import-upload-error" />
      <Group>
        <Button
          disabled={!file || tooLarge}
          loading={upload.isPending}
          onClick={() => file && upload.mutate({ objectType, file }, { onSuccess: (record) => void navigate(`/imports/${record.id}`, { replace: true }) })}
          data-testid="import-upload"
        >
          {t('upload.submit')}
        </Button>
      </Group>
    </Stack>
  )
}

const STATUS_COLORS: Record<string, string> = { uploaded: 'gray', queued: 'blue', running: 'blue', done: 'teal', failed: 'red' }

function RecentImports({ objectType }: { objectType: ImportObject }) {
  const { t } = useTranslation('imports')
  const format = useFormat()
  const recent = useRecentImports(objectType)
  const rows = recent.data?.data ?? []
  if (recent.isPending || recent.error || rows.length === 0) return null
  return (
    <Stack gap="xs" mt="xl">
      <Text fw={600}>{t('recent.title')}</Text>
      <ScrollArea type="auto">
        <Table striped data-testid="import-recent-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recent.file')}</Table.Th>
              <Table.Th>{t('recent.status')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('recent.result')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('recent.createdAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-testid="import-recent-row">
                <Table.Td>
                  <Anchor component={Link} to={`/imports/${row.id}`} size="sm">
                    {row.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[row.status] ?? 'gray'} variant="light">
                    {t(`statuses.${row.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{row.status === 'done' ? t('recent.resultValue', { ...row.counts }) : '—'}</Text>
                </Table.Td>
                <Table.Td visibleFrom="sm" className="daifuku-nowrap">
                  {format.dateTime(row.createdAt)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  )
}

function FileFacts({ record }: { record: ImportRecord }) {
  const { t } = useTranslation('imports')
  const fact = (label: string, value: string, testId: string) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  )
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {fact(t('file.name'), record.fileName, 'import-file-name')}
      {fact(t('file.format'), record.format === 'vcard' ? 'vCard' : 'CSV', 'import-format')}
      {fact(t('file.encoding'), t(`encodings.${record.encoding}`, { defaultValue: record.encoding }), 'import-encoding')}
      {record.format === 'csv' ? fact(t('file.delimiter'), t(`delimiters.${record.delimiter}`, { defaultValue: record.delimiter }), 'import-delimiter') : null}
      {fact(t('file.rows'), t('file.rowsValue', { count: record.rowCount }), 'import-row-count')}
    </SimpleGrid>
  )
}

function MappingStep({ record, onNext }: { record: ImportRecord; onNext: () => void }) {
  const { t, i18n } = useTranslation('imports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const [mapping, setMapping] = useState<(string | null)[]>(record.mapping)
  useEffect(() => setMapping(record.mapping), [record.mapping])
  const save = useImportSettings(record.id)
  const options = [{ value: '', label: t('mapping.ignore') }, ...record.fields.map((f) => ({ value: f.key, label: f.required ? `${f.label[lang]}（${t('mapping.required')}）` : f.label[lang] }))]
  const missing = record.fields.filter((f) => f.required && !mapping.includes(f.key)).map((f) => f.label[lang])
  const setColumn = (index: number, value: string | null) =>
    setMapping((current) => current.map((key, i) => (i === index ? value || null : value && key === value ? null : key)))

  return (
    <Stack mt="md">
      <FileFacts record={record} />
      <Alert variant="light" color={record.mappingSource === 'remembered' ? 'teal' : 'blue'} icon={<IconInfoCircle size={18} />} data-testid="import-mapping-source" data-source={record.mappingSource}>
        {t(`mapping.${record.mappingSource}`)} {t('mapping.intro')}
      </Alert>
      <ScrollArea type="auto">
        <Table withTableBorder withColumnBorders striped data-testid="import-preview-table" style={{ minWidth: record.headers.length * 170 }}>
          <Table.Thead>
            <Table.Tr>
              {record.headers.map((header, index) => (
                <Table.Th key={index} style={{ verticalAlign: 'top' }}>
                  <Text size="sm" fw={700} mb={4}>
                    {header || `#${index + 1}`}
                  </Text>
                  <Select
                    size="xs"
                    data={options}
                    value={mapping[index] ?? ''}
                    onChange={(value) => setColumn(index, value)}
                    allowDeselect={false}
                    aria-label={header}
                    data-testid={`import-map-${index}`}
                  />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.preview.map((row, r) => (
              <Table.Tr key={r}>
                {record.headers.map((_, c) => (
                  <Table.Td key={c}>
                    <Text size="sm" lineClamp={2}>
                      {row[c] ?? ''}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {missing.length > 0 ? (
        <Alert color="yellow" data-testid="import-missing-required">
          {t('mapping.missingRequired', { fields: missing.join('、') })}
        </Alert>
      ) : null}
      <ErrorAlert error={save.error} />
      <Group justify="flex-end">
        <Button disabled={missing.length > 0} loading={save.isPending} onClick={() => save.mutate({ mapping }, { onSuccess: onNext })} data-testid="import-next">
          {t('mapping.next')}
        </Button>
      </Group>
    </Stack>
  )
}

function CountsRow({ counts, total, dry }: { counts: ImportCounts; total?: number; dry?: boolean }) {
  const { t } = useTranslation('imports')
  const cell = (label: string, value: number, color: string, testId: string) => (
    <Stack gap={0} align="center">
      <Text size="xl" fw={700} c={color} data-testid={testId}>
        {value.toLocaleString()}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  )
  return (
    <SimpleGrid cols={{ base: 2, sm: total === undefined ? 4 : 5 }}>
      {total !== undefined ? cell(t('counts.total'), total, 'dark', 'import-count-total') : null}
      {cell(dry ? t('counts.wouldCreate') : t('counts.created'), counts.created, 'teal', 'import-count-created')}
      {cell(dry ? t('counts.wouldUpdate') : t('counts.updated'), counts.updated, 'blue', 'import-count-updated')}
      {cell(t('counts.skipped'), counts.skipped, 'gray', 'import-count-skipped')}
      {cell(t('counts.errors'), counts.errors, 'red', 'import-count-errors')}
    </SimpleGrid>
  )
}

function IssueTable({ issues, total }: { issues: ImportRowIssue[]; total: number }) {
  const { t } = useTranslation('imports')
  if (issues.length === 0)
    return (
      <Text size="sm" c="teal" data-testid="import-no-issues">
        <IconCheck size={14} /> {t('issues.none')}
      </Text>
    )
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('issues.title')}
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Table striped data-testid="import-issue-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('issues.row')}</Table.Th>
              <Table.Th>{t('issues.column')}</Table.Th>
              <Table.Th>{t('issues.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {issues.map((issue, i) => (
              <Table.Tr key={i} data-testid="import-issue-row">
                <Table.Td>{issue.row}</Table.Td>
                <Table.Td>{issue.column ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge size="xs" color={issue.kind === 'error' ? 'red' : 'gray'} mr={6}>
                    {t(`issues.${issue.kind}`)}
                  </Badge>
                  {issue.code ? t(`codes.${issue.code}`, { defaultValue: issue.reason }) : issue.reason}
                  {issue.value !== undefined ? <Text span c="dimmed" size="sm">{` 「${issue.value}」`}</Text> : null}
                  {issue.code === 'rejected' || issue.code === 'invalidValue' || issue.code === 'duplicate' ? (
                    <Text size="xs" c="dimmed">
                      {issue.reason}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {total > issues.length ? (
        <Text size="xs" c="dimmed">
          {t('issues.more', { count: total - issues.length })}
        </Text>
      ) : null}
    </Stack>
  )
}

function OptionsStep({ record, onBack }: { record: ImportRecord; onBack: () => void }) {
  const { t, i18n } = useTranslation('imports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const settings = useImportSettings(record.id)
  const dryRun = useDryRun(record.id)
  const start = useStartImport(record.id)
  const result: DryRun | null = dryRun.data ?? record.dryRun
  return (
    <Stack mt="md">
      <Radio.Group
        label={t('options.policy')}
        description={t('options.matchRule', { rule: record.matchRule[lang] })}
        value={record.duplicatePolicy}
        onChange={(value) => {
          dryRun.reset()
          settings.mutate({ duplicatePolicy: value as DuplicatePolicy })
        }}
      >
        <Stack gap="xs" mt="xs">
          {(['skip', 'update', 'create'] as const).map((policy) => (
            <Radio key={policy} value={policy} label={t(`options.${policy}`)} data-testid={`import-policy-${policy}`} disabled={settings.isPending} />
          ))}
        </Stack>
      </Radio.Group>
      <ErrorAlert error={settings.error ?? dryRun.error ?? start.error} />
      <Group>
        <Button variant="light" loading={dryRun.isPending} onClick={() => dryRun.mutate()} data-testid="import-dry-run">
          {t('options.dryRun')}
        </Button>
        <Text size="xs" c="dimmed" style={{ flex: '1 1 240px' }}>
          {t('options.dryRunHint')}
        </Text>
      </Group>
      {result ? (
        <Card withBorder data-testid="import-dry-run-result">
          <Stack>
            <CountsRow counts={result.counts} total={result.total} dry />
            <IssueTable issues={result.issues} total={result.issueCount} />
          </Stack>
        </Card>
      ) : null}
      <Text size="xs" c="dimmed">
        {t('run.atomic')}
      </Text>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} data-testid="import-back">
          {t('options.back')}
        </Button>
        <Button loading={start.isPending} onClick={() => start.mutate()} data-testid="import-start">
          {t('options.start')}
        </Button>
      </Group>
    </Stack>
  )
}

function RunStep({ record, onBack }: { record: ImportRecord; onBack: () => void }) {
  const { t, i18n } = useTranslation('imports')
  const retry = useStartImport(record.id)
  const client = useQueryClient()
  useEffect(() => {
    // The new rows are in: lists of the object and of imports are out of date.
    if (record.status === 'done') {
      void client.invalidateQueries({ queryKey: [record.objectType, 'list'] })
      void client.invalidateQueries({ queryKey: ['imports', 'list'] })
    }
  }, [record.status, record.objectType, client])
  const { done, total } = record.progress
  const percent = record.status === 'done' ? 100 : total > 0 ? Math.round((done / total) * 100) : 0
  const issues = record.counts.errors + record.counts.skipped
  return (
    <Stack mt="md">
      <FileFacts record={record} />
      <Progress value={percent} size="lg" striped animated={record.status === 'queued' || record.status === 'running'} color={record.status === 'failed' ? 'red' : 'teal'} data-testid="import-progress" />
      <Text size="sm" data-testid="import-status" data-status={record.status}>
        {record.status === 'queued' ? t('run.queued') : null}
        {record.status === 'running' ? t('run.running', { done, total }) : null}
        {record.status === 'done' ? t('run.done') : null}
        {record.status === 'failed' ? t('run.failed') : null}
      </Text>
      {record.status === 'failed' ? (
        <>
          {record.failure ? (
            <Alert color="red" data-testid="import-failure">
              {record.failure}
            </Alert>
          ) : null}
          <ErrorAlert error={retry.error} />
          <Group justify="space-between">
            <Button variant="default" onClick={onBack} data-testid="import-back">
              {t('options.back')}
            </Button>
            <Button loading={retry.isPending} onClick={() => retry.mutate()} data-testid="import-retry">
              {t('run.retry')}
            </Button>
          </Group>
        </>
      ) : null}
      {record.status === 'done' ? (
        <>
          <CountsRow counts={record.counts} total={total} />
          {issues > 0 ? (
            <Group>
              <Button component="a" href={reportUrl(record.id, i18n.language)} download variant="light" color="red" leftSection={<IconDownload size={16} />} data-testid="import-report-download">
                {t('run.report')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="teal" data-testid="import-no-issues">
              <IconCheck size={14} /> {t('issues.none')}
            </Text>
          )}
        </>
      ) : null}
    </Stack>
  )
}
