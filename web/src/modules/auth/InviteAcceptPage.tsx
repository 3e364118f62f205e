/** /invite?token=…: shows the organization and email from the preview, asks for name + password. */
import { Alert, Button, PasswordInput, Stack, Table, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertCircle } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { api } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useSetSession } from '../../auth/session.tsx'
import { errorMessage, formErrors } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { AuthLayout } from './AuthLayout.tsx'

interface InvitationPreview {
  email: string
  tenantName: string
}

export default function InviteAcceptPage() {
  const { t } = useTranslation('auth')
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => api.get<InvitationPreview>(`/api/v1/invitations/${encodeURIComponent(token)}/preview`, undefined, { expectUnauthenticated: true }),
    enabled: token !== '',
    retry: false,
  })

  if (!token || preview.isError) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="invite-invalid">
          {token ? t('invite.invalid') : t('invite.missingToken')}
        </Alert>
      </AuthLayout>
    )
  }
  if (!preview.data) return <CenteredLoader />
  return <AcceptForm token={token} preview={preview.data} />
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useTranslation('auth')
  const setSession = useSetSession()
  const navigate = useNavigate()
  const [error, setError] = useState<unknown>(null)
  const [submitting, setSubmitting] = useState(false)
  const form = useForm({
    initialValues: { name: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('invite.nameRequired')),
      password: (v) => (v.length >= 10 ? null : t('common:fieldErrors.minChars', { count: 10 })),
    },
  })
  const submit = form.onSubmit(async (values) => {
    setSubmitting(true)
    setError(null)
    try {
      const session = await api.post<Session>('/api/v1/invitations/accept', { token, name: values.name.trim(), password: values.password }, { expectUnauthenticated: true })
      setSession(session)
      void navigate('/', { replace: true })
    } catch (err) {
      const fields = formErrors(err, t)
      if (Object.keys(fields).length > 0) form.setErrors(fields)
      else setError(err)
    } finally {
      setSubmitting(false)
    }
  })

  return (
    <AuthLayout title={t('invite.title')} subtitle={t('invite.subtitle', { tenant: preview.tenantName })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="invite-error">
              {errorMessage(error, t)}
            </Alert>
          ) : null}
          <Table withTableBorder variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={120}>{t('invite.tenant')}</Table.Th>
                <Table.Td data-testid="invite-tenant">{preview.tenantName}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('invite.email')}</Table.Th>
                <Table.Td data-testid="invite-email" style={{ wordBreak: 'break-all' }}>
                  {preview.email}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <TextInput label={t('invite.name')} placeholder={t('invite.namePlaceholder')} autoComplete="name" autoFocus data-testid="invite-name" {...form.getInputProps('name')} />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint')}
            autoComplete="new-password"
            data-testid="invite-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" fullWidth size="md" loading={submitting} data-testid="invite-submit">
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
