/** 担当者詳細: profile, phones/emails/addresses, companies with employment history, "move to a new company". */
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPencil, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan, useFieldRules } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { BackLink } from '../../components/BackLink.tsx'
import { DetailField } from '../../components/DetailField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx'
import { Customer360Panel } from '../customer-360/Customer360Panel.tsx'
import { type Contact, type ContactAddress, useContact, useDeleteContact } from './api.ts'
import { ContactCompanies } from './ContactCompanies.tsx'
import { CustomFieldValues } from '../custom-fields/CustomFieldValues.tsx'
import { DocumentsPanel } from '../documents/DocumentsPanel.tsx'
import { kanaOf } from './ContactListPage.tsx'

/** Japanese order (〒 → 都道府県 → 市区町村 → 番地 → 建物) for JP; line1, line2, city region postcode, country otherwise. */
export function addressLines(a: ContactAddress): string[] {
  if (a.country === 'JP') {
    return [a.postalCode ? `〒${a.postalCode}` : '', [a.prefecture, a.city, a.street].filter(Boolean).join(''), a.building ?? ''].filter(Boolean)
  }
  return [a.line1 ?? '', a.line2 ?? '', [a.city, a.region, a.postalCode].filter(Boolean).join(' '), a.country].filter(Boolean)
}

export default function ContactDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('contacts')
  const contact = useContact(id)
  const back = <BackLink to="/contacts" label={t('backToList')} />
  if (contact.isPending) return <CenteredLoader />
  if (contact.error)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorAlert error={contact.error} />
      </>
    )
  return <ContactDetail contact={contact.data} back={back} />
}

