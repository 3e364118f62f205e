/**
 * /forms/:key — the hosted web form a visitor fills in (no sign-in); `?embed=1` drops the frame for the
 * iframe snippet, `?lang=en` picks the language. Posts without cookies, so a signed-in admin testing
 * their own form is treated exactly like a visitor.
 */
import { Alert, Box, Button, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { PREFECTURES } from '../contacts/ContactInputs.tsx'
import { AuthLayout } from '../auth/AuthLayout.tsx'
import type { LeadProfileKey, WebFormField } from './api.ts'

interface PublicForm {
  name: string
  fields: WebFormField[]
  thankYouMessage: string | null
}

type Outcome = { kind: 'sent'; message: string | null } | { kind: 'error'; status: number; fields: Record<string, string> } | null

/** The honeypot: off-screen and skipped by keyboard and screen readers; only bots fill it in. */
const HONEYPOT = 'nickname'
const PAIRS: LeadProfileKey[][] = [['familyName', 'givenName'], ['familyNameKana', 'givenNameKana']]

async function loadForm(key: string): Promise<PublicForm | null> {
  const response = await fetch(`/api/v1/public/lead-forms/${encodeURIComponent(key)}`, { credentials: 'omit', headers: { Accept: 'application/json' } })
  if (response.status === 404) return null
  if (!response.ok) throw new Error(String(response.status))
  return (await response.json()) as PublicForm
}

export default function PublicLeadFormPage() {
  const { key = '' } = useParams()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('leads')
  const embed = params.get('embed') === '1'
  const lang = params.get('lang')
  useEffect(() => {
    if (lang === 'ja' || lang === 'en') void i18n.changeLanguage(lang)
  }, [lang, i18n])
  const form = useQuery({ queryKey: ['public-lead-form', key], queryFn: () => loadForm(key), retry: false })

  const body = form.isPending ? (
    <CenteredLoader />
  ) : !form.data ? (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="public-form-unavailable">
      {t('public.notFound')}
    </Alert>
  ) : (
    <PublicFormBody formKey={key} form={form.data} />
  )
  if (embed) {
    return (
      <Box p="md" maw={560}>
        {form.data ? (
          <Title order={3} mb="md">
            {form.data.name}
          </Title>
        ) : null}
        {body}
      </Box>
    )
  }
  return <AuthLayout title={form.data?.name ?? ''}>{body}</AuthLayout>
}

function PublicFormBody({ formKey, form }: { formKey: string; form: PublicForm }) {
  const { t } = useTranslation('leads')
  const [values, setValues] = useState<Record<string, string>>({})
  const [sending, setSending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const asked = new Map(form.fields.map((f) => [f.key, f.required]))
  const missing = (key: string) => asked.get(key as LeadProfileKey) === true && !(values[key] ?? '').trim()

  if (outcome?.kind === 'sent') {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={t('public.thanks')} data-testid="public-form-thanks">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {outcome.message ?? t('public.defaultThanks')}
        </Text>
      </Alert>
    )
  }
  const fieldErrors = outcome?.kind === 'error' ? outcome.fields : {}

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if ([...asked.keys()].some(missing)) {
      setOutcome({ kind: 'error', status: 400, fields: Object.fromEntries([...asked.keys()].filter(missing).map((k) => [k, t('public.requiredError')])) })
      return
    }
    setSending(true)
    const payload = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''))
    try {
      const response = await fetch(`/api/v1/public/lead-forms/${encodeURIComponent(formKey)}/submissions`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload),
      })
      if (response.ok) {
        const json = (await response.json()) as { message: string | null }
        setOutcome({ kind: 'sent', message: json.message })
      } else {
        const json = (await response.json().catch(() => ({}))) as { error?: { details?: { path?: string }[] } }
        const fields = Object.fromEntries((json.error?.details ?? []).filter((d) => d.path).map((d) => [d.path!, t('public.invalid')]))
        setOutcome({ kind: 'error', status: response.status, fields })
      }
    } catch {
      setOutcome({ kind: 'error', status: 0, fields: {} })
    } finally {
      setSending(false)
    }
  }

  const input = (key: LeadProfileKey) => {
    const common = {
      key,
      label: t(`fields.${key}`),
      required: asked.get(key) === true,
      error: fieldErrors[key],
      'data-testid': `public-form-${key}`,
    }
    if (key === 'message') return <Textarea {...common} autosize minRows={4} value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
    if (key === 'prefecture')
      return <Select {...common} data={PREFECTURES} placeholder={t('public.choosePrefecture')} searchable value={values[key] || null} onChange={(v) => setValues({ ...values, [key]: v ?? '' })} />
    return (
      <TextInput
        {...common}
        type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : key === 'website' ? 'url' : 'text'}
        autoComplete={{ familyName: 'family-name', givenName: 'given-name', email: 'email', phone: 'tel', companyName: 'organization', title: 'organization-title' }[key as string] ?? 'off'}
        value={values[key] ?? ''}
        onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
      />
    )
  }

  const keys = form.fields.map((f) => f.key)
  const rendered = new Set<LeadProfileKey>()
  const rows = keys.flatMap((key) => {
    if (rendered.has(key)) return []
    const pair = PAIRS.find((p) => p.includes(key) && p.every((k) => asked.has(k)))
    if (pair) {
      pair.forEach((k) => rendered.add(k))
      return [
        <SimpleGrid key={key} cols={2} spacing="sm">
          {pair.map(input)}
        </SimpleGrid>,
      ]
    }
    rendered.add(key)
    return [input(key)]
  })

  return (
    <Paper component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate data-testid="public-form">
      <Stack gap="sm">
        {outcome?.kind === 'error' && Object.keys(outcome.fields).length === 0 ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="public-form-error">
            {outcome.status === 429 ? t('public.tooMany') : t('common:errors.internal')}
          </Alert>
        ) : null}
        {rows}
        <Box style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }} aria-hidden="true">
          <label>
            Nickname
            <input type="text" name={HONEYPOT} tabIndex={-1} autoComplete="off" value={values[HONEYPOT] ?? ''} onChange={(e) => setValues({ ...values, [HONEYPOT]: e.currentTarget.value })} />
          </label>
        </Box>
        <Button type="submit" loading={sending} fullWidth mt="xs" data-testid="public-form-submit">
          {t('public.submit')}
        </Button>
      </Stack>
    </Paper>
  )
}
