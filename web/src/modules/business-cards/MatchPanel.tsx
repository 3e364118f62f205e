/** The 名刺 side panel: companies and people already on file that match the card, and what saving will do with them. */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core'
import { IconBuilding, IconUser } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { DuplicateMatch } from '../duplicates/api.ts'
import { LEVEL_COLOR } from '../duplicates/levels.ts'
import type { CompanyChoice } from './cardValues.ts'

interface Props {
  companyName: string
  company: CompanyChoice
  companyMatches: DuplicateMatch[]
  onCompany: (choice: CompanyChoice | null) => void
  contact: { id: string; name: string } | null
  personMatches: DuplicateMatch[]
  onContact: (choice: { id: string; name: string } | null) => void
}

function MatchRow({ match, href, action }: { match: DuplicateMatch; href: string; action: ReactNode }) {
  const { t } = useTranslation('duplicates')
  return (
    <Stack gap={4} py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} data-testid="card-match">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Anchor href={href} target="_blank" rel="noopener" fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {match.name || '—'}
        </Anchor>
        <Badge size="sm" variant="light" color={LEVEL_COLOR[match.level]} style={{ flexShrink: 0 }}>
          {t(`levels.${match.level}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {match.reasons.map((r) => t(`reasons.${r}`)).join('・')}
      </Text>
      {action}
    </Stack>
  )
}

export function MatchPanel({ companyName, company, companyMatches, onCompany, contact, personMatches, onContact }: Props) {
  const { t } = useTranslation('businessCards')
  const companySummary =
    company.kind === 'link'
      ? t('matches.linkedCompany', { name: company.name })
      : company.kind === 'new'
        ? t('matches.creatingCompany', { name: companyName })
        : t('matches.noCompanyEntered')
  return (
    <Stack gap="md" data-testid="card-matches">
      <Text size="sm" c="dimmed">
        {t('matches.hint')}
      </Text>
      <Card withBorder padding="md">
        <Group gap={6} mb="xs">
          <IconBuilding size={16} />
          <Text fw={700} size="sm">
            {t('matches.company')}
          </Text>
        </Group>
        <Alert color={company.kind === 'link' ? 'teal' : 'gray'} variant="light" py={6} mb="xs" data-testid="card-company-decision" data-kind={company.kind}>
          <Text size="sm">{companySummary}</Text>
        </Alert>
        {companyName && companyMatches.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('matches.noCompany')}
          </Text>
        ) : null}
        {companyMatches.slice(0, 5).map((match) => (
          <MatchRow
            key={match.id}
            match={match}
            href={`/accounts/${match.id}`}
            action={
              company.kind === 'link' && company.id === match.id ? (
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onCompany({ kind: 'new' })} data-testid="card-company-new">
                  {t('matches.newCompany')}
                </Button>
              ) : (
                <Button size="compact-xs" variant="light" onClick={() => onCompany({ kind: 'link', id: match.id, name: match.name })} data-testid="card-company-link">
                  {t('matches.linkCompany')}
                </Button>
              )
            }
          />
        ))}
      </Card>
      <Card withBorder padding="md">
        <Group gap={6} mb="xs">
          <IconUser size={16} />
          <Text fw={700} size="sm">
            {t('matches.person')}
          </Text>
        </Group>
        <Alert color={contact ? 'teal' : 'gray'} variant="light" py={6} mb="xs" data-testid="card-person-decision" data-kind={contact ? 'update' : 'new'}>
          <Text size="sm">{contact ? t('matches.updatingPerson', { name: contact.name }) : t('matches.creatingPerson')}</Text>
        </Alert>
        {personMatches.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('matches.noPerson')}
          </Text>
        ) : null}
        {personMatches.slice(0, 5).map((match) => (
          <MatchRow
            key={match.id}
            match={match}
            href={`/contacts/${match.id}`}
            action={
              contact?.id === match.id ? (
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onContact(null)} data-testid="card-person-new">
                  {t('matches.newPerson')}
                </Button>
              ) : (
                <Button size="compact-xs" variant="light" onClick={() => onContact({ id: match.id, name: match.name })} data-testid="card-person-update">
                  {t('matches.updatePerson')}
                </Button>
              )
            }
          />
        ))}
      </Card>
    </Stack>
  )
}
