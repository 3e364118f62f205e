/**
 * The contact form fields, shared by create and edit, in Japanese order: 姓 名 / セイ メイ, then work, then
 * repeatable emails, phones and addresses (〒 → 都道府県 → 市区町村 → 番地 → 建物 for Japan). Hidden fields are
 * not shown; read-only ones are disabled.
 */
import { ActionIcon, Button, Card, Checkbox, Group, Radio, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { useQuery } from '@tanstack/react-query'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import type { FieldRule, Page } from '../../api/types.ts'
import type { AddressType, Channel, Contact, ContactWrite, EmailType, PhoneType } from './api.ts'
import { AccountPicker } from './AccountPicker.tsx'

export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
]

interface AddressValues {
  type: AddressType
  country: string
  postalCode: string
  prefecture: string
  city: string
  street: string
  building: string
  region: string
  line1: string
  line2: string
  primary: boolean
}

export interface ContactFormValues {
  familyName: string
  givenName: string
  familyNameKana: string
  givenNameKana: string
  displayName: string
  department: string
  title: string
  occupation: string
  birthday: string
  anniversary: string
  preferredChannel: Channel | ''
  doNotEmail: boolean
  doNotCall: boolean
  doNotMail: boolean
  ownerId: string
  teamId: string
  tags: string[]
  notes: string
  emails: { type: EmailType; address: string; primary: boolean }[]
  phones: { type: PhoneType; number: string; primary: boolean }[]
  addresses: AddressValues[]
  accountId: string
}

const TEXT_FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'displayName', 'department', 'title', 'occupation', 'birthday', 'anniversary', 'ownerId', 'teamId', 'notes'] as const
const s = (v: string | null | undefined) => v ?? ''

export function toFormValues(contact?: Contact): ContactFormValues {
  return {
    familyName: s(contact?.familyName),
    givenName: s(contact?.givenName),
    familyNameKana: s(contact?.familyNameKana),
    givenNameKana: s(contact?.givenNameKana),
    // An explicit display name only when it differs from what the server would derive.
    displayName: s(contact?.displayName),
    department: s(contact?.department),
    title: s(contact?.title),
    occupation: s(contact?.occupation),
    birthday: s(contact?.birthday),
    anniversary: s(contact?.anniversary),
    preferredChannel: contact?.preferredChannel ?? '',
    doNotEmail: contact?.doNotEmail ?? false,
    doNotCall: contact?.doNotCall ?? false,
    doNotMail: contact?.doNotMail ?? false,
    ownerId: s(contact?.ownerId),
    teamId: s(contact?.teamId),
    tags: contact?.tags ?? [],
    notes: s(contact?.notes),
    emails: (contact?.emails ?? []).map((e) => ({ ...e })),
    phones: (contact?.phones ?? []).map((p) => ({ ...p })),
    addresses: (contact?.addresses ?? []).map((a) => ({
      type: a.type,
      country: a.country,
      postalCode: s(a.postalCode),
      prefecture: s(a.prefecture),
      city: s(a.city),
      street: s(a.street),
      building: s(a.building),
      region: s(a.region),
      line1: s(a.line1),
      line2: s(a.line2),
      primary: a.primary,
    })),
    accountId: '',
  }
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim())

/** The body to send: only fields the role may write, and on edit only the changed ones. */
export function toWrite(values: ContactFormValues, rule: (field: string) => FieldRule | undefined, initial?: ContactFormValues): ContactWrite {
  const next: Record<string, unknown> = {}
  for (const f of TEXT_FIELDS) next[f] = orNull(values[f])
  next.preferredChannel = values.preferredChannel === '' ? null : values.preferredChannel
  next.doNotEmail = values.doNotEmail
  next.doNotCall = values.doNotCall
  next.doNotMail = values.doNotMail
  next.tags = values.tags
  next.emails = values.emails.filter((e) => e.address.trim() !== '').map((e) => ({ ...e, address: e.address.trim() }))
  next.phones = values.phones.filter((p) => p.number.trim() !== '').map((p) => ({ ...p, number: p.number.trim() }))
  next.addresses = values.addresses.map((a) => {
    const japanese = a.country === 'JP'
    return {
      type: a.type,
      country: a.country,
      postalCode: orNull(a.postalCode),
      prefecture: japanese ? orNull(a.prefecture) : null,
      city: orNull(a.city),
      street: japanese ? orNull(a.street) : null,
      building: japanese ? orNull(a.building) : null,
      region: japanese ? null : orNull(a.region),
      line1: japanese ? null : orNull(a.line1),
      line2: japanese ? null : orNull(a.line2),
      primary: a.primary,
    }
  })
  const before = initial ? (toWrite(initial, () => undefined) as Record<string, unknown>) : undefined
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(next)) {
    if (rule(key)) continue
    if (before && JSON.stringify(before[key]) === JSON.stringify(value)) continue
    body[key] = value
  }
  if (!initial && values.accountId) body.accountId = values.accountId
  return body as ContactWrite
}

