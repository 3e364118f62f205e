/**
 * /catalog/:token — the shared product catalogue (商品カタログ) for customers, no sign-in: product
 * cards with description, specs, options and (if the link allows) prices. `?lang=en` picks English.
 */
import { Alert, Badge, Box, Card, Container, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconAlertCircle, IconSearch } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { Brand } from '../../components/Brand.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatMoney } from '../billing/api.ts'
import type { ConfiguratorOptionGroup } from './configurator-api.ts'
import { optionLabel } from './configurator-api.ts'
import type { TaxCategory } from './api.ts'

interface PublicProduct {
  code: string
  name: string
  unit: string
  description: string | null
  specs: { label: string; value: string }[]
  taxCategory: TaxCategory
  unitPrice: number | null
  unitPriceWithTax: number | null
  optionGroups: ConfiguratorOptionGroup[]
}
interface PublicCatalog {
  title: string
  companyName: string
  showPrices: boolean
  currency: string
  expiresAt: string | null
  products: PublicProduct[]
}

async function loadCatalog(token: string): Promise<PublicCatalog | null> {
  const response = await fetch(`/api/v1/public/catalog/${encodeURIComponent(token)}`, { credentials: 'omit', headers: { Accept: 'application/json' } })
  if (response.status === 404) return null
  if (!response.ok) throw new Error(String(response.status))
  return (await response.json()) as PublicCatalog
}

export default function PublicCatalogPage() {
  const { token = '' } = useParams()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('products')
  const lang = params.get('lang')
  useEffect(() => {
    if (lang === 'ja' || lang === 'en') void i18n.changeLanguage(lang)
  }, [lang, i18n])
  const catalog = useQuery({ queryKey: ['public-catalog', token], queryFn: () => loadCatalog(token), retry: false, staleTime: 60_000 })
  const [search, setSearch] = useState('')
  const q = search.trim().toLowerCase()
  const products = (catalog.data?.products ?? []).filter((p) => !q || `${p.code} ${p.name} ${p.description ?? ''}`.toLowerCase().includes(q))

  return (
    <Box mih="100dvh" style={{ background: 'linear-gradient(160deg, #eef0fc 0%, #f6f7fb 40%, #ffffff 100%)' }}>
      <Group justify="space-between" px={{ base: 'md', sm: 'xl' }} py="md">
        <Brand />
        <LanguageSwitch />
      </Group>
      <Container size="lg" pb={64}>
        {catalog.isPending ? (
          <CenteredLoader />
        ) : !catalog.data ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={t('catalog.unavailableTitle')} data-testid="catalog-unavailable" maw={560} mx="auto" mt="xl">
            {t('catalog.unavailable')}
          </Alert>
        ) : (
          <Stack gap="lg" data-testid="public-catalog">
            <Stack gap={4}>
              <Text c="dimmed" size="sm" data-testid="catalog-company">
                {catalog.data.companyName}
              </Text>
              <Title order={1} fz={{ base: 26, sm: 32 }} data-testid="catalog-title">
                {catalog.data.title}
              </Title>
              <Text c="dimmed" size="sm">
                {t('catalog.lead', { company: catalog.data.companyName })}
              </Text>
            </Stack>
            <TextInput leftSection={<IconSearch size={16} />} placeholder={t('catalog.search')} aria-label={t('catalog.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={420} />
            {products.length === 0 ? (
              <Text c="dimmed">{t('catalog.empty')}</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
                {products.map((p) => (
                  <ProductCard key={p.code} product={p} currency={catalog.data!.currency} showPrices={catalog.data!.showPrices} />
                ))}
              </SimpleGrid>
            )}
            <Text c="dimmed" size="xs" ta="center" mt="xl">
              {catalog.data.showPrices ? t('catalog.priceNote') : t('catalog.contactNote', { company: catalog.data.companyName })}
            </Text>
          </Stack>
        )}
      </Container>
    </Box>
  )
}

function ProductCard({ product, currency, showPrices }: { product: PublicProduct; currency: string; showPrices: boolean }) {
  const { t, i18n } = useTranslation('products')
  const money = (value: number) => formatMoney(value, currency, i18n.language)
  return (
    <Card withBorder shadow="xs" radius="md" padding="lg" data-testid="catalog-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="xs" c="dimmed">
              {product.code}
            </Text>
            <Title order={3} fz={18} data-testid="catalog-card-name">
              {product.name}
            </Title>
          </div>
          {product.taxCategory === 'reduced' ? (
            <Badge variant="light" color="orange">
              {t('catalog.reduced')}
            </Badge>
          ) : null}
        </Group>
        {product.description ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {product.description}
          </Text>
        ) : null}
        {product.specs.length > 0 ? (
          <Table withRowBorders={false} verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {product.specs.map((s, i) => (
                <Table.Tr key={i}>
                  <Table.Td c="dimmed" w="40%">
                    {s.label}
                  </Table.Td>
                  <Table.Td>{s.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {product.optionGroups.length > 0 ? (
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              {t('catalog.options')}
            </Text>
            {product.optionGroups.map((g) => (
              <Text size="sm" key={g.key}>
                <Text span fw={600}>
                  {optionLabel(g, i18n.language)}
                </Text>
                {': '}
                {g.options.map((o) => `${optionLabel(o, i18n.language)}${showPrices && o.priceDelta !== 0 ? `（${o.priceDelta > 0 ? '+' : ''}${money(o.priceDelta)}）` : ''}`).join(' / ')}
              </Text>
            ))}
          </Stack>
        ) : null}
        <Box mt="auto" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          {showPrices && product.unitPrice !== null ? (
            <Group justify="space-between" align="baseline">
              <Text size="xs" c="dimmed">
                {t('catalog.per', { unit: product.unit })}
              </Text>
              <div style={{ textAlign: 'right' }}>
                <Text fw={700} fz={20} data-testid="catalog-card-price">
                  {money(product.unitPriceWithTax ?? product.unitPrice)}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' '}
                    {t('catalog.taxIncluded')}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed">
                  {t('catalog.taxExcluded', { price: money(product.unitPrice) })}
                </Text>
              </div>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('catalog.askPrice')}
            </Text>
          )}
        </Box>
      </Stack>
    </Card>
  )
}
