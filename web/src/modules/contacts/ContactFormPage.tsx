/** Create (/contacts/new, optionally ?accountId=) or edit (/contacts/:id/edit) a contact; API field errors land on the fields. */
import { Anchor, Button, Group } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ApiError } from '../../api/client.ts'
import { useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { localizeFieldMessage } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type Contact, useContact, useSaveContact } from './api.ts'
import { ContactInputs, toFormValues, toWrite, validateContact } from './ContactInputs.tsx'
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs.tsx'
import { useCustomFieldValues } from '../custom-fields/useCustomFieldValues.ts'
import { DuplicateAlert } from '../duplicates/DuplicateAlert.tsx'

export default function ContactFormPage() {
  const { id } = useParams()
  const contact = useContact(id ?? '')
  if (!id) return <ContactForm />
  if (contact.isPending) return <CenteredLoader />
  if (contact.error) return <ErrorAlert error={contact.error} />
  return <ContactForm contact={contact.data} />
}

function ContactForm({ contact }: { contact?: Contact }) {
  const { t } = useTranslation('contacts')
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const rule = useFieldRules('contacts')
  const save = useSaveContact(contact?.id)
  const [error, setError] = useState<unknown>(null)
  const [initial] = useState(() => ({ ...toFormValues(contact), accountId: contact ? '' : (params.get('accountId') ?? '') }))
  const form = useForm({ initialValues: initial, validate: validateContact(t) })
  const custom = useCustomFieldValues('contacts', contact?.custom, Boolean(contact))
  const cancelTo = contact ? `/contacts/${contact.id}` : '/contacts'

  const submit = form.onSubmit(async (values) => {
    setError(null)
    if (!custom.validate(t)) return
    try {
      const saved = await save.mutateAsync({ ...toWrite(values, rule, contact ? initial : undefined), ...custom.toWrite() })
      notifications.show({ color: 'teal', message: t(contact ? 'saved' : 'created', { name: saved.displayName ?? '' }) })
      void navigate(`/contacts/${saved.id}`, { replace: true })
    } catch (err) {
      // Paths like emails.1.address land on that row's input.
      if (err instanceof ApiError) {
        const fields: Record<string, string> = {}
        for (const d of err.details) if (d.path && !(d.path in fields)) fields[d.path] = localizeFieldMessage(d.message, t)
        form.setErrors(fields)
        custom.showServerErrors(err, t)
      }
      setError(err)
    }
  })

  return (
    <form onSubmit={submit} noValidate data-testid="contact-form">
      <PageHeader
        title={contact ? t('editTitle') : t('newTitle')}
        description={contact?.displayName}
        back={
          <Anchor component={Link} to={cancelTo} size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {contact ? contact.displayName : t('backToList')}
            </Group>
          </Anchor>
        }
      />
      <ErrorAlert error={error} testId="contact-form-error" />
      {contact ? null : (
        <DuplicateAlert
          type="contacts"
          companyAccountId={form.values.accountId || undefined}
          probe={{
            name: `${form.values.familyName}${form.values.givenName}`,
            kana: `${form.values.familyNameKana}${form.values.givenNameKana}`,
            email: form.values.emails[0]?.address,
            phone: form.values.phones[0]?.number,
          }}
        />
      )}
      <ContactInputs form={form} rule={rule} creating={!contact} />
      <CustomFieldInputs state={custom} />
      <Group justify="flex-end" mt="lg" mb="xl">
        <Button variant="default" component={Link} to={cancelTo}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="contact-save">
          {contact ? t('common:actions.saveChanges') : t('common:actions.create')}
        </Button>
      </Group>
    </form>
  )
}
