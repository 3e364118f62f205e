/**
 * "構成を選択" dialog used when a configurable product is put on a quote: options per group, the
 * server's validation messages (naming the options) and the price breakdown, live as options change.
 */
import { Alert, Badge, Button, Checkbox, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatMoney } from '../billing/api.ts'
import { type ConfigurationResult, configureProduct, localized, optionLabel, useConfigurator } from './configurator-api.ts'

export interface ConfigureDialogProps {
  productId: string
  productName: string
  accountId?: string | null
  currency?: string
  date?: string
  initialSelections?: string[]
  onApply(result: ConfigurationResult, optionNames: string[]): void
  onClose(): void
}

export function ConfigureDialog({ productId, productName, accountId, currency = 'JPY', date, initialSelections = [], onApply, onClose }: ConfigureDialogProps) {
  const { t, i18n } = useTranslation('products')
  const configurator = useConfigurator(productId)
  const [selections, setSelections] = useState<string[]>(initialSelections)
  const result = useQuery({
    queryKey: ['products', 'configure', productId, accountId, currency, date, selections],
    queryFn: () => configureProduct(productId, { selections, ...(accountId ? { accountId } : {}), currency, ...(date ? { date } : {}) }),
    placeholderData: keepPreviousData,
  })
  const groups = configurator.data?.optionGroups ?? []
  const allOptions = groups.flatMap((g) => g.options)
  const errorOptions = new Set(result.data?.errors.flatMap((e) => e.options) ?? [])

  const choose = (groupKey: string, key: string | null, single: boolean, checked = true) => {
    const group = groups.find((g) => g.key === groupKey)!
    const inGroup = new Set(group.options.map((o) => o.key))
    if (single) setSelections([...selections.filter((s) => !inGroup.has(s)), ...(key ? [key] : [])])
    else setSelections(checked ? [...selections, key!] : selections.filter((s) => s !== key))
  }

  return (
    <Modal opened onClose={onClose} title={t('configure.title', { name: productName })} size="lg" data-testid="configure-dialog">
      {configurator.isPending ? (
        <CenteredLoader />
      ) : (
        <Stack>
          <ErrorAlert error={configurator.error ?? result.error} />
          {groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('configure.noOptions')}
            </Text>
          ) : null}
          {groups.map((group) => {
            const single = group.selection === 'single'
            const label = (
              <Group gap={6}>
                <Text fw={600} size="sm">
                  {optionLabel(group, i18n.language)}
                </Text>
                {group.required ? (
                  <Badge size="xs" color="red" variant="light">
                    {t('configurator.required')}
                  </Badge>
                ) : null}
              </Group>
            )
            const priceText = (delta: number) => (delta === 0 ? '' : `（${delta > 0 ? '+' : ''}${formatMoney(delta, currency, i18n.language)}）`)
            return single ? (
              <Radio.Group key={group.key} label={label} value={group.options.find((o) => selections.includes(o.key))?.key ?? ''} onChange={(v) => choose(group.key, v || null, true)}>
                <Stack gap={6} mt={6}>
                  {!group.required ? <Radio value="" label={t('configure.none')} /> : null}
                  {group.options.map((o) => (
                    <Radio
                      key={o.key}
                      value={o.key}
                      label={`${optionLabel(o, i18n.language)}${priceText(o.priceDelta)}`}
                      color={errorOptions.has(o.key) && selections.includes(o.key) ? 'red' : undefined}
                      data-testid={`configure-option-${o.key}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            ) : (
              <Stack key={group.key} gap={6}>
                {label}
                {group.options.map((o) => (
                  <Checkbox
                    key={o.key}
                    label={`${optionLabel(o, i18n.language)}${priceText(o.priceDelta)}`}
                    checked={selections.includes(o.key)}
                    color={errorOptions.has(o.key) ? 'red' : undefined}
                    onChange={(e) => choose(group.key, o.key, false, e.currentTarget.checked)}
                    data-testid={`configure-option-${o.key}`}
                  />
                ))}
              </Stack>
            )
          })}
          {result.data && result.data.errors.length > 0 ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('configure.invalid')} data-testid="configure-errors">
              <Stack gap={4}>
                {result.data.errors.map((e, i) => (
                  <Text key={i} size="sm" data-testid="configure-error">
                    {localized(e.message, i18n.language)}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
          {result.data ? (
            <Table data-testid="configure-breakdown">
              <Table.Tbody>
                {result.data.breakdown.map((c, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      {c.kind === 'adjustment' ? t('configure.adjustment', { name: localized(c.label, i18n.language) }) : c.kind === 'base' ? t('configure.base') : localized(c.label, i18n.language)}
                      {c.percent !== null ? ` (${c.percent}%)` : ''}
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {formatMoney(c.amount, currency, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={700}>{t('configure.unitPrice')}</Table.Td>
                  <Table.Td ta="right" fw={700} className="daifuku-nowrap" data-testid="configure-price">
                    {formatMoney(result.data.unitPrice, currency, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              disabled={!result.data?.valid || result.isFetching}
              onClick={() => result.data && onApply(result.data, result.data.selections.map((key) => allOptions.find((o) => o.key === key)?.name ?? key))}
              data-testid="configure-apply"
            >
              {t('configure.apply')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
