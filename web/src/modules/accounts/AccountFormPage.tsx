/** Create (/accounts/new) or edit (/accounts/:id/edit) an account; API field errors land on the fields. */
import { Anchor, Button, Group } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useFieldRules } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useAccount, useSaveAccount, type Account } from './api.ts'
import { AccountInputs, toFormValues, toWrite, validateAccount } from './AccountInputs.tsx'
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs.tsx'
import { useCustomFieldValues } from '../custom-fields/useCustomFieldValues.ts'
import { DuplicateAlert } from '../duplicates/DuplicateAlert.tsx'

export default function AccountFormPage() {
  const { id } = useParams()
  const account = useAccount(id ?? '')
  if (!id) return <AccountForm />
  if (account.isPending) return <CenteredLoader />
  if (account.error) return <ErrorAlert error={account.error} />
  return <AccountForm account={account.data} />
}

function AccountForm({ account }: { account?: Account }) {
  const { t } = useTranslation('accounts')
  const navigate = useNavigate()
  const rule = useFieldRules('accounts')
  const save = useSaveAccount(account?.id)
  const [error, setError] = useState<unknown>(null)
  const [initial] = useState(() => toFormValues(account))
  const form = useForm({ initialValues: initial, validate: validateAccount(t) })
  const custom = useCustomFieldValues('accounts', account?.custom, Boolean(account))
  const cancelTo = account ? `/accounts/${account.id}` : '/accounts'

  const submit = form.onSubmit(async (values) => {
    setError(null)
    if (!custom.validate(t)) return
    try {
      const saved = await save.mutateAsync({ ...toWrite(values, rule, account ? initial : undefined), ...custom.toWrite() })
      notifications.show({ color: 'teal', message: t(account ? 'saved' : 'created', { name: saved.name ?? '' }) })
      void navigate(`/accounts/${saved.id}`, { replace: true })
    } catch (err) {
      const fields = formErrors(err, t)
      form.setErrors(fields)
      custom.showServerErrors(err, t)
      setError(err)
    }
  })

  return (
    <form onSubmit={submit} noValidate data-testid="account-form">
      <PageHeader
        title={account ? t('editTitle') : t('newTitle')}
        description={account?.name}
        back={
          <Anchor component={Link} to={cancelTo} size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {account ? account.name : t('backToList')}
            </Group>
          </Anchor>
        }
      />
      <ErrorAlert error={error} testId="account-form-error" />
      {account ? null : <DuplicateAlert type="accounts" probe={{ name: String(form.values.name ?? ''), email: String(form.values.email ?? ''), phone: String(form.values.phone ?? '') }} />}
      <AccountInputs form={form} rule={rule} />
      <CustomFieldInputs state={custom} />
      <Group justify="flex-end" mt="lg" mb="xl">
        <Button variant="default" component={Link} to={cancelTo}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="account-save">
          {account ? t('common:actions.saveChanges') : t('common:actions.create')}
        </Button>
      </Group>
    </form>
  )
}
