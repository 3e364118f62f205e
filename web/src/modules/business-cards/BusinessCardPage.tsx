/**
 * 名刺から登録: a form laid out like a Japanese business card, typed top to bottom (Tab), saved with Enter. As the
 * company and the person are typed, the 名寄せ engine offers matching records: link the existing company (a likely
 * match is linked unless the user says otherwise), update the existing person, or create new ones.
 */
import { Anchor, Button, Grid, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconId } from '@tabler/icons-react'
import { type ChangeEvent, type FormEvent, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { ApiError } from '../../api/client.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useDuplicateCheck } from '../duplicates/api.ts'
import { useSaveBusinessCard } from './api.ts'
import { type CardField, cardFieldOf, type CardValues, type CompanyChoice, emptyCard, toBody, validateCard } from './cardValues.ts'
import { MatchPanel } from './MatchPanel.tsx'

type Errors = Partial<Record<CardField, string>>

export default function BusinessCardPage() {
  const { t } = useTranslation('businessCards')
  const navigate = useNavigate()
  const save = useSaveBusinessCard()
  const [values, setValues] = useState<CardValues>(emptyCard)
  const [errors, setErrors] = useState<Errors>({})
  const [error, setError] = useState<unknown>(null)
  // null = decide from the matches (link a likely company); otherwise what the user chose.
  const [companyChoice, setCompanyChoice] = useState<CompanyChoice | null>(null)
  const [contactChoice, setContactChoice] = useState<{ id: string; name: string } | null>(null)
  const [next, setNext] = useState(false)
  const firstField = useRef<HTMLInputElement>(null)
  const formRef = useRef<HTMLFormElement>(null)
  // Read at submit time: Enter (implicit submission) presses the plain save button, never "save and next".
  const nextRef = useRef(false)

  const [probe] = useDebouncedValue(values, 400)
  const companies = useDuplicateCheck('accounts', { name: probe.companyName, phone: probe.phone })
  const people = useDuplicateCheck('contacts', {
    name: `${probe.familyName}${probe.givenName}`,
    kana: `${probe.familyNameKana}${probe.givenNameKana}`,
    company: probe.companyName,
    email: probe.email,
    phone: probe.mobile || probe.phone,
  })
  const companyMatches = probe.companyName.trim() ? (companies.data ?? []) : []
  const personMatches = probe.familyName.trim() || probe.givenName.trim() || probe.email.trim() ? (people.data ?? []) : []
  const likelyCompany = companyMatches.find((m) => m.level === 'likely')
  const company: CompanyChoice = !values.companyName.trim()
    ? companyChoice?.kind === 'link'
      ? companyChoice
      : { kind: 'none' }
    : (companyChoice ?? (likelyCompany ? { kind: 'link', id: likelyCompany.id, name: likelyCompany.name } : { kind: 'new' }))

  const field = (name: CardField, extra: { size?: string; fw?: number; autoFocus?: boolean } = {}) => ({
    label: t(`fields.${name}`),
    placeholder: t(`placeholders.${name}`),
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value
      setValues((v) => ({ ...v, [name]: value }))
      if (errors[name]) setErrors((x) => ({ ...x, [name]: undefined }))
    },
    'data-testid': `card-${name}`,
    size: extra.size ?? 'sm',
    styles: extra.fw ? { input: { fontWeight: extra.fw } } : undefined,
  })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    const invalid = validateCard(values)
    if (Object.keys(invalid).length > 0) {
      setErrors(Object.fromEntries(Object.entries(invalid).map(([k, v]) => [k, t(`errors.${v}`)])))
      return
    }
    try {
      const result = await save.mutateAsync(toBody(values, company, contactChoice?.id ?? null))
      const name = result.contact.displayName ?? ''
      notifications.show({ color: 'teal', message: t(result.contactCreated ? 'saved' : 'updated', { name }) })
      if (nextRef.current) {
        setValues(emptyCard())
        setCompanyChoice(null)
        setContactChoice(null)
        setErrors({})
        firstField.current?.focus()
      } else {
        void navigate(`/contacts/${result.contact.id}`)
      }
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: Errors = {}
        for (const d of err.details) {
          const at = d.path ? cardFieldOf(d.path) : undefined
          if (at && !fields[at]) fields[at] = d.message
        }
        setErrors(fields)
      }
      setError(err)
    }
  }

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate data-testid="business-card-form">
      <PageHeader
        title={t('title')}
        description={t('description')}
        back={
          <Anchor component={Link} to="/contacts" size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t('back')}
            </Group>
          </Anchor>
        }
      />
      <ErrorAlert error={error} testId="business-card-error" />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper
            withBorder
            shadow="md"
            radius="sm"
            p={{ base: 'md', sm: 'xl' }}
            aria-label={t('card')}
            style={{ borderTop: '4px solid var(--mantine-color-indigo-6)', maxWidth: 760 }}
            data-testid="business-card"
          >
            <Stack gap="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={6} style={{ flex: 1 }}>
                  <TextInput {...field('companyName', { fw: 700 })} ref={firstField} autoFocus autoComplete="off" />
                  <TextInput {...field('companyKana')} autoComplete="off" />
                </Stack>
                <IconId size={28} color="var(--mantine-color-gray-5)" aria-hidden />
              </Group>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <TextInput {...field('department')} autoComplete="off" />
                <TextInput {...field('title')} autoComplete="off" />
              </SimpleGrid>
              <Stack gap={6} py="xs" px={{ base: 0, sm: 'xl' }}>
                <SimpleGrid cols={2} spacing="sm">
                  <TextInput {...field('familyName', { size: 'lg', fw: 700 })} withAsterisk autoComplete="off" />
                  <TextInput {...field('givenName', { size: 'lg', fw: 700 })} autoComplete="off" />
                </SimpleGrid>
                <SimpleGrid cols={2} spacing="sm">
                  <TextInput {...field('familyNameKana')} autoComplete="off" />
                  <TextInput {...field('givenNameKana')} autoComplete="off" />
                </SimpleGrid>
              </Stack>
              <Stack gap={6} pt="sm" style={{ borderTop: '1px dashed var(--mantine-color-gray-3)' }}>
                <Grid gutter="sm">
                  <Grid.Col span={{ base: 12, xs: 4 }}>
                    <TextInput {...field('postalCode')} leftSection={<Text size="sm">〒</Text>} inputMode="numeric" autoComplete="off" />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, xs: 8 }}>
                    <TextInput {...field('address')} autoComplete="off" />
                  </Grid.Col>
                </Grid>
                <TextInput {...field('building')} autoComplete="off" />
                <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
                  <TextInput {...field('phone')} type="tel" autoComplete="off" />
                  <TextInput {...field('mobile')} type="tel" autoComplete="off" />
                  <TextInput {...field('fax')} type="tel" autoComplete="off" />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <TextInput {...field('email')} type="email" autoComplete="off" />
                  <TextInput {...field('url')} autoComplete="off" />
                </SimpleGrid>
              </Stack>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <MatchPanel
            companyName={values.companyName.trim()}
            company={company}
            companyMatches={companyMatches}
            onCompany={setCompanyChoice}
            contact={contactChoice}
            personMatches={personMatches}
            onContact={setContactChoice}
          />
        </Grid.Col>
        {/* Below the card on wide screens; on phones after the matches, so they are seen before saving. */}
        <Grid.Col span={{ base: 12, md: 8 }} pt={0}>
          <Group justify="space-between" mb="xl" maw={760} wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('shortcutHint')}
            </Text>
            <Group gap="xs">
              <Button
                type="button"
                variant="default"
                loading={save.isPending && next}
                onClick={() => {
                  nextRef.current = true
                  setNext(true)
                  formRef.current?.requestSubmit()
                }}
                data-testid="business-card-save-next"
              >
                {t('saveAndNext')}
              </Button>
              <Button
                type="submit"
                loading={save.isPending && !next}
                onClick={() => {
                  nextRef.current = false
                  setNext(false)
                }}
                data-testid="business-card-save"
              >
                {t('save')}
              </Button>
            </Group>
          </Group>
        </Grid.Col>
      </Grid>
    </form>
  )
}
