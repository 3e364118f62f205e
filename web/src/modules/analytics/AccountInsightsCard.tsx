/**
 * The account page's insight card: churn risk with its top reasons (when the model has scored the
 * account) and the next best actions, each with why. Shown to roles that may read analytics.
 */
import { Anchor, Badge, Card, Divider, Group, List, RingProgress, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconBulb, IconCalendarDue, IconFileCertificate, IconPhoneCall, IconShoppingCartPlus, IconMessageCircle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { currentLocale } from '../../i18n/index.ts'
import { type NextBestAction, useChurnScore, useNextBestActions } from './predictive-api.ts'

const LEVEL_COLOR = { high: 'red', medium: 'orange', low: 'teal' } as const
const KIND_ICON = {
  follow_up_task: IconCalendarDue,
  renew_contract: IconFileCertificate,
  win_back: IconPhoneCall,
  reengage: IconMessageCircle,
  cross_sell: IconShoppingCartPlus,
} as const

function targetLink(action: NextBestAction): string | null {
  if (!action.target) return null
  if (action.target.type === 'contracts') return `/contracts/${action.target.id}`
  return null
}

export function AccountInsightsCard({ accountId }: { accountId: string }) {
  const canRead = useCan('analytics', 'read')
  if (!canRead) return null
  return <Insights accountId={accountId} />
}

function Insights({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation('analytics')
  const locale = currentLocale(i18n.language)
  const churn = useChurnScore(accountId, true)
  const actions = useNextBestActions(accountId)
  const score = churn.data
  // A fitted probability is never certain: show at most 99%.
  const percent = score ? Math.min(99, Math.round(score.risk * 100)) : 0
  const list = actions.data?.data ?? []
  return (
    <Card padding="lg" data-testid="account-insights">
      <Group gap="xs" mb="md">
        <ThemeIcon variant="light" color="grape" size="sm">
          <IconBulb size={14} />
        </ThemeIcon>
        <Title order={5}>{t('insights.title')}</Title>
      </Group>
      <Stack gap="md">
        {score ? (
          <Group align="flex-start" wrap="nowrap" gap="md" data-testid="account-churn">
            <RingProgress
              size={84}
              thickness={8}
              roundCaps
              sections={[{ value: percent, color: LEVEL_COLOR[score.level] }]}
              label={
                <Text ta="center" fw={700} size="sm" data-testid="account-churn-risk">
                  {percent}%
                </Text>
              }
            />
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {t('insights.churnRisk')}
                </Text>
                <Badge color={LEVEL_COLOR[score.level]} variant="light" data-testid="account-churn-level">
                  {t(`insights.levels.${score.level}`)}
                </Badge>
              </Group>
              {score.reasons.length > 0 ? (
                <List size="sm" spacing={2} data-testid="account-churn-reasons">
                  {score.reasons.map((r) => (
                    <List.Item key={r.feature}>{r.text[locale]}</List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('insights.noReasons')}
                </Text>
              )}
            </Stack>
          </Group>
        ) : churn.isPending ? null : (
          <Text size="sm" c="dimmed" data-testid="account-churn-none">
            {t('insights.noScore')}
          </Text>
        )}
        <Divider />
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('insights.nextActions')}
          </Text>
          {actions.isPending ? null : list.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="account-nba-empty">
              {t('insights.noActions')}
            </Text>
          ) : (
            <Stack gap="sm" data-testid="account-nba">
              {list.map((action, i) => {
                const Icon = KIND_ICON[action.kind]
                const link = targetLink(action)
                return (
                  <Group key={`${action.kind}-${i}`} align="flex-start" wrap="nowrap" gap="sm" data-testid="account-nba-item" data-kind={action.kind}>
                    <ThemeIcon variant="light" size="md" radius="xl">
                      <Icon size={16} />
                    </ThemeIcon>
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      {link ? (
                        <Anchor component={Link} to={link} size="sm" fw={600}>
                          {action.title[locale]}
                        </Anchor>
                      ) : (
                        <Text size="sm" fw={600}>
                          {action.title[locale]}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {action.reason[locale]}
                      </Text>
                    </Stack>
                  </Group>
                )
              })}
            </Stack>
          )}
        </Stack>
      </Stack>
    </Card>
  )
}
