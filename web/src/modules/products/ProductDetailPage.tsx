/** /products/:id — a product's facts, its catalogue specs and its configurator (options and rules). */
import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { BackLink } from '../../components/BackLink.tsx'
import { DetailField } from '../../components/DetailField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { useProduct, useSaveProduct } from './api.ts'
import { ConfiguratorEditor } from './ConfiguratorEditor.tsx'

export default function ProductDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('products')
  const format = useFormat()
  const product = useProduct(id)
  if (product.isPending) return <CenteredLoader />
  if (!product.data) return <ErrorAlert error={product.error} />
  const p = product.data
  return (
    <>
      <PageHeader title={p.name} description={p.code} back={<BackLink to="/products" label={t('title')} />} />
      <Card mb="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <DetailField label={t('fields.code')} testId="product-detail-code">
            {p.code}
          </DetailField>
          <DetailField label={t('fields.unit')} testId="product-detail-unit">
            {p.unit}
          </DetailField>
          <DetailField label={t('fields.unitPrice')} testId="product-detail-price">
            {format.yen(p.unitPrice)}
          </DetailField>
          <DetailField label={t('fields.taxCategory')} testId="product-detail-tax">
            {t(`tax.${p.taxCategory}`)}
          </DetailField>
        </SimpleGrid>
        {p.description ? (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {p.description}
          </Text>
        ) : null}
      </Card>
      <Tabs defaultValue="configurator" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="configurator" data-testid="product-tab-configurator">
            {t('configurator.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="specs" data-testid="product-tab-specs">
            {t('specs.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="configurator">
          <ConfiguratorEditor productId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="specs">
          <SpecsEditor productId={p.id} specs={p.specs ?? []} />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}

function SpecsEditor({ productId, specs }: { productId: string; specs: { label: string; value: string }[] }) {
  const { t } = useTranslation('products')
  const canEdit = useCan('products', 'update')
  const save = useSaveProduct(productId)
  const [rows, setRows] = useState(specs)
  useEffect(() => setRows(specs), [specs])
  const set = (i: number, patch: Partial<{ label: string; value: string }>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Card data-testid="specs-editor">
      <Text size="xs" c="dimmed" mb="sm">
        {t('specs.help')}
      </Text>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Group key={i} gap="xs">
            <TextInput size="xs" placeholder={t('specs.label')} aria-label={t('specs.label')} value={row.label} onChange={(e) => set(i, { label: e.currentTarget.value })} />
            <TextInput size="xs" style={{ flex: 1 }} placeholder={t('specs.value')} aria-label={t('specs.value')} value={row.value} onChange={(e) => set(i, { value: e.currentTarget.value })} />
            <ActionIcon variant="subtle" color="red" aria-label={t('configurator.remove')} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
        <ErrorAlert error={save.error} />
        {canEdit ? (
          <Group justify="space-between">
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setRows([...rows, { label: '', value: '' }])}>
              {t('specs.add')}
            </Button>
            <Button
              size="xs"
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { specs: rows.filter((r) => r.label.trim() && r.value.trim()).map((r) => ({ label: r.label.trim(), value: r.value.trim() })) },
                  { onSuccess: () => notifications.show({ color: 'teal', message: t('specs.saved') }) },
                )
              }
              data-testid="specs-save"
            >
              {t('common:actions.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  )
}
