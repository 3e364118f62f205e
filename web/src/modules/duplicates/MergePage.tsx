/**
 * 名寄せ merge screen (/duplicates/merge?type&a&b): both records side by side, a radio per differing field, the survivor
 * as it will be, and a confirm step. After the merge the survivor opens.
 */
import { Alert, Anchor, Button, Card, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconArrowsJoin2, IconLock } from '@tabler/icons-react'
import { type ReactNode, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useCan, useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useAccount } from '../accounts/api.ts'
import { useContact } from '../contacts/api.ts'
import { type DuplicateType, useMerge } from './api.ts'
import { ACCOUNT_MERGE_FIELDS, ALL, CONTACT_MERGE_FIELDS, displayLines, isEmpty, LIST_FIELDS, type MergeRecord, sameValue } from './mergeFields.ts'

export default function MergePage() {
  const { t } = useTranslation('duplicates')
  const [params] = useSearchParams()
  const type: DuplicateType = params.get('type') === 'accounts' ? 'accounts' : 'contacts'
  const [aId, bId] = [params.get('a') ?? '', params.get('b') ?? '']
  const contactA = useContact(type === 'contacts' ? aId : '')
  const contactB = useContact(type === 'contacts' ? bId : '')
  const accountA = useAccount(type === 'accounts' ? aId : '')
  const accountB = useAccount(type === 'accounts' ? bId : '')
  const [a, b] = type === 'contacts' ? [contactA, contactB] : [accountA, accountB]
  const back = (
    <Anchor component={Link} to={`/duplicates${type === 'accounts' ? '?type=accounts' : ''}`} size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('merge.back')}
      </Group>
    </Anchor>
  )
  if (a.isPending || b.isPending) return <CenteredLoader />
  // A merged-away id answers with its survivor: then the pair is no longer two records.
  if (a.error || b.error || !a.data || !b.data || a.data.id !== aId || b.data.id !== bId || aId === bId) {
    return (
      <>
        <PageHeader title={t('merge.title')} back={back} />
        {a.error || b.error ? <ErrorAlert error={a.error ?? b.error} /> : <Alert color="yellow">{t('merge.missing')}</Alert>}
      </>
    )
  }
  return <MergeForm key={`${aId}:${bId}`} type={type} a={a.data as unknown as MergeRecord} b={b.data as unknown as MergeRecord} back={back} />
}

function nameOf(type: DuplicateType, record: MergeRecord): string {
  return String((type === 'contacts' ? record.displayName : record.name) ?? '—')
}

