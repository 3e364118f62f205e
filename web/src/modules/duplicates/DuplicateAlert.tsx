/**
 * "This may already be registered": a non-blocking notice under a create form. The probe is debounced and checked
 * with the 名寄せ engine (GET /duplicates/check); each match links to the existing record in a new tab, so the
 * half-filled form is not lost.
 */
import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconCopy } from '@tabler/icons-react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { useAccount } from '../accounts/api.ts'
import { type DuplicateProbe, type DuplicateType, useDuplicateCheck } from './api.ts'
import { LEVEL_COLOR } from './levels.ts'

/** `companyAccountId`: the company picked on a contact form; its name counts as the person's company. */
export function DuplicateAlert({ type, probe, companyAccountId }: { type: DuplicateType; probe: DuplicateProbe; companyAccountId?: string }) {
  const { t } = useTranslation('duplicates')
  const canRead = useCan(type, 'read')
  const company = useAccount(companyAccountId ?? '')
  // Debounced as text: a fresh object every render would restart the timer for ever.
  const [debouncedKey] = useDebouncedValue(JSON.stringify({ ...probe, company: probe.company ?? company.data?.name }), 400)
  const debounced = useMemo(() => JSON.parse(debouncedKey) as DuplicateProbe, [debouncedKey])
  const check = useDuplicateCheck(type, debounced, canRead)
  const matches = check.data ?? []
  if (matches.length === 0) return null
  return (
    <Alert color="yellow" variant="light" icon={<IconCopy size={18} />} title={t('alert.title')} mb="md" data-testid="duplicate-alert">
      <Text size="sm" mb="xs">
        {t('alert.body')}
      </Text>
      <Stack gap={4}>
        {matches.slice(0, 5).map((match) => (
          <Group key={match.id} gap="xs" wrap="wrap" data-testid="duplicate-alert-match">
            <Anchor href={`/${type}/${match.id}`} target="_blank" rel="noopener" fw={600} size="sm">
              {match.name || '—'}
            </Anchor>
            <Badge size="sm" variant="light" color={LEVEL_COLOR[match.level]}>
              {t(`levels.${match.level}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {match.reasons.map((r) => t(`reasons.${r}`)).join('・')}
            </Text>
          </Group>
        ))}
      </Stack>
    </Alert>
  )
}
