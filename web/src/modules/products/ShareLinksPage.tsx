/** /admin/catalog-links — share the product catalogue through links (all or some products, prices shown or not, expiry, revoke). */
import { Anchor, Badge, Button, Card, Checkbox, CopyButton, Group, Modal, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCopy, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useFormat } from '../../i18n/format.ts'
import { useProductSearch } from './api.ts'
import { type ShareLink, useCreateShareLink, useRevokeShareLink, useShareLinks } from './configurator-api.ts'

const STATUS_COLOR = { active: 'teal', expired: 'gray', revoked: 'red' } as const

export default function ShareLinksPage() {
  const { t } = useTranslation('products')
  const format = useFormat()
  const links = useShareLinks()
  const revoke = useRevokeShareLink()
  const [creating, setCreating] = useState(false)
  const rows = links.data?.data ?? []
  const url = (link: ShareLink) => `${window.location.origin}${link.path}`
  return (
    <>
      <PageHeader
        title={t('share.title')}
        description={t('share.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="share-new">
            {t('share.new')}
          </Button>
        }
      />
      <Card padding={0}>
        <ErrorAlert error={links.error ?? revoke.error} />
        {rows.length === 0 ? (
          <EmptyState message={t('share.empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="share-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('share.name')}</Table.Th>
                  <Table.Th>{t('share.scope')}</Table.Th>
                  <Table.Th>{t('share.expiresAt')}</Table.Th>
                  <Table.Th>{t('share.views')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((link) => (
                  <Table.Tr key={link.id} data-testid="share-row">
                    <Table.Td>
                      <Group gap={6}>
                        <Text fw={600} size="sm">
                          {link.name}
                        </Text>
                        <Badge size="sm" variant="light" color={STATUS_COLOR[link.status]} data-testid="share-status">
                          {t(`share.status.${link.status}`)}
                        </Badge>
                      </Group>
                      {link.status === 'active' ? (
                        <Anchor href={link.path} target="_blank" size="xs" data-testid="share-link">
                          {url(link)}
                        </Anchor>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{link.productIds ? t('share.someProducts', { count: link.productIds.length }) : t('share.allProducts')}</Text>
                      <Text size="xs" c="dimmed">
                        {t(link.showPrices ? 'share.pricesShown' : 'share.pricesHidden')}
                      </Text>
                    </Table.Td>
                    <Table.Td className="daifuku-nowrap">{link.expiresAt ? format.dateTime(link.expiresAt) : t('share.noExpiry')}</Table.Td>
                    <Table.Td>{link.viewCount}</Table.Td>
                    <Table.Td>
                      {link.status === 'active' ? (
                        <Group gap="xs" wrap="nowrap">
                          <CopyButton value={url(link)}>
                            {({ copied, copy }) => (
                              <Button size="compact-xs" variant="light" leftSection={<IconCopy size={12} />} onClick={copy}>
                                {copied ? t('share.copied') : t('share.copy')}
                              </Button>
                            )}
                          </CopyButton>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => window.confirm(t('share.confirmRevoke', { name: link.name })) && revoke.mutate(link.id)}
                            data-testid="share-revoke"
                          >
                            {t('share.revoke')}
                          </Button>
                        </Group>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Card>
      {creating ? <CreateModal onClose={() => setCreating(false)} /> : null}
    </>
  )
}

function CreateModal({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('products')
  const create = useCreateShareLink()
  const products = useProductSearch('')
  const [name, setName] = useState('')
  const [all, setAll] = useState(true)
  const [productIds, setProductIds] = useState<string[]>([])
  const [showPrices, setShowPrices] = useState(true)
  const [expiresOn, setExpiresOn] = useState('')
  const submit = () =>
    create.mutate(
      { name: name.trim(), productIds: all ? null : productIds, showPrices, expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : null },
      {
        onSuccess: (link) => {
          notifications.show({ color: 'teal', message: t('share.created', { name: link.name }) })
          onClose()
        },
      },
    )
  return (
    <Modal opened onClose={onClose} title={t('share.new')} size="lg">
      <Stack data-testid="share-form">
        <ErrorAlert error={create.error} />
        <TextInput label={t('share.name')} withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="share-name" />
        <Checkbox label={t('share.allProducts')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} data-testid="share-all" />
        {!all ? (
          <MultiSelect
            label={t('share.products')}
            searchable
            data={(products.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
            value={productIds}
            onChange={setProductIds}
            data-testid="share-products"
          />
        ) : null}
        <Checkbox label={t('share.showPrices')} checked={showPrices} onChange={(e) => setShowPrices(e.currentTarget.checked)} data-testid="share-show-prices" />
        <TextInput type="date" label={t('share.expiresOn')} description={t('share.expiresHelp')} value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} data-testid="share-expires" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} disabled={!name.trim() || (!all && productIds.length === 0)} loading={create.isPending} data-testid="share-save">
            {t('share.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
