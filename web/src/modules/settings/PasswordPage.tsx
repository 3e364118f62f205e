/** Change password: current + new (twice), POST /me/password. */
import { Button, Card, Group, PasswordInput, Stack, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../../api/client.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { SettingsLayout } from './SettingsLayout.tsx'

export default function PasswordPage() {
  const { t } = useTranslation('settings')
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('common:fieldErrors.required')),
      newPassword: (v) => (v.length >= 10 ? null : t('common:fieldErrors.minChars', { count: 10 })),
      repeat: (v, values) => (v === values.newPassword ? null : t('password.mismatch')),
    },
  })

  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setSaving(true)
    setError(null)
    try {
      await api.post('/api/v1/me/password', { currentPassword, newPassword })
      form.reset()
      notifications.show({ color: 'teal', message: t('password.changed') })
    } catch (err) {
      const fields = formErrors(err, t)
      if (err instanceof ApiError && (fields.currentPassword || err.code === 'unauthenticated' || err.code === 'forbidden')) {
        form.setFieldError('currentPassword', t('password.wrongCurrent'))
      } else if (Object.keys(fields).length > 0) {
        form.setErrors(fields)
      } else {
        setError(err)
      }
    } finally {
      setSaving(false)
    }
  })

  return (
    <SettingsLayout>
      <Card padding="lg" maw={640}>
        <Title order={4} mb="md">
          {t('password.title')}
        </Title>
        <form onSubmit={submit} noValidate data-testid="password-form">
          <Stack gap="md">
            <ErrorAlert error={error} />
            <PasswordInput label={t('password.current')} autoComplete="current-password" data-testid="password-current" {...form.getInputProps('currentPassword')} />
            <PasswordInput
              label={t('password.new')}
              description={t('password.hint')}
              autoComplete="new-password"
              data-testid="password-new"
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput label={t('password.repeat')} autoComplete="new-password" data-testid="password-repeat" {...form.getInputProps('repeat')} />
            <Group justify="flex-end">
              <Button type="submit" loading={saving} data-testid="password-submit">
                {t('password.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </SettingsLayout>
  )
}
