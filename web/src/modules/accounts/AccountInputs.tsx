/**
 * The account form fields, shared by create and edit. Fields the role hides are not shown;
 * read-only ones are shown disabled. Values are strings while editing (see toWrite()).
 */
import { Card, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import type { FieldRule, Page } from '../../api/types.ts'
import { PREFECTURES } from '../contacts/ContactInputs.tsx'
import type { Account, AccountField, AccountWrite } from './api.ts'

export type AccountFormValues = Record<AccountField, string | number>

export const ACCOUNT_FIELDS: AccountField[] = ['name', 'nameKana', 'industry', 'phone', 'email', 'website', 'annualRevenue', 'employeeCount', 'notes', 'ownerId', 'teamId', 'postalCode', 'prefecture', 'address']
const NUMBER_FIELDS: AccountField[] = ['annualRevenue', 'employeeCount']

export function toFormValues(account?: Account): AccountFormValues {
  const values = {} as AccountFormValues
  for (const field of ACCOUNT_FIELDS) {
    const value = account?.[field]
    values[field] = value === null || value === undefined ? '' : value
  }
  return values
}

function toApiValue(field: AccountField, value: string | number): string | number | null {
  if (NUMBER_FIELDS.includes(field)) return value === '' ? null : Number(value)
  const text = String(value).trim()
  return text === '' ? null : text
}

/** The body to send: only fields the role may write, and on edit only the changed ones. */
export function toWrite(values: AccountFormValues, rule: (field: string) => FieldRule | undefined, initial?: AccountFormValues): AccountWrite {
  const body: AccountWrite = {}
  for (const field of ACCOUNT_FIELDS) {
    if (rule(field)) continue
    const value = toApiValue(field, values[field])
    if (initial && toApiValue(field, initial[field]) === value) continue
    body[field] = value
  }
  return body
}

export function validateAccount(t: (key: string) => string) {
  return {
    name: (v: string | number) => (String(v).trim() ? null : t('common:fieldErrors.required')),
    email: (v: string | number) => (v === '' || /^\S+@\S+\.\S+$/.test(String(v).trim()) ? null : t('common:fieldErrors.email')),
    website: (v: string | number) => (v === '' || /^https?:\/\/\S+$/i.test(String(v).trim()) ? null : t('common:fieldErrors.url')),
    annualRevenue: (v: string | number) => (v === '' || Number(v) >= 0 ? null : t('common:fieldErrors.tooSmall')),
    employeeCount: (v: string | number) => (v === '' || Number(v) >= 0 ? null : t('common:fieldErrors.tooSmall')),
  }
}

interface Option {
  id: string
  name: string
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Title order={5} mb="md">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        {children}
      </SimpleGrid>
    </Card>
  )
}

export function AccountInputs({ form, rule }: { form: UseFormReturnType<AccountFormValues>; rule: (field: string) => FieldRule | undefined }) {
  const { t } = useTranslation('accounts')
  const users = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/users', { limit: 200 }), staleTime: 60_000 })
  const teams = useQuery({ queryKey: ['teams', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/teams', { limit: 200 }), staleTime: 60_000 })

  const field = (name: AccountField) => ({
    label: t(`fields.${name}`),
    disabled: rule(name) === 'readonly',
    description: rule(name) === 'readonly' ? t('readonlyHint') : undefined,
    'data-testid': `account-field-${name}`,
    ...form.getInputProps(name),
  })
  const show = (name: AccountField) => rule(name) !== 'hidden'
  const text = (name: AccountField, extra: Record<string, unknown> = {}) =>
    show(name) ? <TextInput key={name} {...field(name)} {...extra} /> : null

  return (
    <Stack gap="md">
      <Section title={t('sections.basic')}>
        {text('name', { withAsterisk: true, placeholder: t('placeholders.name') })}
        {text('nameKana', { placeholder: t('placeholders.nameKana') })}
        {text('industry')}
      </Section>
      <Section title={t('sections.contact')}>
        {text('phone', { placeholder: t('placeholders.phone'), type: 'tel' })}
        {text('email', { type: 'email' })}
        {text('website', { placeholder: t('placeholders.website') })}
      </Section>
      <Section title={t('sections.address')}>
        {text('postalCode', { placeholder: t('placeholders.postalCode') })}
        <Select {...field('prefecture')} data={[...PREFECTURES]} searchable clearable placeholder={t('placeholders.prefecture')} />
        {text('address', { placeholder: t('placeholders.address') })}
      </Section>
      <Section title={t('sections.company')}>
        {show('annualRevenue') ? <NumberInput {...field('annualRevenue')} min={0} thousandSeparator="," prefix="¥" allowDecimal={false} /> : null}
        {show('employeeCount') ? <NumberInput {...field('employeeCount')} min={0} thousandSeparator="," allowDecimal={false} /> : null}
      </Section>
      {show('ownerId') || show('teamId') ? (
        <Section title={t('sections.assignment')}>
          {show('ownerId') ? (
            <Select {...field('ownerId')} data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('noOwner')} />
          ) : null}
          {show('teamId') ? (
            <Select {...field('teamId')} data={(teams.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('common:states.none')} />
          ) : null}
        </Section>
      ) : null}
      {show('notes') ? (
        <Card padding="lg">
          <Title order={5} mb="md">
            {t('sections.notes')}
          </Title>
          <Textarea {...field('notes')} label={undefined} aria-label={t('fields.notes')} autosize minRows={4} maxRows={12} />
        </Card>
      ) : null}
    </Stack>
  )
}