export function validateContact(t: (key: string) => string) {
  return (values: ContactFormValues) => {
    const errors: Record<string, string> = {}
    if (!values.familyName.trim() && !values.givenName.trim() && !values.displayName.trim()) errors.familyName = t('common:fieldErrors.required')
    values.emails.forEach((e, i) => {
      if (e.address.trim() && !/^\S+@\S+\.\S+$/.test(e.address.trim())) errors[`emails.${i}.address`] = t('common:fieldErrors.email')
    })
    return errors
  }
}

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={5}>{title}</Title>
        {action}
      </Group>
      {children}
    </Card>
  )
}

interface Option {
  id: string
  name: string
}

export function ContactInputs({ form, rule, creating }: { form: UseFormReturnType<ContactFormValues>; rule: (field: string) => FieldRule | undefined; creating: boolean }) {
  const { t } = useTranslation('contacts')
  const users = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/users', { limit: 200 }), staleTime: 60_000 })
  const teams = useQuery({ queryKey: ['teams', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/teams', { limit: 200 }), staleTime: 60_000 })
  const show = (name: string) => rule(name) !== 'hidden'
  const locked = (name: string) => rule(name) === 'readonly'
  const field = (name: keyof ContactFormValues) => ({
    label: t(`fields.${name}`),
    disabled: locked(name),
    description: locked(name) ? t('readonlyHint') : undefined,
    'data-testid': `contact-field-${name}`,
    ...form.getInputProps(name),
  })
  const text = (name: keyof ContactFormValues, extra: Record<string, unknown> = {}) => (show(name) ? <TextInput key={name} {...field(name)} {...extra} /> : null)
  const setPrimary = (list: 'emails' | 'phones' | 'addresses', index: number) =>
    form.setFieldValue(
      list,
      (form.getValues()[list] as { primary: boolean }[]).map((e, i) => ({ ...e, primary: i === index })) as never,
    )
  const removeButton = (list: 'emails' | 'phones' | 'addresses', index: number) => (
    <ActionIcon variant="subtle" color="gray" aria-label={t('list.remove')} onClick={() => form.removeListItem(list, index)} data-testid={`contact-${list}-remove`} disabled={locked(list)}>
      <IconTrash size={16} />
    </ActionIcon>
  )
  const primaryRadio = (list: 'emails' | 'phones' | 'addresses', index: number, checked: boolean) => (
    <Radio checked={checked} onChange={() => setPrimary(list, index)} label={t('list.primary')} disabled={locked(list)} data-testid={`contact-${list}-primary`} />
  )
  const values = form.getValues()

  return (
    <Stack gap="md">
      <Section title={t('sections.name')}>
        <SimpleGrid cols={{ base: 2 }} spacing="md" verticalSpacing="sm">
          {text('familyName', { placeholder: t('placeholders.familyName'), withAsterisk: true })}
          {text('givenName', { placeholder: t('placeholders.givenName') })}
          {text('familyNameKana', { placeholder: t('placeholders.familyNameKana') })}
          {text('givenNameKana', { placeholder: t('placeholders.givenNameKana') })}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="sm">
          {text('displayName', { placeholder: t('placeholders.displayName') })}
        </SimpleGrid>
      </Section>
      <Section title={t('sections.work')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          {creating ? (
            <AccountPicker
              label={t('fields.accountId')}
              value={values.accountId || null}
              onChange={(id) => form.setFieldValue('accountId', id ?? '')}
              error={form.errors.accountId as string | undefined}
              testId="contact-field-accountId"
            />
          ) : null}
          {text('department')}
          {text('title')}
          {text('occupation')}
        </SimpleGrid>
      </Section>
      {show('emails') ? (
        <Section
          title={t('sections.emails')}
          action={
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={locked('emails')} onClick={() => form.insertListItem('emails', { type: 'work', address: '', primary: values.emails.length === 0 })} data-testid="contact-emails-add">
              {t('list.add')}
            </Button>
          }
        >
          <Stack gap="xs">
            {values.emails.length === 0 ? <Text size="sm" c="dimmed">{t('list.none')}</Text> : null}
            {values.emails.map((e, i) => (
              <Group key={form.key(`emails.${i}`)} gap="xs" align="flex-start" wrap="nowrap" data-testid="contact-email-row">
                <Select w={110} aria-label={t('list.type')} data={(['work', 'personal', 'other'] as const).map((v) => ({ value: v, label: t(`types.${v}`) }))} allowDeselect={false} disabled={locked('emails')} {...form.getInputProps(`emails.${i}.type`)} />
                <TextInput style={{ flex: 1 }} type="email" aria-label={t('fields.emails')} placeholder={t('placeholders.email')} disabled={locked('emails')} data-testid="contact-email-address" {...form.getInputProps(`emails.${i}.address`)} />
                <Group gap="xs" pt={6} wrap="nowrap">
                  {primaryRadio('emails', i, e.primary)}
                  {removeButton('emails', i)}
                </Group>
              </Group>
            ))}
          </Stack>
        </Section>
      ) : null}
      {show('phones') ? (
        <Section
          title={t('sections.phones')}
          action={
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={locked('phones')} onClick={() => form.insertListItem('phones', { type: 'work', number: '', primary: values.phones.length === 0 })} data-testid="contact-phones-add">
              {t('list.add')}
            </Button>
          }
        >
          <Stack gap="xs">
            {values.phones.length === 0 ? <Text size="sm" c="dimmed">{t('list.none')}</Text> : null}
            {values.phones.map((p, i) => (
              <Group key={form.key(`phones.${i}`)} gap="xs" align="flex-start" wrap="nowrap" data-testid="contact-phone-row">
                <Select w={110} aria-label={t('list.type')} data={(['work', 'mobile', 'home', 'fax'] as const).map((v) => ({ value: v, label: t(`types.${v}`) }))} allowDeselect={false} disabled={locked('phones')} {...form.getInputProps(`phones.${i}.type`)} />
                <TextInput style={{ flex: 1 }} type="tel" aria-label={t('fields.phones')} placeholder={t('placeholders.phone')} disabled={locked('phones')} data-testid="contact-phone-number" {...form.getInputProps(`phones.${i}.number`)} />
                <Group gap="xs" pt={6} wrap="nowrap">
                  {primaryRadio('phones', i, p.primary)}
                  {removeButton('phones', i)}
                </Group>
              </Group>
            ))}
          </Stack>
        </Section>
      ) : null}
      {show('addresses') ? (
        <Section
          title={t('sections.addresses')}
          action={
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={locked('addresses')}
              onClick={() =>
                form.insertListItem('addresses', { type: 'work', country: 'JP', postalCode: '', prefecture: '', city: '', street: '', building: '', region: '', line1: '', line2: '', primary: values.addresses.length === 0 })
              }
              data-testid="contact-addresses-add"
            >
              {t('list.add')}
            </Button>
          }
        >
          <Stack gap="lg">
            {values.addresses.length === 0 ? <Text size="sm" c="dimmed">{t('list.none')}</Text> : null}
            {values.addresses.map((a, i) => {
              const input = (name: keyof AddressValues, label: string, extra: Record<string, unknown> = {}) => (
                <TextInput label={label} disabled={locked('addresses')} data-testid={`contact-address-${name}`} {...form.getInputProps(`addresses.${i}.${name}`)} {...extra} />
              )
              const japanese = a.country === 'JP'
              return (
                <Stack key={form.key(`addresses.${i}`)} gap="xs" data-testid="contact-address-row" style={{ borderTop: i > 0 ? '1px solid var(--mantine-color-gray-2)' : undefined, paddingTop: i > 0 ? 12 : 0 }}>
                  <Group justify="space-between" wrap="wrap">
                    <Group gap="xs">
                      <Select w={110} aria-label={t('address.type')} data={(['work', 'home', 'other'] as const).map((v) => ({ value: v, label: t(`types.${v}`) }))} allowDeselect={false} disabled={locked('addresses')} {...form.getInputProps(`addresses.${i}.type`)} />
                      <SegmentedControl
                        size="xs"
                        value={japanese ? 'JP' : 'other'}
                        disabled={locked('addresses')}
                        onChange={(v) => form.setFieldValue(`addresses.${i}.country`, v === 'JP' ? 'JP' : '')}
                        data={[
                          { value: 'JP', label: t('address.japan') },
                          { value: 'other', label: t('address.otherCountry') },
                        ]}
                        data-testid="contact-address-country-kind"
                      />
                    </Group>
                    <Group gap="xs">
                      {primaryRadio('addresses', i, a.primary)}
                      {removeButton('addresses', i)}
                    </Group>
                  </Group>
                  {japanese ? (
                    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="xs">
                      {input('postalCode', t('address.postalCode'), { placeholder: t('placeholders.postalCode'), leftSection: '〒' })}
                      <Select label={t('address.prefecture')} data={PREFECTURES} searchable clearable disabled={locked('addresses')} data-testid="contact-address-prefecture" {...form.getInputProps(`addresses.${i}.prefecture`)} />
                      {input('city', t('address.city'))}
                      {input('street', t('address.street'))}
                      {input('building', t('address.building'))}
                    </SimpleGrid>
                  ) : (
                    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="xs">
                      {input('country', t('address.countryCode'), { maxLength: 2 })}
                      {input('line1', t('address.line1'))}
                      {input('line2', t('address.line2'))}
                      {input('city', t('address.city'))}
                      {input('region', t('address.region'))}
                      {input('postalCode', t('address.zip'))}
                    </SimpleGrid>
                  )}
                </Stack>
              )
            })}
          </Stack>
        </Section>
      ) : null}
      <Section title={t('sections.preferences')}>
        <Stack gap="sm">
          {show('preferredChannel') ? (
            <Select
              {...field('preferredChannel')}
              w={{ base: '100%', sm: 240 }}
              clearable
              placeholder={t('preferences.none')}
              data={(['email', 'phone', 'mail', 'none'] as const).map((v) => ({ value: v, label: t(`channels.${v}`) }))}
            />
          ) : null}
          <Group gap="lg">
            {(['doNotEmail', 'doNotCall', 'doNotMail'] as const).map((f) =>
              show(f) ? <Checkbox key={f} label={t(`fields.${f}`)} disabled={locked(f)} data-testid={`contact-field-${f}`} {...form.getInputProps(f, { type: 'checkbox' })} /> : null,
            )}
          </Group>
        </Stack>
      </Section>
      <Section title={t('sections.personal')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          {text('birthday', { type: 'date' })}
          {text('anniversary', { type: 'date' })}
          {show('tags') ? <TagsInput {...field('tags')} placeholder={t('placeholders.tags')} clearable /> : null}
        </SimpleGrid>
      </Section>
      {show('ownerId') || show('teamId') ? (
        <Section title={t('sections.assignment')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {show('ownerId') ? <Select {...field('ownerId')} data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('noOwner')} /> : null}
            {show('teamId') ? <Select {...field('teamId')} data={(teams.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))} searchable clearable placeholder={t('common:states.none')} /> : null}
          </SimpleGrid>
        </Section>
      ) : null}
      {show('notes') ? (
        <Section title={t('sections.notes')}>
          <Textarea {...field('notes')} label={undefined} aria-label={t('fields.notes')} autosize minRows={4} maxRows={12} />
        </Section>
      ) : null}
    </Stack>
  )
}
