/**
 * Create or edit a quote, order or invoice: account, recipient, dates and line items picked
 * from products or typed freely, with live per-rate totals from the server's tax function.
 */
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Textarea, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconAdjustments, IconPlus, IconTrash } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { ConfigureDialog } from '../products/ConfigureDialog.tsx'
import { fetchApplicablePriceList } from '../products/configurator-api.ts'
import { fetchProductPrice, type Product, TAX_CATEGORIES, type TaxCategory, usePriceLists, useProductSearch } from '../products/api.ts'
import { type DocumentKind, type DocumentWrite, formatMoney, type SalesDocumentDetail, useDocument, usePreviewTotals, useSaveDocument } from './api.ts'
import { TotalsTable } from './TotalsTable.tsx'

interface LineState {
  key: number
  productId: string | null
  description: string
  quantity: number | string
  unit: string
  unitPrice: number | string
  discount: number | string
  taxCategory: TaxCategory
  /** A configured product's option keys (validated and priced by the product's rules). */
  configuration: { selections: string[] } | null
}

let nextKey = 1
const emptyLine = (): LineState => ({ key: nextKey++, productId: null, description: '', quantity: 1, unit: '', unitPrice: '', discount: '', taxCategory: 'standard', configuration: null })
const num = (value: number | string) => (typeof value === 'number' ? value : value === '' ? 0 : Number(value) || 0)
const today = () => new Date().toISOString().slice(0, 10)

export default function DocumentEditorPage({ kind }: { kind?: DocumentKind }) {
  const { id } = useParams()
  const existing = useDocument(id)
  if (id && existing.isPending) return <CenteredLoader />
  if (id && !existing.data) return <ErrorAlert error={existing.error} />
  return <Editor kind={existing.data?.kind ?? kind ?? 'quote'} doc={existing.data} />
}

