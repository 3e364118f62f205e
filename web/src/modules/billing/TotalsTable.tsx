/** Per-rate totals of a document (適格請求書: 税率ごとの対象額と消費税額), shared by the editor and the detail page. */
import { Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney, type RateTotal, type RoundingMode } from './api.ts'

export function TotalsTable({ byRate, subtotal, taxTotal, total, currency, roundingMode }: { byRate: RateTotal[]; subtotal: number; taxTotal: number; total: number; currency: string; roundingMode?: RoundingMode }) {
  const { t, i18n } = useTranslation('billing')
  const money = (value: number) => formatMoney(value, currency, i18n.language)
  return (
    <div data-testid="doc-totals">
      <Text fw={600} size="sm" mb={4}>
        {t('totals.title')}
      </Text>
      <Table withTableBorder maw={520}>
        <Table.Tbody>
          {byRate.map((r) => (
            <Table.Tr key={r.taxCategory} data-testid="doc-rate-row" data-rate={r.rate} data-category={r.taxCategory}>
              <Table.Td>
                {r.taxCategory === 'exempt' ? t('totals.exempt') : t('totals.rateLabel', { rate: r.rate })}
                {r.taxCategory === 'reduced' ? ` ${t('reducedMark')}` : ''}
              </Table.Td>
              <Table.Td ta="right" className="daifuku-nowrap" data-testid="doc-rate-subtotal">
                {money(r.subtotal)}
              </Table.Td>
              <Table.Td ta="right" className="daifuku-nowrap">
                {r.taxCategory === 'exempt' ? '—' : `${t('totals.taxOf', { rate: r.rate })} `}
                {r.taxCategory === 'exempt' ? null : <span data-testid="doc-rate-tax">{money(r.tax)}</span>}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>{t('totals.subtotal')}</Table.Td>
            <Table.Td ta="right" colSpan={2} data-testid="doc-subtotal">
              {money(subtotal)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('totals.tax')}</Table.Td>
            <Table.Td ta="right" colSpan={2} data-testid="doc-tax-total">
              {money(taxTotal)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td fw={700}>{t('totals.total')}</Table.Td>
            <Table.Td ta="right" colSpan={2} fw={700} data-testid="doc-total">
              {money(total)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {roundingMode ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('totals.rounding', { mode: t(`rounding.${roundingMode}`) })}
        </Text>
      ) : null}
    </div>
  )
}
