/** Profile: name, language (or follow the browser) and time zone, saved with PATCH /me. */
import { Button, Card, Group, Select, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useSession, useSetSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formErrors } from '../../components/errors.ts'
import { browserTimeZone } from '../../i18n/format.ts'
import { SettingsLayout } from './SettingsLayout.tsx'

const COMMON_ZONES = ['Asia/Tokyo', 'UTC', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Singapore', 'America/Los_Angeles', 'America/New_York', 'Europe/London']

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON_ZONES
  return [...new Set([current, browserTimeZone(), ...COMMON_ZONES, ...all])]
}

export default function ProfilePage() {
  const { t, i18n } = useTranslation('settings')
  const session = useSession()
  const setSession = useSetSession()
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const zones = useMemo(() => timeZones(session.user.timeZone).map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), [session.user.timeZone])
  const form = useForm({
    initialValues: { name: session.user.name, locale: session.user.locale ?? 'auto', timeZone: session.user.timeZone },
    validate: { name: (v) => (v.trim() ? null : t('common:fieldErrors.required')) },
  })

  const submit = form.onSubmit(async (values) => {
    setSaving(true)
    setError(null)
    try {
      const locale = values.locale === 'auto' ? null : (values.locale as 'ja' | 'en')
      const user = await api.patch<Session['user']>('/api/v1/me', { name: values.name.trim(), locale, timeZone: values.timeZone })
      setSession({ ...session, user: { ...session.user, ...user } })
      if (locale) await i18n.changeLanguage(locale)
      form.resetDirty({ ...values, name: values.name.trim() })
      notifications.show({ color: 'teal', message: t('profile.saved') })
    } catch (err) {
      form.setErrors(formErrors(err, t))
      setError(err)
    } finally {
      setSaving(false)
    }
  })

  return (
    <SettingsLayout>
      <Card padding="lg" maw={640}>
        <Title order={4} mb="md">
          {t('profile.title')}
        </Title>
        <form onSubmit={submit} noValidate data-testid="profile-form">
          <Stack gap="md">
            <ErrorAlert error={error} />
            <TextInput label={t('profile.name')} withAsterisk data-testid="profile-name" {...form.getInputProps('name')} />
            <TextInput label={t('profile.email')} value={session.user.email} disabled description={t('profile.emailHint')} />
            <Select
              label={t('profile.language')}
              data={[
                { value: 'auto', label: t('profile.languageAuto') },
                { value: 'ja', label: t('common:language.ja') },
                { value: 'en', label: t('common:language.en') },
              ]}
              allowDeselect={false}
              data-testid="profile-locale"
              {...form.getInputProps('locale')}
            />
            <Select
              label={t('profile.timeZone')}
              description={t('profile.timeZoneHint')}
              data={zones}
              searchable
              allowDeselect={false}
              limit={100}
              data-testid="profile-timezone"
              {...form.getInputProps('timeZone')}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={saving} disabled={!form.isDirty()} data-testid="profile-save">
                {t('common:actions.saveChanges')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </SettingsLayout>
  )
}
