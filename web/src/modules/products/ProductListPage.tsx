/** 商品マスタ: search, keyset "load more", and a modal to create or edit a product. */
import { Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { PriceListsCard } from './PriceListsCard.tsx'
import { type Product, TAX_CATEGORIES, type TaxCategory, useProductList, useSaveProduct } from './api.ts'

export default function ProductListPage() {
  const { t } = useTranslation('products')
  const format = useFormat()
  const canCreate = useCan('products', 'create')
  const canUpdate = useCan('products', 'update')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const list = useProductList(q)
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []
  const [editing, setEditing] = useState<Product | 'new' | null>(null)

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="product-new">
              {t('new')}
            </Button>
          ) : null
        }
      />
      <Card padding={0}>
        <Group p="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <TextInput
            style={{ flex: '1 1 240px' }}
            leftSection={<IconSearch size={16} />}
            placeholder={t('searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            aria-label={t('common:actions.search')}
            data-testid="product-search"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q ? t('common:states.noResults') : t('empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="product-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.code')}</Table.Th>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('fields.unit')}</Table.Th>
                  <Table.Th ta="right">{t('fields.unitPrice')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('fields.taxCategory')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((product) => (
                  <Table.Tr
                    key={product.id}
                    data-testid="product-row"
                    style={{ cursor: canUpdate ? 'pointer' : undefined }}
                    onClick={canUpdate ? () => setEditing(product) : undefined}
                  >
                    <Table.Td className="daifuku-nowrap">{product.code}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {product.name} {product.isActive ? null : <Badge color="gray" variant="light">{t('inactive')}</Badge>}
                      </Text>
                      {product.nameKana ? (
                        <Text size="xs" c="dimmed">
                          {product.nameKana}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{product.unit}</Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {format.yen(product.unitPrice)}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{t(`tax.${product.taxCategory}`)}</Table.Td>
                    <Table.Td ta="right">
                      <Button component={Link} to={`/products/${product.id}`} size="compact-xs" variant="light" onClick={(e) => e.stopPropagation()} data-testid="product-open">
                        {t('openDetail')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {list.hasNextPage ? (
          <Group justify="center" p="md">
            <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="product-load-more">
              {t('common:actions.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Card>
      <PriceListsCard />
      {editing ? <ProductFormModal product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </>
  )
}

interface Values {
  code: string
  name: string
  nameKana: string
  unit: string
  unitPrice: number | string
  taxCategory: TaxCategory
  isActive: boolean
  description: string
}

function ProductFormModal({ product, onClose }: { product?: Product; onClose(): void }) {
  const { t } = useTranslation('products')
  const save = useSaveProduct(product?.id)
  const form = useForm<Values>({
    initialValues: {
      code: product?.code ?? '',
      name: product?.name ?? '',
      nameKana: product?.nameKana ?? '',
      unit: product?.unit ?? '個',
      unitPrice: product?.unitPrice ?? '',
      taxCategory: product?.taxCategory ?? 'standard',
      isActive: product?.isActive ?? true,
      description: product?.description ?? '',
    },
    validate: {
      code: (v) => (v.trim() ? null : t('errors.required')),
      name: (v) => (v.trim() ? null : t('errors.required')),
      unitPrice: (v) => (typeof v === 'number' && v >= 0 ? null : t('errors.price')),
    },
  })
  const submit = (values: Values) =>
    save.mutate(
      {
        code: values.code.trim(),
        name: values.name.trim(),
        nameKana: values.nameKana.trim() || null,
        unit: values.unit.trim() || '個',
        unitPrice: Number(values.unitPrice),
        taxCategory: values.taxCategory,
        isActive: values.isActive,
        description: values.description.trim() || null,
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t(product ? 'saved' : 'created', { name: saved.name }) })
          onClose()
        },
      },
    )
  return (
    <Modal opened onClose={onClose} title={t(product ? 'editTitle' : 'newTitle')} size="lg">
      <form onSubmit={form.onSubmit(submit)} data-testid="product-form">
        <Stack>
          <ErrorAlert error={save.error} testId="product-form-error" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.code')} withAsterisk {...form.getInputProps('code')} data-testid="product-field-code" />
            <TextInput label={t('fields.name')} withAsterisk {...form.getInputProps('name')} data-testid="product-field-name" />
            <TextInput label={t('fields.nameKana')} {...form.getInputProps('nameKana')} data-testid="product-field-kana" />
            <TextInput label={t('fields.unit')} {...form.getInputProps('unit')} data-testid="product-field-unit" />
            <NumberInput label={t('fields.unitPrice')} withAsterisk min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('unitPrice')} data-testid="product-field-price" />
            <Select
              label={t('fields.taxCategory')}
              allowDeselect={false}
              data={TAX_CATEGORIES.map((c) => ({ value: c, label: t(`tax.${c}`) }))}
              {...form.getInputProps('taxCategory')}
              data-testid="product-field-tax"
            />
          </SimpleGrid>
          <Textarea label={t('fields.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <Checkbox label={t('fields.isActive')} {...form.getInputProps('isActive', { type: 'checkbox' })} data-testid="product-field-active" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="product-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
