/** Sign-in: email + password; wrong credentials and lockout get their own clear messages. */
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api, ApiError } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useSetSession } from '../../auth/session.tsx'
import { RedirectIfSignedIn } from '../../app/router.tsx'
import { errorMessage } from '../../components/errors.ts'
import { AuthLayout } from './AuthLayout.tsx'

export default function SignInPage() {
  return (
    <RedirectIfSignedIn>
      <SignInForm />
    </RedirectIfSignedIn>
  )
}

function SignInForm() {
  const { t } = useTranslation('auth')
  const setSession = useSetSession()
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('signIn.emailRequired')),
      password: (v) => (v ? null : t('signIn.passwordRequired')),
    },
  })

  const submit = form.onSubmit(async (values) => {
    setError(null)
    setSubmitting(true)
    try {
      const session = await api.post<Session>('/api/v1/auth/login', { email: values.email.trim(), password: values.password }, { expectUnauthenticated: true })
      setSession(session)
    } catch (err) {
      setError(signInErrorMessage(err, t))
      form.setFieldValue('password', '')
    } finally {
      setSubmitting(false)
    }
  })

  return (
    <AuthLayout title={t('signIn.title')} subtitle={t('signIn.subtitle')}>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <Stack gap="md">
          {error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="login-error">
              {error}
            </Alert>
          ) : null}
          <TextInput
            label={t('signIn.email')}
            placeholder={t('signIn.emailPlaceholder')}
            type="email"
            autoComplete="username"
            autoFocus
            data-testid="login-email"
            {...form.getInputProps('email')}
          />
          <PasswordInput label={t('signIn.password')} autoComplete="current-password" data-testid="login-password" {...form.getInputProps('password')} />
          <Button type="submit" fullWidth size="md" loading={submitting} data-testid="login-submit">
            {t('signIn.submit')}
          </Button>
          <Anchor component={Link} to="/reset-password" size="sm" ta="center" data-testid="forgot-password-link">
            {t('signIn.forgot')}
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  )
}

function signInErrorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('signIn.invalidCredentials')
    if (error.status === 429) return t('signIn.locked')
  }
  return errorMessage(error, t as never)
}
