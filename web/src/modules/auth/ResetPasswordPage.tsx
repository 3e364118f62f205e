/** /reset-password asks for an email; /reset-password?token=… sets the new password. */
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertCircle, IconCircleCheck, IconMailCheck } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { api, ApiError } from '../../api/client.ts'
import { errorMessage, formErrors } from '../../components/errors.ts'
import { AuthLayout } from './AuthLayout.tsx'

export default function ResetPasswordPage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  return token ? <ConfirmReset token={token} /> : <RequestReset />
}

function BackToSignIn() {
  const { t } = useTranslation('auth')
  return (
    <Anchor component={Link} to="/sign-in" size="sm" ta="center" data-testid="back-to-sign-in">
      {t('reset.backToSignIn')}
    </Anchor>
  )
}

function RequestReset() {
  const { t } = useTranslation('auth')
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [submitting, setSubmitting] = useState(false)
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('common:fieldErrors.email')) },
  })
  const submit = form.onSubmit(async ({ email }) => {
    setSubmitting(true)
    setError(null)
    try {
      await api.post('/api/v1/auth/password-reset', { email: email.trim() }, { expectUnauthenticated: true })
      setSent(true)
    } catch (err) {
      setError(err)
    } finally {
      setSubmitting(false)
    }
  })

  if (sent) {
    return (
      <AuthLayout title={t('reset.sentTitle')}>
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} data-testid="reset-sent">
            {t('reset.sent')}
          </Alert>
          <BackToSignIn />
        </Stack>
      </AuthLayout>
    )
  }
  return (
    <AuthLayout title={t('reset.requestTitle')} subtitle={t('reset.requestSubtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="reset-error">
              {errorMessage(error, t)}
            </Alert>
          ) : null}
          <TextInput label={t('signIn.email')} type="email" autoComplete="email" autoFocus data-testid="reset-email" {...form.getInputProps('email')} />
          <Button type="submit" fullWidth size="md" loading={submitting} data-testid="reset-submit">
            {t('reset.submitRequest')}
          </Button>
          <BackToSignIn />
        </Stack>
      </form>
    </AuthLayout>
  )
}

function ConfirmReset({ token }: { token: string }) {
  const { t } = useTranslation('auth')
  const [done, setDone] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : t('common:fieldErrors.minChars', { count: 10 })),
      repeat: (v, values) => (v === values.password ? null : t('reset.mismatch')),
    },
  })
  const submit = form.onSubmit(async ({ password }) => {
    setSubmitting(true)
    setError(null)
    try {
      await api.post('/api/v1/auth/password-reset/confirm', { token, password }, { expectUnauthenticated: true })
      setDone(true)
    } catch (err) {
      const fields = formErrors(err, t)
      if (fields.password) form.setFieldError('password', fields.password)
      else if (err instanceof ApiError && (err.code === 'invalid' || err.code === 'not_found' || err.status === 401)) setError(t('reset.invalidToken'))
      else setError(errorMessage(err, t))
    } finally {
      setSubmitting(false)
    }
  })

  if (done) {
    return (
      <AuthLayout title={t('reset.doneTitle')}>
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="reset-done">
            {t('reset.done')}
          </Alert>
          <Button component={Link} to="/sign-in" fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </AuthLayout>
    )
  }
  return (
    <AuthLayout title={t('reset.confirmTitle')} subtitle={t('reset.confirmSubtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="reset-error">
              {error}
            </Alert>
          ) : null}
          <PasswordInput
            label={t('reset.newPassword')}
            description={t('reset.passwordHint')}
            autoComplete="new-password"
            autoFocus
            data-testid="reset-new-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput label={t('reset.repeatPassword')} autoComplete="new-password" data-testid="reset-repeat-password" {...form.getInputProps('repeat')} />
          <Button type="submit" fullWidth size="md" loading={submitting} data-testid="reset-confirm-submit">
            {t('reset.submitConfirm')}
          </Button>
          <Text size="sm" ta="center">
            <BackToSignIn />
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  )
}