function ContactDetail({ contact, back }: { contact: Contact; back: ReactNode }) {
  const { t } = useTranslation('contacts')
  const format = useFormat()
  const navigate = useNavigate()
  const rule = useFieldRules('contacts')
  const canUpdate = useCan('contacts', 'update')
  const canDelete = useCan('contacts', 'delete')
  const remove = useDeleteContact()
  const [confirming, confirm] = useDisclosure()
  const shown = (field: keyof Contact) => rule(field) !== 'hidden' && field in contact
  const dash = (v: string | null | undefined) => (v ? v : '—')
  const date = (v: string | null | undefined) => (v ? v.replaceAll('-', '/') : '—')

  const doDelete = async () => {
    try {
      await remove.mutateAsync(contact.id)
      notifications.show({ color: 'teal', message: t('deleted', { name: contact.displayName ?? '' }) })
      void navigate('/contacts', { replace: true })
    } catch (error) {
      confirm.close()
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  const flags = (['doNotEmail', 'doNotCall', 'doNotMail'] as const).filter((f) => shown(f) && contact[f])

  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="contact-title">{contact.displayName ?? '—'}</span>}
        description={
          <Group gap="xs">
            {kanaOf(contact) ? <span data-testid="contact-kana">{kanaOf(contact)}</span> : null}
            {contact.primaryAccount ? (
              <Anchor component={Link} to={`/accounts/${contact.primaryAccount.id}`} size="sm" data-testid="contact-primary-account">
                {contact.primaryAccount.name}
              </Anchor>
            ) : null}
            {contact.title ? <span>{contact.title}</span> : null}
          </Group>
        }
        actions={
          <>
            {canUpdate ? (
              <Button component={Link} to={`/contacts/${contact.id}/edit`} variant="default" leftSection={<IconPencil size={16} />} data-testid="contact-edit">
                {t('common:actions.edit')}
              </Button>
            ) : null}
            {canDelete ? (
              <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirm.open} data-testid="contact-delete">
                {t('common:actions.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card padding="lg">
            <Title order={5} mb="md">
              {t('sections.work')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
              {shown('department') ? <DetailField label={t('fields.department')} testId="contact-department">{dash(contact.department)}</DetailField> : null}
              {shown('title') ? <DetailField label={t('fields.title')} testId="contact-title-field">{dash(contact.title)}</DetailField> : null}
              {shown('occupation') ? <DetailField label={t('fields.occupation')} testId="contact-occupation">{dash(contact.occupation)}</DetailField> : null}
              {shown('ownerId') ? <DetailField label={t('fields.ownerId')} testId="contact-ownerId">{contact.ownerName ?? t('noOwner')}</DetailField> : null}
              {shown('birthday') ? <DetailField label={t('fields.birthday')} testId="contact-birthday">{date(contact.birthday)}</DetailField> : null}
              {shown('anniversary') ? <DetailField label={t('fields.anniversary')} testId="contact-anniversary">{date(contact.anniversary)}</DetailField> : null}
              {shown('tags') ? (
                <DetailField label={t('fields.tags')} testId="contact-tags">
                  {contact.tags && contact.tags.length > 0 ? (
                    <Group gap={4}>
                      {contact.tags.map((tag) => (
                        <Badge key={tag} variant="light" component={Link} to={`/contacts?tag=${encodeURIComponent(tag)}`} style={{ cursor: 'pointer' }}>
                          {tag}
                        </Badge>
                      ))}
                    </Group>
                  ) : (
                    '—'
                  )}
                </DetailField>
              ) : null}
            </SimpleGrid>
          </Card>
          <Card padding="lg">
            <Title order={5} mb="md">
              {t('sections.preferences')}
            </Title>
            <Stack gap="md">
              {shown('emails') ? (
                <DetailField label={t('fields.emails')} testId="contact-emails">
                  {contact.emails && contact.emails.length > 0
                    ? contact.emails.map((e) => (
                        <Group key={e.address} gap={6} wrap="nowrap">
                          <Anchor href={`mailto:${e.address}`} size="sm">
                            {e.address}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {t(`types.${e.type}`)}
                          </Text>
                          {e.primary && contact.emails!.length > 1 ? <Badge size="xs">{t('list.primary')}</Badge> : null}
                        </Group>
                      ))
                    : '—'}
                </DetailField>
              ) : null}
              {shown('phones') ? (
                <DetailField label={t('fields.phones')} testId="contact-phones">
                  {contact.phones && contact.phones.length > 0
                    ? contact.phones.map((p, i) => (
                        <Group key={`${p.number}-${i}`} gap={6} wrap="nowrap">
                          <Anchor href={`tel:${p.number}`} size="sm" className="daifuku-nowrap">
                            {p.number}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {t(`types.${p.type}`)}
                          </Text>
                          {p.primary && contact.phones!.length > 1 ? <Badge size="xs">{t('list.primary')}</Badge> : null}
                        </Group>
                      ))
                    : '—'}
                </DetailField>
              ) : null}
              {shown('preferredChannel') ? (
                <DetailField label={t('fields.preferredChannel')} testId="contact-preferredChannel">
                  {contact.preferredChannel ? t(`channels.${contact.preferredChannel}`) : t('preferences.none')}
                </DetailField>
              ) : null}
              {flags.length > 0 ? (
                <Group gap={6} data-testid="contact-do-not">
                  {flags.map((f) => (
                    <Badge key={f} color="red" variant="light">
                      {t(`fields.${f}`)}
                    </Badge>
                  ))}
                </Group>
              ) : null}
            </Stack>
          </Card>
        </SimpleGrid>
        {shown('addresses') ? (
          <Card padding="lg">
            <Title order={5} mb="md">
              {t('sections.addresses')}
            </Title>
            {contact.addresses && contact.addresses.length > 0 ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" data-testid="contact-addresses">
                {contact.addresses.map((a, i) => (
                  <Stack key={i} gap={2} data-testid="contact-address">
                    <Group gap={6}>
                      <Text size="xs" c="dimmed" fw={600}>
                        {t(`types.${a.type}`)}
                      </Text>
                      {a.primary && contact.addresses!.length > 1 ? <Badge size="xs">{t('list.primary')}</Badge> : null}
                    </Group>
                    {addressLines(a).map((line) => (
                      <Text key={line} size="sm">
                        {line}
                      </Text>
                    ))}
                  </Stack>
                ))}
              </SimpleGrid>
            ) : (
              <Text size="sm" c="dimmed">
                {t('list.none')}
              </Text>
            )}
          </Card>
        ) : null}
        <CustomFieldValues object="contacts" values={contact.custom} />
        <ContactCompanies contact={contact} />
        <Customer360Panel type="contacts" id={contact.id} />
        {shown('notes') ? (
          <Card padding="lg">
            <Title order={5} mb="sm">
              {t('sections.notes')}
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="contact-notes">
              {contact.notes || '—'}
            </Text>
          </Card>
        ) : null}
        <DocumentsPanel recordType="contact" recordId={contact.id} />
        <ActivityTimeline contactId={contact.id} />
        <Group gap="xl" c="dimmed">
          <Text size="xs">
            {t('fields.createdAt')}: {format.dateTime(contact.createdAt)}
          </Text>
          <Text size="xs">
            {t('fields.updatedAt')}: {format.dateTime(contact.updatedAt)}
          </Text>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: contact.displayName ?? '' })}
        loading={remove.isPending}
        onConfirm={() => void doDelete()}
        onClose={confirm.close}
      />
    </>
  )
}
