/** Web forms: list with the public page link and the embed snippet; create/edit in a modal. */
import { ActionIcon, Anchor, Badge, Button, Card, Checkbox, Code, CopyButton, Group, Modal, Select, Stack, Switch, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconCopy, IconExternalLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { errorMessage } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { LEAD_PROFILE_KEYS, type LeadProfileKey, type WebForm, useDeleteWebForm, useMemberOptions, useSaveWebForm, useWebForms } from './api.ts'

export function publicFormUrl(form: Pick<WebForm, 'publicKey'>): string {
  return `${window.location.origin}/forms/${form.publicKey}`
}

/** An iframe of the hosted page: works on any site without scripts or CORS. */
export function embedSnippet(form: Pick<WebForm, 'publicKey' | 'name'>): string {
  const title = form.name.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  return `<iframe src="${publicFormUrl(form)}?embed=1" title="${title}" style="width:100%;max-width:560px;height:760px;border:0" loading="lazy"></iframe>`
}

function Copy({ value, testId }: { value: string; testId: string }) {
  const { t } = useTranslation('leads')
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('forms.copied') : t('forms.copy')}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('forms.copy')} data-testid={testId}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

export function WebFormsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('leads')
  const forms = useWebForms()
  const remove = useDeleteWebForm()
  const [editing, setEditing] = useState<WebForm | 'new' | null>(null)
  if (forms.isPending) return <CenteredLoader />
  return (
    <Stack gap="md">
      <ErrorAlert error={forms.error} />
      {canEdit ? (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="lead-form-new">
            {t('forms.new')}
          </Button>
        </Group>
      ) : null}
      {(forms.data ?? []).length === 0 ? <EmptyState message={t('forms.empty')} /> : null}
      {(forms.data ?? []).map((form) => (
        <Card key={form.id} padding="lg" data-testid="lead-form-card">
          <Group justify="space-between" wrap="wrap" mb="sm">
            <Group gap="xs">
              <Text fw={600} data-testid="lead-form-name">
                {form.name}
              </Text>
              <Badge color={form.isActive ? 'teal' : 'gray'} variant="light">
                {form.isActive ? t('forms.active') : t('forms.inactive')}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('forms.submissions', { count: form.submissionCount })}
              </Text>
            </Group>
            {canEdit ? (
              <Group gap={4}>
                <ActionIcon variant="subtle" onClick={() => setEditing(form)} aria-label={t('common:actions.edit')} data-testid="lead-form-edit">
                  <IconPencil size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('common:actions.delete')}
                  onClick={() =>
                    remove.mutate(form.id, {
                      onSuccess: () => notifications.show({ color: 'teal', message: t('forms.deleted', { name: form.name }) }),
                      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
                    })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ) : null}
          </Group>
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" fw={600} miw={96}>
                {t('forms.publicUrl')}
              </Text>
              <Anchor href={publicFormUrl(form)} target="_blank" rel="noopener" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="lead-form-public-url">
                {publicFormUrl(form)} <IconExternalLink size={12} />
              </Anchor>
              <Copy value={publicFormUrl(form)} testId="lead-form-copy-url" />
            </Group>
            <Text size="xs" c="dimmed" fw={600}>
              {t('forms.snippet')}
            </Text>
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="lead-form-snippet">
                {embedSnippet(form)}
              </Code>
              <Copy value={embedSnippet(form)} testId="lead-form-copy-snippet" />
            </Group>
            <Text size="xs" c="dimmed">
              {t('forms.snippetHelp')}
            </Text>
          </Stack>
        </Card>
      ))}
      {editing ? <WebFormModal form={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  )
}

function WebFormModal({ form, onClose }: { form?: WebForm; onClose(): void }) {
  const { t } = useTranslation('leads')
  const save = useSaveWebForm(form?.id)
  const members = useMemberOptions()
  const [name, setName] = useState(form?.name ?? '')
  const [fields, setFields] = useState<Map<LeadProfileKey, boolean>>(
    new Map(form ? form.fields.map((f) => [f.key, f.required]) : [['familyName', true], ['givenName', true], ['companyName', true], ['email', true], ['phone', false], ['message', false]]),
  )
  const [thankYou, setThankYou] = useState(form?.thankYouMessage ?? '')
  const [ownerId, setOwnerId] = useState<string | null>(form?.ownerId ?? null)
  const [isActive, setIsActive] = useState(form?.isActive ?? true)

  const toggle = (key: LeadProfileKey, on: boolean) => {
    const next = new Map(fields)
    if (on) next.set(key, false)
    else next.delete(key)
    setFields(next)
  }
  const submit = () =>
    save.mutate(
      {
        name: name.trim(),
        // Keep the canonical field order, whatever order they were ticked in.
        fields: LEAD_PROFILE_KEYS.filter((k) => fields.has(k)).map((key) => ({ key, required: fields.get(key)! })),
        thankYouMessage: thankYou.trim() || null,
        ownerId,
        isActive,
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('forms.saved', { name: saved.name }) })
          onClose()
        },
      },
    )

  return (
    <Modal opened onClose={onClose} title={t(form ? 'forms.editTitle' : 'forms.newTitle')} size="lg">
      <Stack gap="sm">
        <ErrorAlert error={save.error} />
        <TextInput label={t('forms.name')} placeholder={t('forms.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-testid="lead-form-input-name" />
        <Text size="sm" fw={500}>
          {t('forms.fields')}
        </Text>
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {LEAD_PROFILE_KEYS.map((key) => (
              <Table.Tr key={key}>
                <Table.Td>
                  <Checkbox label={t(`fields.${key}`)} checked={fields.has(key)} onChange={(e) => toggle(key, e.currentTarget.checked)} data-testid={`lead-form-field-${key}`} />
                </Table.Td>
                <Table.Td>
                  <Switch
                    size="xs"
                    label={t('forms.required')}
                    disabled={!fields.has(key)}
                    checked={fields.get(key) ?? false}
                    onChange={(e) => setFields(new Map(fields).set(key, e.currentTarget.checked))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Textarea label={t('forms.thankYou')} placeholder={t('forms.thankYouPlaceholder')} autosize minRows={2} value={thankYou} onChange={(e) => setThankYou(e.currentTarget.value)} />
        <Select
          label={t('forms.owner')}
          placeholder={t('ownerAuto')}
          data={(members.data ?? []).filter((m) => m.status !== 'disabled').map((m) => ({ value: m.id, label: m.name }))}
          value={ownerId}
          onChange={setOwnerId}
          searchable
          clearable
          data-testid="lead-form-input-owner"
        />
        <Switch label={t('forms.active')} checked={isActive} onChange={(e) => setIsActive(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!name.trim() || fields.size === 0} data-testid="lead-form-save">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
