/** "Add to dashboard": pick one of the dashboards you may change (or make a new one) and a widget type. */
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type ChartType, useAddWidget, useCreateDashboard, useDashboards, type WidgetType } from './api.ts'

const TYPES: WidgetType[] = ['kpi', 'bar', 'line', 'pie', 'funnel', 'table', 'leaderboard']
const NEW = '__new__'

export function AddToDashboardModal({ reportId, defaultTitle, chartType, onClose }: { reportId: string; defaultTitle: string; chartType: ChartType; onClose: () => void }) {
  const { t } = useTranslation('reports')
  const navigate = useNavigate()
  const dashboards = useDashboards()
  const create = useCreateDashboard()
  const add = useAddWidget()
  const editable = (dashboards.data?.data ?? []).filter((d) => d.canEdit)
  const [dashboardId, setDashboardId] = useState<string | null>(null)
  const [newName, setNewName] = useState(t('myDashboard'))
  const [title, setTitle] = useState(defaultTitle)
  const [type, setType] = useState<WidgetType>(chartType)
  const target = dashboardId ?? (editable[0]?.id ?? NEW)

  const submit = async () => {
    const id = target === NEW ? (await create.mutateAsync({ name: newName.trim() || t('myDashboard') })).id : target
    await add.mutateAsync({ dashboardId: id, reportId, type, title: title.trim() || defaultTitle })
    notifications.show({ color: 'teal', message: t('addedToDashboard') })
    onClose()
    void navigate(`/dashboards?id=${id}`)
  }

  return (
    <Modal opened onClose={onClose} title={t('addToDashboard')} data-testid="add-to-dashboard-modal">
      <Stack>
        <Select
          label={t('dashboard')}
          data={[...editable.map((d) => ({ value: d.id, label: d.name })), { value: NEW, label: t('newDashboard') }]}
          value={target}
          onChange={(value) => setDashboardId(value)}
          allowDeselect={false}
          data-testid="add-to-dashboard-select"
        />
        {target === NEW ? <TextInput label={t('dashboardName')} value={newName} onChange={(e) => setNewName(e.currentTarget.value)} data-testid="add-to-dashboard-name" /> : null}
        <TextInput label={t('widgetTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="add-to-dashboard-title" />
        <Select label={t('widgetType')} data={TYPES.map((w) => ({ value: w, label: t(`charts.${w}`) }))} value={type} onChange={(w) => w && setType(w as WidgetType)} allowDeselect={false} data-testid="add-to-dashboard-type" />
        <ErrorAlert error={create.error ?? add.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button onClick={() => void submit().catch(() => undefined)} loading={create.isPending || add.isPending} data-testid="add-to-dashboard-submit">
            {t('add')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