function Editor({ kind, doc }: { kind: DocumentKind; doc?: SalesDocumentDetail }) {
  const { t, i18n } = useTranslation('billing')
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const save = useSaveDocument(doc?.id)
  const [accountId, setAccountId] = useState<string | null>(doc?.accountId ?? params.get('accountId'))
  const [accountSearch, setAccountSearch] = useState(doc?.accountName ?? '')
  const [accountQuery] = useDebouncedValue(accountSearch.trim(), 250)
  const accounts = useQuery({
    queryKey: ['accounts', 'pick', accountQuery],
    queryFn: () => api.get<Page<{ id: string; name?: string }>>('/api/v1/accounts', { q: accountQuery || undefined, limit: 20 }),
  })
  const dealId = doc?.dealId ?? params.get('dealId')
  const [recipientName, setRecipientName] = useState(doc?.recipientName ?? '')
  const [issueDate, setIssueDate] = useState(doc?.issueDate ?? today())
  const [validUntil, setValidUntil] = useState(doc?.validUntil ?? '')
  const [dueDate, setDueDate] = useState(doc?.dueDate ?? '')
  const [notes, setNotes] = useState(doc?.notes ?? '')
  const [priceListId, setPriceListId] = useState<string | null>(doc?.priceListId ?? null)
  const priceLists = usePriceLists()
  const [lines, setLines] = useState<LineState[]>(
    doc?.lines.map((l) => ({ key: nextKey++, productId: l.productId, description: l.description, quantity: l.quantity, unit: l.unit ?? '', unitPrice: l.unitPrice, discount: l.discount || '', taxCategory: l.taxCategory, configuration: l.configuration ? { selections: l.configuration.selections } : null })) ?? [emptyLine()],
  )
  const [lineError, setLineError] = useState(false)
  const [configuring, setConfiguring] = useState<number | null>(null)
  // A new document takes the price list that applies to the account (customer group, date).
  const [listTouched, setListTouched] = useState(Boolean(doc))
  useEffect(() => {
    if (listTouched || !accountId) return
    let live = true
    void fetchApplicablePriceList(accountId, 'JPY', issueDate).then((found) => {
      if (live) setPriceListId(found.priceList?.id ?? null)
    })
    return () => {
      live = false
    }
  }, [accountId, issueDate, listTouched])
  const products = useProductSearch('')
  const productById = useMemo(() => new Map((products.data?.data ?? []).map((p) => [p.id, p])), [products.data])

  // The account of a deal the quote is made from.
  const deal = useQuery({ queryKey: ['deals', 'one', dealId], queryFn: () => api.get<{ accountId?: string | null; accountName?: string | null }>(`/api/v1/deals/${dealId}`), enabled: Boolean(dealId) && !doc })
  useEffect(() => {
    if (!doc && !accountId && deal.data?.accountId) {
      setAccountId(deal.data.accountId)
      setAccountSearch(deal.data.accountName ?? '')
    }
  }, [deal.data, doc, accountId])

  const priced = lines.map((l) => ({ quantity: num(l.quantity), unitPrice: num(l.unitPrice), discount: num(l.discount), taxCategory: l.taxCategory }))
  const [debounced] = useDebouncedValue(priced, 250)
  const totals = usePreviewTotals(debounced)

  const accountOptions = [
    ...(doc ? [{ value: doc.accountId, label: doc.accountName ?? doc.accountId }] : []),
    ...(!doc && deal.data?.accountId ? [{ value: deal.data.accountId, label: deal.data.accountName ?? '' }] : []),
    ...(accounts.data?.data ?? []).filter((a) => a.id !== doc?.accountId && a.id !== deal.data?.accountId).map((a) => ({ value: a.id, label: a.name ?? a.id })),
  ]
  const productOptions = (products.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))

  const update = (key: number, patch: Partial<LineState>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)))
  const pickProduct = (key: number, product: Product | undefined) => {
    update(key, product ? { productId: product.id, description: product.name, unit: product.unit, unitPrice: product.unitPrice, taxCategory: product.taxCategory, configuration: null } : { productId: null, configuration: null })
    // With a price list, its price on the issue date replaces the unit price (the server decides the fallback).
    if (product && priceListId) void fetchProductPrice(product.id, priceListId, issueDate).then((price) => update(key, { unitPrice: price.unitPrice }))
  }

  const submit = () => {
    const filled = lines.filter((l) => l.description.trim() || l.productId)
    if (!accountId) return
    if (filled.some((l) => !l.description.trim() || l.unitPrice === '')) {
      setLineError(true)
      return
    }
    setLineError(false)
    const body: DocumentWrite = {
      ...(doc ? {} : { kind, accountId, ...(dealId ? { dealId } : {}) }),
      ...(doc && accountId !== doc.accountId ? { accountId } : {}),
      ...(!doc || priceListId !== doc.priceListId ? { priceListId } : {}),
      ...(recipientName.trim() ? { recipientName: recipientName.trim() } : {}),
      issueDate,
      ...(kind === 'quote' ? { validUntil: validUntil || null } : {}),
      ...(kind === 'invoice' ? { dueDate: dueDate || null } : {}),
      notes: notes.trim() || null,
      lines: filled.map((l) => ({
        productId: l.productId,
        description: l.description.trim(),
        quantity: num(l.quantity),
        unit: l.unit.trim() || null,
        unitPrice: num(l.unitPrice),
        discount: num(l.discount),
        taxCategory: l.taxCategory,
        ...(l.configuration && l.productId ? { configuration: l.configuration } : {}),
      })),
    }
    save.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: t(doc ? 'saved' : 'created', { number: saved.number }) })
        void navigate(`/sales-documents/${saved.id}`)
      },
    })
  }

  return (
    <>
      {configuring !== null
        ? (() => {
            const line = lines.find((l) => l.key === configuring)
            const product = line?.productId ? productById.get(line.productId) : undefined
            if (!line || !line.productId) return null
            const name = product?.name ?? line.description
            return (
              <ConfigureDialog
                productId={line.productId}
                productName={name}
                accountId={accountId}
                date={issueDate}
                initialSelections={line.configuration?.selections ?? []}
                onClose={() => setConfiguring(null)}
                onApply={(result, names) => {
                  update(line.key, {
                    configuration: { selections: result.selections },
                    unitPrice: result.unitPrice,
                    description: names.length > 0 ? `${name}（${names.join('、')}）` : name,
                  })
                  setConfiguring(null)
                }}
              />
            )
          })()
        : null}
      <PageHeader title={doc ? t('editTitle', { kind: t(`kind.${kind}`), number: doc.number }) : t(`new.${kind}`)} />
      <Stack data-testid="doc-form">
        <ErrorAlert error={save.error} testId="doc-form-error" />
        <Card>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('fields.accountId')}
              withAsterisk
              searchable
              data={accountOptions}
              value={accountId}
              onChange={setAccountId}
              searchValue={accountSearch}
              onSearchChange={setAccountSearch}
              filter={({ options }) => options}
              error={save.isIdle || accountId ? undefined : t('errors.account')}
              data-testid="doc-field-account"
            />
            <TextInput label={t('fields.recipientName')} placeholder={accountOptions.find((a) => a.value === accountId)?.label} value={recipientName} onChange={(e) => setRecipientName(e.currentTarget.value)} data-testid="doc-field-recipient" />
            <TextInput type="date" label={t('fields.issueDate')} value={issueDate} onChange={(e) => setIssueDate(e.currentTarget.value)} data-testid="doc-field-issue-date" />
            {(priceLists.data?.data ?? []).length > 0 ? (
              <Select
                label={t('products:priceLists.title')}
                placeholder={t('products:priceLists.none')}
                clearable
                data={(priceLists.data?.data ?? []).map((l) => ({ value: l.id, label: l.customerGroup ? `${l.name}（${l.customerGroup}）` : l.name }))}
                value={priceListId}
                onChange={(v) => {
                  setListTouched(true)
                  setPriceListId(v)
                }}
                data-testid="doc-field-price-list"
              />
            ) : null}
            {kind === 'quote' ? <TextInput type="date" label={t('fields.validUntil')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} data-testid="doc-field-valid-until" /> : null}
            {kind === 'invoice' ? <TextInput type="date" label={t('fields.dueDate')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} data-testid="doc-field-due-date" /> : null}
          </SimpleGrid>
        </Card>
        <Card padding={0}>
          <div className="daifuku-table-wrap">
            <Table data-testid="doc-lines-editor" miw={900}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={200}>{t('lines.product')}</Table.Th>
                  <Table.Th>{t('lines.description')}</Table.Th>
                  <Table.Th w={90}>{t('lines.quantity')}</Table.Th>
                  <Table.Th w={70}>{t('lines.unit')}</Table.Th>
                  <Table.Th w={120}>{t('lines.unitPrice')}</Table.Th>
                  <Table.Th w={100}>{t('lines.discount')}</Table.Th>
                  <Table.Th w={150}>{t('lines.taxCategory')}</Table.Th>
                  <Table.Th w={110} ta="right">
                    {t('lines.amount')}
                  </Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line, index) => (
                  <Table.Tr key={line.key} data-testid="doc-line">
                    <Table.Td>
                      <Select
                        aria-label={t('lines.product')}
                        placeholder={t('lines.productPlaceholder')}
                        searchable
                        clearable
                        data={productOptions}
                        value={line.productId}
                        onChange={(value) => pickProduct(line.key, value ? productById.get(value) : undefined)}
                        data-testid="doc-line-product"
                      />
                      {line.productId ? (
                        <Button
                          variant={line.configuration ? 'light' : 'subtle'}
                          size="compact-xs"
                          mt={4}
                          leftSection={<IconAdjustments size={14} />}
                          onClick={() => setConfiguring(line.key)}
                          data-testid="doc-line-configure"
                        >
                          {t(line.configuration ? 'products:configure.change' : 'products:configure.open')}
                        </Button>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={t('lines.description')} value={line.description} onChange={(e) => update(line.key, { description: e.currentTarget.value })} data-testid="doc-line-description" />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={t('lines.quantity')} min={0} decimalScale={3} hideControls value={line.quantity} onChange={(v) => update(line.key, { quantity: v })} data-testid="doc-line-quantity" />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={t('lines.unit')} value={line.unit} onChange={(e) => update(line.key, { unit: e.currentTarget.value })} data-testid="doc-line-unit" />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={t('lines.unitPrice')} min={0} decimalScale={2} thousandSeparator="," hideControls value={line.unitPrice} onChange={(v) => update(line.key, { unitPrice: v })} data-testid="doc-line-price" />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={t('lines.discount')} min={0} decimalScale={2} thousandSeparator="," hideControls value={line.discount} onChange={(v) => update(line.key, { discount: v })} data-testid="doc-line-discount" />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('lines.taxCategory')}
                        allowDeselect={false}
                        data={TAX_CATEGORIES.map((c) => ({ value: c, label: t(`products:tax.${c}`) }))}
                        value={line.taxCategory}
                        onChange={(v) => v && update(line.key, { taxCategory: v as TaxCategory })}
                        data-testid="doc-line-tax"
                      />
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap" data-testid="doc-line-amount">
                      {formatMoney(totals.data?.lineAmounts[index] ?? null, 'JPY', i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" aria-label={t('lines.remove')} onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))} data-testid="doc-line-remove">
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Group p="md" justify="space-between" align="flex-start">
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setLines((all) => [...all, emptyLine()])} data-testid="doc-line-add">
              {t('lines.add')}
            </Button>
            {totals.data ? <TotalsTable byRate={totals.data.byRate} subtotal={totals.data.subtotal} taxTotal={totals.data.taxTotal} total={totals.data.total} currency="JPY" roundingMode={totals.data.roundingMode} /> : null}
          </Group>
          {lineError ? (
            <Alert color="red" variant="light" m="md" data-testid="doc-line-error">
              {t('errors.line')}
            </Alert>
          ) : null}
        </Card>
        <Card>
          <Textarea label={t('fields.notes')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} data-testid="doc-field-notes" />
        </Card>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void navigate(-1)}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!accountId} data-testid="doc-save">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </>
  )
}
