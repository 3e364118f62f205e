/** The renew dialog (更新) and the manual status changes (有効化・満了・解約) of a contract. */
import { Button, Group, Menu, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconRefresh } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { formatDay } from '../deals/api.ts'
import { type Contract, MANUAL_TRANSITIONS, RENEWABLE, useChangeContractStatus, useRenewContract } from './api.ts'

/** The next period as the server computes it: from the day after the end date to the end date + N months (clamped to month end, as PostgreSQL does). */
function nextPeriod(endDate: string, months: number): { start: string; end: string } {
  const [y, m, d] = endDate.split('-').map(Number) as [number, number, number]
  const start = new Date(Date.UTC(y, m - 1, d + 1))
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  const end = new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)))
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) }
}

export function RenewContractButton({ contract }: { contract: Contract }) {
  const { t, i18n } = useTranslation('contracts')
  const renew = useRenewContract(contract.id)
  const [open, setOpen] = useState(false)
  const [months, setMonths] = useState<number | string>(contract.renewalTermMonths ?? 12)
  const [note, setNote] = useState('')
  if (!RENEWABLE.includes(contract.status)) return null
  const preview = contract.endDate && Number(months) > 0 ? nextPeriod(contract.endDate, Number(months)) : null

  const submit = () =>
    renew.mutate(
      { termMonths: Number(months) || undefined, note: note.trim() || null },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('renewed', { end: formatDay(saved.endDate, i18n.language) }) })
          setOpen(false)
          setNote('')
        },
      },
    )

  return (
    <>
      <Button leftSection={<IconRefresh size={16} />} onClick={() => setOpen(true)} data-testid="contract-renew">
        {t('renew.action')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('renew.title')} data-testid="contract-renew-dialog">
        <Stack>
          <ErrorAlert error={renew.error} testId="contract-renew-error" />
          <Text size="sm">{t('renew.explain')}</Text>
          <NumberInput label={t('renew.termMonths')} min={1} max={120} allowDecimal={false} suffix={t('monthsSuffix')} value={months} onChange={setMonths} data-testid="contract-renew-months" />
          {preview ? (
            <Text size="sm" c="dimmed" data-testid="contract-renew-preview">
              {t('renew.preview', { start: formatDay(preview.start, i18n.language), end: formatDay(preview.end, i18n.language) })}
            </Text>
          ) : null}
          <Textarea label={t('renew.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="contract-renew-note" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common:actions.cancel')}
            </Button>
            <Button onClick={submit} loading={renew.isPending} data-testid="contract-renew-confirm">
              {t('renew.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}

export function ContractStatusMenu({ contract }: { contract: Contract }) {
  const { t } = useTranslation('contracts')
  const change = useChangeContractStatus(contract.id)
  const targets = MANUAL_TRANSITIONS[contract.status]
  if (targets.length === 0) return null
  const run = (status: (typeof targets)[number]) =>
    change.mutate(
      { status },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('statusChanged', { status: t(`status.${status}`) }) }),
        onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
      },
    )
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" rightSection={<IconChevronDown size={14} />} loading={change.isPending} data-testid="contract-status-menu">
          {t('changeStatus')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {targets.map((s) => (
          <Menu.Item key={s} color={s === 'cancelled' ? 'red' : undefined} onClick={() => run(s)} data-testid={`contract-status-${s}`}>
            {t(`transition.${s}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
