/** リード設定: web forms (with the embed snippet), scoring rules and assignment rules, one tab each. */
import { Alert, Anchor, Group, Tabs } from '@mantine/core'
import { IconArrowLeft, IconForms, IconRoute, IconStar } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { AssignmentRulesPanel } from './AssignmentRulesPanel.tsx'
import { ScoringRulesPanel } from './ScoringRulesPanel.tsx'
import { WebFormsPanel } from './WebFormsPanel.tsx'

const TABS = ['forms', 'scoring', 'assignment'] as const

export default function LeadSettingsPage() {
  const { t } = useTranslation('leads')
  const canEdit = useCan('leadSettings', 'update')
  const [params, setParams] = useSearchParams()
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'forms'
  return (
    <>
      <PageHeader
        title={t('settings.title')}
        description={t('settings.description')}
        back={
          <Anchor component={Link} to="/leads" size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t('backToList')}
            </Group>
          </Anchor>
        }
      />
      {!canEdit ? (
        <Alert color="gray" variant="light" mb="md">
          {t('settings.readOnlyHint')}
        </Alert>
      ) : null}
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'forms' }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="forms" leftSection={<IconForms size={16} />} data-testid="lead-settings-tab-forms">
            {t('settings.tabs.forms')}
          </Tabs.Tab>
          <Tabs.Tab value="scoring" leftSection={<IconStar size={16} />} data-testid="lead-settings-tab-scoring">
            {t('settings.tabs.scoring')}
          </Tabs.Tab>
          <Tabs.Tab value="assignment" leftSection={<IconRoute size={16} />} data-testid="lead-settings-tab-assignment">
            {t('settings.tabs.assignment')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="forms">
          <WebFormsPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="scoring">
          <ScoringRulesPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="assignment">
          <AssignmentRulesPanel canEdit={canEdit} />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
