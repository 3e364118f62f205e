/**
 * One quote, order or invoice: the qualified-invoice layout (issuer and registration number,
 * recipient 御中, transaction date, ※ on reduced-rate items, totals per rate), status, one-click
 * conversion along quote → order → invoice, and payments with the outstanding balance.
 */
import { Anchor, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconEdit, IconTransform } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatDay } from '../deals/api.ts'
import { EDITABLE, formatMoney, KIND_PATH, SETTABLE, type SalesDocumentDetail, useConvertDocument, useDocument, useRecordPayment, useSaveDocument } from './api.ts'
import { PdfMenu } from './PdfMenu.tsx'
import { TotalsTable } from './TotalsTable.tsx'

const STATUS_COLOR: Record<string, string> = { accepted: 'teal', paid: 'teal', fulfilled: 'teal', issued: 'blue', sent: 'blue', open: 'blue', partially_paid: 'yellow', rejected: 'gray', expired: 'gray', cancelled: 'gray', void: 'gray' }

export default function DocumentDetailPage() {
  const { id = '' } = useParams()
  const doc = useDocument(id)
  if (doc.isPending) return <CenteredLoader />
  if (!doc.data) return <ErrorAlert error={doc.error} onRetry={() => void doc.refetch()} />
  return <Detail doc={doc.data} />
}

