/** 価格表: per customer group and period, prices that override the products' unit prices. */
import { ActionIcon, Autocomplete, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDay } from '../deals/api.ts'
import { type PriceList, useProductSearch, usePriceLists, useSavePriceList } from './api.ts'
import { useCustomerGroups } from './configurator-api.ts'

export function PriceListsCard() {
  const { t, i18n } = useTranslation('products')
  const lists = usePriceLists()
  const canEdit = useCan('products', 'update')
  const [editing, setEditing] = useState<PriceList | 'new' | null>(null)
  return (
    <Card mt="md" padding={0} data-testid="price-lists">
      <Group p="md" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Text fw={600}>{t('priceLists.title')}</Text>
        {canEdit ? (
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="price-list-new">
            {t('priceLists.new')}
          </Button>
        ) : null}
      </Group>
      <ErrorAlert error={lists.error} />
      {(lists.data?.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          {t('priceLists.empty')}
        </Text>
      ) : (
        <Table data-testid="price-list-table">
          <Table.Tbody>
            {lists.data!.data.map((list) => (
              <Table.Tr key={list.id} data-testid="price-list-row" style={{ cursor: canEdit ? 'pointer' : undefined }} onClick={canEdit ? () => setEditing(list) : undefined}>
                <Table.Td fw={600}>{list.name}</Table.Td>
                <Table.Td>
                  {list.customerGroupName ? <Badge variant="light">{list.customerGroupName}</Badge> : null}
                  {list.customerGroup && list.customerGroup !== list.customerGroupName ? (
                    <Badge variant="outline" color="gray" ml={4}>
                      {list.customerGroup}
                    </Badge>
                  ) : null}
                  {list.currency !== 'JPY' ? <Badge variant="outline" ml={4}>{list.currency}</Badge> : null}
                </Table.Td>
                <Table.Td className="daifuku-nowrap">
                  {formatDay(list.validFrom, i18n.language)} – {formatDay(list.validTo, i18n.language)}
                </Table.Td>
                <Table.Td>{t('priceLists.count', { count: list.prices.length })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing ? <PriceListModal list={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  )
}

function PriceListModal({ list, onClose }: { list?: PriceList; onClose(): void }) {
  const { t } = useTranslation('products')
  const save = useSavePriceList(list?.id)
  const products = useProductSearch('')
  const [name, setName] = useState(list?.name ?? '')
  const [customerGroup, setCustomerGroup] = useState(list?.customerGroup ?? '')
  const groups = useCustomerGroups()
  const [currency, setCurrency] = useState(list?.currency ?? 'JPY')
  const [validFrom, setValidFrom] = useState(list?.validFrom ?? '')
  const [validTo, setValidTo] = useState(list?.validTo ?? '')
  const [prices, setPrices] = useState<{ productId: string | null; unitPrice: number | string }[]>(list?.prices.map((p) => ({ productId: p.productId, unitPrice: p.unitPrice })) ?? [])
  const options = (products.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))
  const submit = () =>
    save.mutate(
      {
        name: name.trim(),
        customerGroup: customerGroup.trim() || null,
        currency: currency.trim().toUpperCase() || 'JPY',
        validFrom: validFrom || null,
        validTo: validTo || null,
        prices: prices.flatMap((p) => (p.productId && p.unitPrice !== '' ? [{ productId: p.productId, unitPrice: Number(p.unitPrice) }] : [])),
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('priceLists.saved', { name: saved.name }) })
          onClose()
        },
      },
    )
  return (
    <Modal opened onClose={onClose} title={list ? list.name : t('priceLists.new')} size="lg">
      <Stack data-testid="price-list-form">
        <ErrorAlert error={save.error} testId="price-list-error" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('priceLists.name')} withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="price-list-name" />
          <Autocomplete
            label={t('priceLists.customerGroup')}
            placeholder={t('priceLists.allCustomers')}
            description={t('priceLists.customerGroupHelp')}
            data={(groups.data?.data ?? []).map((g) => g.name)}
            value={customerGroup}
            onChange={setCustomerGroup}
            data-testid="price-list-group"
          />
          <TextInput label={t('priceLists.currency')} maxLength={3} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} data-testid="price-list-currency" />
          <TextInput type="date" label={t('priceLists.validFrom')} value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} data-testid="price-list-from" />
          <TextInput type="date" label={t('priceLists.validTo')} value={validTo} onChange={(e) => setValidTo(e.currentTarget.value)} data-testid="price-list-to" />
        </SimpleGrid>
        {prices.map((price, index) => (
          <Group key={index} gap="xs" wrap="nowrap" data-testid="price-list-price">
            <Select
              style={{ flex: 1 }}
              aria-label={t('fields.name')}
              searchable
              data={options}
              value={price.productId}
              onChange={(value) => setPrices((all) => all.map((p, i) => (i === index ? { ...p, productId: value } : p)))}
              data-testid="price-list-product"
            />
            <NumberInput
              w={160}
              aria-label={t('fields.unitPrice')}
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={price.unitPrice}
              onChange={(value) => setPrices((all) => all.map((p, i) => (i === index ? { ...p, unitPrice: value } : p)))}
              data-testid="price-list-amount"
            />
            <ActionIcon variant="subtle" color="red" aria-label={t('priceLists.removePrice')} onClick={() => setPrices((all) => all.filter((_, i) => i !== index))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => setPrices((all) => [...all, { productId: null, unitPrice: '' }])} data-testid="price-list-add-price">
          {t('priceLists.addPrice')}
        </Button>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!name.trim()} data-testid="price-list-save">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
