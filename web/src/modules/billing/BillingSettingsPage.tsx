/** Admins set the issuer printed on qualified invoices (name, T-number, address, bank) and the tax rounding mode. */
import { Button, Card, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type BillingSettings, type RoundingMode, useBillingSettings, useSaveBillingSettings } from './api.ts'
import { BillingImagesCard } from './BillingImagesCard.tsx'

export default function BillingSettingsPage() {
  const settings = useBillingSettings()
  if (settings.isPending) return <CenteredLoader />
  if (!settings.data) return <ErrorAlert error={settings.error} />
  return <SettingsForm initial={settings.data} />
}

function SettingsForm({ initial }: { initial: BillingSettings }) {
  const { t } = useTranslation('billing')
  const save = useSaveBillingSettings()
  const form = useForm({
    initialValues: {
      legalName: initial.legalName ?? '',
      registrationNumber: initial.registrationNumber ?? '',
      address: initial.address ?? '',
      phone: initial.phone ?? '',
      bankAccount: initial.bankAccount ?? '',
      roundingMode: initial.roundingMode,
    },
    validate: {
      // The check digit is verified by the server; here only the shape (full-width input is fine).
      registrationNumber: (v) => (!v.trim() || /^[TＴtｔ][0-9０-９]{13}$/.test(v.trim().replace(/[\s-]/g, '')) ? null : t('settings.invalidNumber')),
    },
  })
  const submit = (values: typeof form.values) =>
    save.mutate(
      {
        legalName: values.legalName.trim() || null,
        registrationNumber: values.registrationNumber.trim() || null,
        address: values.address.trim() || null,
        phone: values.phone.trim() || null,
        bankAccount: values.bankAccount.trim() || null,
        roundingMode: values.roundingMode as RoundingMode,
      },
      {
        onSuccess: (saved) => {
          form.setValues({ ...values, registrationNumber: saved.registrationNumber ?? '' })
          notifications.show({ color: 'teal', message: t('settings.saved') })
        },
      },
    )
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <Card maw={760}>
        <form onSubmit={form.onSubmit(submit)} data-testid="billing-settings-form">
          <Stack>
            <ErrorAlert error={save.error} testId="billing-settings-error" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('settings.legalName')} {...form.getInputProps('legalName')} data-testid="billing-legal-name" />
              <TextInput label={t('settings.registrationNumber')} placeholder="T1234567890123" {...form.getInputProps('registrationNumber')} data-testid="billing-registration-number" />
              <TextInput label={t('settings.phone')} {...form.getInputProps('phone')} data-testid="billing-phone" />
              <Select
                label={t('settings.roundingMode')}
                allowDeselect={false}
                data={(['floor', 'round', 'ceil'] as const).map((m) => ({ value: m, label: t(`rounding.${m}`) }))}
                {...form.getInputProps('roundingMode')}
                data-testid="billing-rounding"
              />
            </SimpleGrid>
            <Textarea label={t('settings.address')} autosize minRows={2} {...form.getInputProps('address')} data-testid="billing-address" />
            <Textarea label={t('settings.bankAccount')} autosize minRows={2} {...form.getInputProps('bankAccount')} data-testid="billing-bank" />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} data-testid="billing-settings-save">
                {t('common:actions.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <BillingImagesCard />
    </>
  )
}