function Detail({ doc }: { doc: SalesDocumentDetail }) {
  const { t, i18n } = useTranslation('billing')
  const navigate = useNavigate()
  const canUpdate = useCan('salesDocuments', 'update')
  const canCreate = useCan('salesDocuments', 'create')
  const save = useSaveDocument(doc.id)
  const convert = useConvertDocument(doc.id)
  const money = (value: number) => formatMoney(value, doc.currency, i18n.language)
  const day = (value: string | null) => formatDay(value, i18n.language)
  const target = doc.kind === 'quote' ? 'order' : doc.kind === 'order' ? 'invoice' : null
  const alreadyConverted = doc.derived.some((d) => d.kind === target)
  const closed = ['rejected', 'expired', 'cancelled'].includes(doc.status)

  const runConvert = () =>
    target &&
    convert.mutate(target, {
      onSuccess: (created) => {
        notifications.show({ color: 'teal', message: t('converted', { number: created.number }) })
        void navigate(`/sales-documents/${created.id}`)
      },
    })

  return (
    <>
      <PageHeader
        back={
          <Anchor component={Link} to={KIND_PATH[doc.kind]} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t('back')}
            </Group>
          </Anchor>
        }
        title={
          <Group gap="sm">
            <span data-testid="doc-kind">{t(`kind.${doc.kind}`)}</span>
            <span data-testid="doc-number">{doc.number}</span>
            <Badge color={STATUS_COLOR[doc.status] ?? 'gray'} variant="light" data-testid="doc-status">
              {t(`status.${doc.status}`)}
            </Badge>
          </Group>
        }
        actions={
          <>
            <PdfMenu documentId={doc.id} />
            {canUpdate && EDITABLE[doc.kind].includes(doc.status) ? (
              <Button variant="default" leftSection={<IconEdit size={16} />} component={Link} to={`/sales-documents/${doc.id}/edit`} data-testid="doc-edit">
                {t('edit')}
              </Button>
            ) : null}
            {canCreate && target && !alreadyConverted && !closed ? (
              <Button leftSection={<IconTransform size={16} />} onClick={runConvert} loading={convert.isPending} data-testid={`doc-convert-${target}`}>
                {t(target === 'order' ? 'convertToOrder' : 'convertToInvoice')}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={convert.error ?? save.error} />
      <Stack>
        <Card data-testid="doc-header">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={4}>
              <Title order={4} data-testid="doc-recipient">
                {doc.recipientName} {t('honorific')}
              </Title>
              <Text size="sm">
                {t('fields.accountId')}: {doc.accountName ?? '—'}
              </Text>
              {doc.dealId ? (
                <Text size="sm">
                  {t('fields.dealId')}:{' '}
                  <Anchor component={Link} to={`/deals/${doc.dealId}`}>
                    {doc.dealName ?? doc.dealId}
                  </Anchor>
                </Text>
              ) : null}
              {doc.sourceDocumentId ? (
                <Anchor component={Link} to={`/sales-documents/${doc.sourceDocumentId}`} size="sm" data-testid="doc-source">
                  {t('from', { number: doc.sourceNumber })}
                </Anchor>
              ) : null}
              {doc.derived.length > 0 ? (
                <Group gap={4} data-testid="doc-derived">
                  <Text size="sm">{t('derived')}:</Text>
                  {doc.derived.map((d) => (
                    <Anchor key={d.id} component={Link} to={`/sales-documents/${d.id}`} size="sm">
                      {d.number}
                    </Anchor>
                  ))}
                </Group>
              ) : null}
            </Stack>
            <Stack gap={4}>
              {doc.kind === 'invoice' ? (
                <>
                  <Text size="sm" data-testid="doc-issuer">
                    {t('fields.issuer')}: {doc.issuerName ?? '—'}
                  </Text>
                  <Text size="sm" data-testid="doc-registration-number">
                    {t('fields.registrationNumber')}: {doc.issuerRegistrationNumber ?? '—'}
                  </Text>
                  <Text size="sm">
                    {t('fields.transactionDate')}: {day(doc.transactionDate)}
                  </Text>
                </>
              ) : null}
              <Text size="sm">
                {t('fields.issueDate')}: {day(doc.issueDate)}
              </Text>
              {doc.kind === 'quote' ? (
                <Text size="sm">
                  {t('fields.validUntil')}: {day(doc.validUntil)}
                </Text>
              ) : null}
              {doc.kind === 'invoice' ? (
                <Text size="sm">
                  {t('fields.dueDate')}: {day(doc.dueDate)}
                </Text>
              ) : null}
              {canUpdate && SETTABLE[doc.kind].includes(doc.status) ? (
                <Select
                  label={t('fields.status')}
                  w={220}
                  allowDeselect={false}
                  data={SETTABLE[doc.kind].map((s) => ({ value: s, label: t(`status.${s}`) }))}
                  value={doc.status}
                  onChange={(status) => status && status !== doc.status && save.mutate({ status })}
                  data-testid="doc-status-select"
                />
              ) : null}
            </Stack>
          </SimpleGrid>
        </Card>
        <Card padding={0}>
          <div className="daifuku-table-wrap">
            <Table data-testid="doc-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('lines.description')}</Table.Th>
                  <Table.Th ta="right">{t('lines.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('lines.unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('lines.discount')}</Table.Th>
                  <Table.Th>{t('lines.taxCategory')}</Table.Th>
                  <Table.Th ta="right">{t('lines.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {doc.lines.map((line) => (
                  <Table.Tr key={line.id} data-testid="doc-line-row" data-reduced={line.reducedRate}>
                    <Table.Td>
                      {line.description}
                      {line.reducedRate ? <span data-testid="doc-line-reduced-mark"> {t('reducedMark')}</span> : null}
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {line.quantity.toLocaleString(i18n.language)} {line.unit ?? ''}
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {money(line.unitPrice)}
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {line.discount ? money(-line.discount) : '—'}
                    </Table.Td>
                    <Table.Td>{t(`products:tax.${line.taxCategory}`)}</Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {money(line.amount)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Stack p="md" gap="xs" align="flex-end">
            <TotalsTable byRate={doc.byRate} subtotal={doc.subtotal} taxTotal={doc.taxTotal} total={doc.total} currency={doc.currency} roundingMode={doc.roundingMode} />
            {doc.lines.some((l) => l.reducedRate) ? (
              <Text size="xs" c="dimmed">
                {t('reducedNote')}
              </Text>
            ) : null}
          </Stack>
        </Card>
        {doc.notes ? (
          <Card>
            <Text size="sm" fw={600}>
              {t('fields.notes')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {doc.notes}
            </Text>
          </Card>
        ) : null}
        {doc.kind === 'invoice' ? <Payments doc={doc} canUpdate={canUpdate} /> : null}
      </Stack>
    </>
  )
}

function Payments({ doc, canUpdate }: { doc: SalesDocumentDetail; canUpdate: boolean }) {
  const { t, i18n } = useTranslation('billing')
  const record = useRecordPayment(doc.id)
  const [paidOn, setPaidOn] = useState(new Date().toISOString().slice(0, 10))
  const [amount, setAmount] = useState<number | string>(doc.balance)
  const [method, setMethod] = useState('bank_transfer')
  const [note, setNote] = useState('')
  const money = (value: number) => formatMoney(value, doc.currency, i18n.language)
  const open = ['issued', 'partially_paid'].includes(doc.status)
  return (
    <Card data-testid="doc-payments">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('payments.title')}</Text>
        <Text size="sm">
          {t('fields.balance')}: <strong data-testid="doc-balance">{money(doc.balance)}</strong>
        </Text>
      </Group>
      {doc.payments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('payments.empty')}
        </Text>
      ) : (
        <Table data-testid="payment-table">
          <Table.Tbody>
            {doc.payments.map((p) => (
              <Table.Tr key={p.id} data-testid="payment-row">
                <Table.Td>{formatDay(p.paidOn, i18n.language)}</Table.Td>
                <Table.Td>{t(`payments.methods.${p.method}`)}</Table.Td>
                <Table.Td ta="right">{money(p.amount)}</Table.Td>
                <Table.Td>{p.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canUpdate && open ? (
        <Stack mt="md" gap="xs">
          <ErrorAlert error={record.error} testId="payment-error" />
          <Group align="flex-end" wrap="wrap">
            <TextInput type="date" label={t('payments.paidOn')} value={paidOn} onChange={(e) => setPaidOn(e.currentTarget.value)} data-testid="payment-date" />
            <NumberInput label={t('payments.amount')} min={0} decimalScale={2} thousandSeparator="," value={amount} onChange={setAmount} data-testid="payment-amount" />
            <Select
              label={t('payments.method')}
              allowDeselect={false}
              data={['bank_transfer', 'cash', 'card', 'offset', 'other'].map((m) => ({ value: m, label: t(`payments.methods.${m}`) }))}
              value={method}
              onChange={(v) => v && setMethod(v)}
              data-testid="payment-method"
            />
            <TextInput label={t('payments.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="payment-note" />
            <Button
              onClick={() =>
                record.mutate(
                  { paidOn, amount: Number(amount), method, note: note.trim() || null },
                  { onSuccess: (saved) => (notifications.show({ color: 'teal', message: t('payments.recorded') }), setAmount(saved.balance), setNote('')) },
                )
              }
              loading={record.isPending}
              disabled={!(Number(amount) > 0)}
              data-testid="payment-submit"
            >
              {t('payments.record')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Card>
  )
}