function MergeForm({ type, a, b, back }: { type: DuplicateType; a: MergeRecord; b: MergeRecord; back: ReactNode }) {
  const { t } = useTranslation('duplicates')
  const navigate = useNavigate()
  const rule = useFieldRules(type)
  // Merging updates the survivor and deletes the other record.
  const canUpdate = useCan(type, 'update')
  const canDelete = useCan(type, 'delete')
  const merge = useMerge()
  const [survivorId, setSurvivorId] = useState(a.id)
  const [overrides, setOverrides] = useState<Record<string, string>>({})
  const [confirming, setConfirming] = useState(false)
  const survivor = survivorId === a.id ? a : b
  const merged = survivorId === a.id ? b : a
  const namespace = type
  const allFields: readonly string[] = type === 'contacts' ? CONTACT_MERGE_FIELDS : ACCOUNT_MERGE_FIELDS
  const visible = allFields.filter((f) => rule(f) !== 'hidden')
  const differing = visible.filter((f) => !sameValue(a[f], b[f]))
  const sameCount = visible.length - differing.length

  // Default: the kept record's value, unless it has none and the other record does.
  const chosen = useMemo(() => {
    const out: Record<string, string> = {}
    for (const field of differing) {
      // Two different lists of emails, phones, addresses or tags: keep both unless told otherwise — no contact detail is lost.
      const both = type === 'contacts' && LIST_FIELDS.has(field) && !isEmpty(survivor[field]) && !isEmpty(merged[field])
      const fallback = both ? ALL : isEmpty(survivor[field]) && !isEmpty(merged[field]) ? merged.id : survivor.id
      out[field] = rule(field) === 'readonly' ? survivor.id : (overrides[field] ?? fallback)
    }
    return out
  }, [differing, survivor, merged, overrides, rule, type])

  const chooseSurvivor = (id: string) => {
    setSurvivorId(id)
    setOverrides({})
  }
  const lines = (field: string, record: MergeRecord) => displayLines(namespace, field, record, t)
  const label = (field: string) => t(`${namespace}:fields.${field}`)
  const recordOf = (id: string) => (id === b.id ? b : a)

  const submit = async () => {
    const fields: Record<string, string> = {}
    // Only what changes the survivor: another record's value, or 'all' for a list kept whole.
    for (const [field, id] of Object.entries(chosen)) if (id !== survivor.id) fields[field] = id
    const result = await merge.mutateAsync({ type, survivorId: survivor.id, mergedIds: [merged.id], fields })
    setConfirming(false)
    notifications.show({ color: 'teal', message: t('merge.done', { name: nameOf(type, survivor) }) })
    void navigate(`/${type}/${result.survivorId}`, { replace: true })
  }

  const value = (field: string, record: MergeRecord) => <ValueLines lines={lines(field, record)} empty={t('merge.empty')} />

  return (
    <>
      <PageHeader title={t('merge.title')} description={t('merge.description')} back={back} />
      <Card padding={0} mb="lg">
        <div className="daifuku-table-wrap">
          <Table verticalSpacing="sm" miw={720} data-testid="merge-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150} miw={120}>
                  {t('merge.field')}
                </Table.Th>
                {[a, b].map((record, i) => (
                  <Table.Th key={record.id} miw={200}>
                    <Stack gap={4}>
                      <Text size="xs" c="dimmed">
                        {t(i === 0 ? 'merge.recordA' : 'merge.recordB')}
                      </Text>
                      <Anchor component={Link} to={`/${type}/${record.id}`} fw={700} size="sm" target="_blank">
                        {nameOf(type, record)}
                      </Anchor>
                      <Radio
                        label={t('merge.keep')}
                        checked={survivorId === record.id}
                        onChange={() => chooseSurvivor(record.id)}
                        name="merge-survivor"
                        data-testid={`merge-survivor-${i === 0 ? 'a' : 'b'}`}
                      />
                    </Stack>
                  </Table.Th>
                ))}
                <Table.Th miw={200} bg="var(--mantine-color-teal-0)">
                  {t('merge.preview')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((field) => {
                const locked = rule(field) === 'readonly'
                return (
                  <Table.Tr key={field} data-testid={`merge-row-${field}`}>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {label(field)}
                        </Text>
                        {locked ? <IconLock size={14} aria-label={t('merge.readonly')} /> : null}
                      </Group>
                      {type === 'contacts' && LIST_FIELDS.has(field) && !locked ? (
                        <Radio
                          mt={6}
                          size="xs"
                          name={`merge-${field}`}
                          checked={chosen[field] === ALL}
                          onChange={() => setOverrides((o) => ({ ...o, [field]: ALL }))}
                          label={t('merge.keepBoth')}
                          data-testid={`merge-choice-${field}-all`}
                        />
                      ) : null}
                    </Table.Td>
                    {[a, b].map((record, i) => (
                      <Table.Td key={record.id}>
                        <Radio
                          name={`merge-${field}`}
                          checked={chosen[field] === record.id}
                          disabled={locked}
                          onChange={() => setOverrides((o) => ({ ...o, [field]: record.id }))}
                          aria-label={`${label(field)} ${t(i === 0 ? 'merge.recordA' : 'merge.recordB')}`}
                          data-testid={`merge-choice-${field}-${i === 0 ? 'a' : 'b'}`}
                          label={value(field, record)}
                        />
                      </Table.Td>
                    ))}
                    <Table.Td bg="var(--mantine-color-teal-0)" data-testid={`merge-preview-${field}`}>
                      {chosen[field] === ALL ? (
                        <ValueLines lines={[...new Map([...lines(field, survivor), ...lines(field, merged)].map((l) => [l.toLowerCase(), l])).values()]} empty={t('merge.empty')} />
                      ) : (
                        value(field, recordOf(chosen[field] ?? survivor.id))
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </div>
        <Text size="sm" c="dimmed" p="md">
          {differing.length === 0 ? t('merge.noDifferences') : t('merge.same', { count: sameCount })}
        </Text>
      </Card>
      <ErrorAlert error={merge.error} testId="merge-error" />
      <Group justify="flex-end" mb="xl">
        <Button variant="default" component={Link} to={`/duplicates${type === 'accounts' ? '?type=accounts' : ''}`}>
          {t('common:actions.cancel')}
        </Button>
        <Button leftSection={<IconArrowsJoin2 size={16} />} onClick={() => setConfirming(true)} disabled={!canUpdate || !canDelete} data-testid="merge-submit">
          {t('merge.submit')}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={<Text fw={700}>{t('merge.confirmTitle')}</Text>} data-testid="merge-confirm-dialog">
        <Text size="sm">{t('merge.confirmMessage', { merged: nameOf(type, merged), survivor: nameOf(type, survivor) })}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('common:actions.cancel')}
          </Button>
          <Button color="red" onClick={() => void submit().catch(() => setConfirming(false))} loading={merge.isPending} data-testid="merge-confirm">
            {t('merge.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  )
}

function ValueLines({ lines, empty }: { lines: string[]; empty: string }) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    )
  }
  return (
    <Stack gap={0}>
      {lines.map((line, i) => (
        <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {line}
        </Text>
      ))}
    </Stack>
  )
}
