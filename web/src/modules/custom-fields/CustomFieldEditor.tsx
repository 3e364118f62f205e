/**
 * Define or change one custom field (カスタム項目) in a modal: labels in Japanese and English, key,
 * type, the options of select types, required / unique / default and the display order.
 */
import { ActionIcon, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/client.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { localizeFieldMessage } from '../../components/errors.ts'
import {
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
  type CustomFieldObject,
  type CustomFieldOption,
  type CustomFieldType,
  type CustomFieldWrite,
  localized,
  NEVER_UNIQUE,
  SELECT_TYPES,
  useSaveCustomField,
} from './api.ts'

interface Values {
  labelJa: string
  labelEn: string
  key: string
  type: CustomFieldType
  options: CustomFieldOption[]
  required: boolean
  unique: boolean
  defaultValue: unknown
  position: number | string
}

const KEY = /^[a-z][a-z0-9_]{0,62}$/

/** A key suggested from the English label: "Lead source" → lead_source. */
function suggestKey(label: string): string {
  const key = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 63)
  return key
}

function DefaultValueInput({ values, onChange, language, label }: { values: Values; onChange(v: unknown): void; language: string; label: string }) {
  const { t } = useTranslation('customFields')
  const v = values.defaultValue
  const options = values.options.filter((o) => o.value.trim()).map((o) => ({ value: o.value, label: localized(o.label, language) || o.value }))
  const props = { label, description: t('editor.defaultHint'), 'data-testid': 'custom-field-default' }
  switch (values.type) {
    case 'boolean':
      return <Checkbox label={t('editor.defaultChecked')} checked={v === true} onChange={(e) => onChange(e.currentTarget.checked ? true : null)} mt="lg" />
    case 'number':
    case 'currency':
      return <NumberInput {...props} value={typeof v === 'number' ? v : ''} onChange={(n) => onChange(n === '' ? null : Number(n))} allowDecimal={values.type === 'number'} thousandSeparator="," />
    case 'single_select':
      return <Select {...props} data={options} value={typeof v === 'string' ? v : null} onChange={onChange} clearable />
    case 'multi_select':
      return <MultiSelect {...props} data={options} value={Array.isArray(v) ? (v as string[]) : []} onChange={(list) => onChange(list.length ? list : null)} clearable />
    case 'date':
      return <TextInput {...props} type="date" value={typeof v === 'string' ? v : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />
    default:
      return <TextInput {...props} value={typeof v === 'string' ? v : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />
  }
}

export function CustomFieldEditor({ object, field, nextPosition, onClose }: { object: CustomFieldObject; field?: CustomFieldDefinition; nextPosition: number; onClose(): void }) {
  const { t, i18n } = useTranslation('customFields')
  const save = useSaveCustomField(field?.id)
  const [error, setError] = useState<unknown>(null)
  const [keyTouched, setKeyTouched] = useState(Boolean(field))
  const form = useForm<Values>({
    initialValues: {
      labelJa: field?.label.ja ?? '',
      labelEn: field?.label.en ?? '',
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      options: field?.options ?? [],
      required: field?.required ?? false,
      unique: field?.unique ?? false,
      defaultValue: field?.defaultValue ?? null,
      position: field?.position ?? nextPosition,
    },
    validate: {
      labelJa: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      labelEn: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      key: (v) => (field || KEY.test(v) ? null : t('editor.keyRule')),
      options: (list, values) => {
        if (!SELECT_TYPES.includes(values.type)) return null
        if (list.length === 0) return t('editor.optionsRequired')
        if (list.some((o) => !o.value.trim() || !o.label.ja.trim())) return t('editor.optionsIncomplete')
        if (new Set(list.map((o) => o.value.trim())).size !== list.length) return t('editor.optionsDistinct')
        return null
      },
    },
  })
  const values = form.values
  const isSelect = SELECT_TYPES.includes(values.type)

  const setOption = (index: number, change: Partial<{ value: string; ja: string; en: string }>) => {
    const next = values.options.map((o, i) =>
      i === index ? { value: change.value ?? o.value, label: { ja: change.ja ?? o.label.ja, en: change.en ?? o.label.en } } : o,
    )
    form.setFieldValue('options', next)
  }

  const submit = form.onSubmit(async (v) => {
    setError(null)
    const body: CustomFieldWrite = {
      label: { ja: v.labelJa.trim(), en: v.labelEn.trim() },
      type: v.type,
      // The English label stands in for a missing English option label (the server wants both).
      ...(SELECT_TYPES.includes(v.type) ? { options: v.options.map((o) => ({ value: o.value.trim(), label: { ja: o.label.ja.trim(), en: o.label.en.trim() || o.label.ja.trim() } })) } : {}),
      required: v.required,
      unique: NEVER_UNIQUE.includes(v.type) ? false : v.unique,
      defaultValue: v.defaultValue === '' ? null : v.defaultValue,
      position: v.position === '' ? 0 : Number(v.position),
    }
    if (!field) Object.assign(body, { object, key: v.key })
    try {
      const saved = await save.mutateAsync(body)
      notifications.show({ color: 'teal', message: t(field ? 'saved' : 'created', { name: localized(saved.label, i18n.language) }) })
      onClose()
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: Record<string, string> = {}
        for (const d of err.details) {
          const path = d.path.startsWith('label.') ? (d.path.endsWith('en') ? 'labelEn' : 'labelJa') : d.path.split('.')[0]!
          if (!(path in fields)) fields[path] = localizeFieldMessage(d.message, t)
        }
        form.setErrors(fields)
      }
      setError(err)
    }
  })

  return (
    <Modal opened onClose={onClose} title={field ? t('editor.editTitle') : t('editor.newTitle')} size="lg" data-testid="custom-field-editor">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={error} testId="custom-field-editor-error" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('editor.labelJa')} withAsterisk placeholder={t('editor.labelJaPlaceholder')} {...form.getInputProps('labelJa')} data-testid="custom-field-label-ja" />
            <TextInput
              label={t('editor.labelEn')}
              withAsterisk
              placeholder={t('editor.labelEnPlaceholder')}
              {...form.getInputProps('labelEn')}
              onChange={(e) => {
                form.setFieldValue('labelEn', e.currentTarget.value)
                if (!keyTouched) form.setFieldValue('key', suggestKey(e.currentTarget.value))
              }}
              data-testid="custom-field-label-en"
            />
            <TextInput
              label={t('editor.key')}
              withAsterisk
              description={field ? t('editor.keyFixed') : t('editor.keyHint')}
              disabled={Boolean(field)}
              ff="monospace"
              {...form.getInputProps('key')}
              onChange={(e) => {
                setKeyTouched(true)
                form.setFieldValue('key', e.currentTarget.value)
              }}
              data-testid="custom-field-key"
            />
            <Select
              label={t('editor.type')}
              data={CUSTOM_FIELD_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))}
              allowDeselect={false}
              description={field ? t('editor.typeHint') : undefined}
              {...form.getInputProps('type')}
              onChange={(type) => {
                if (!type) return
                form.setFieldValue('type', type as CustomFieldType)
                form.setFieldValue('defaultValue', null)
                if (NEVER_UNIQUE.includes(type as CustomFieldType)) form.setFieldValue('unique', false)
              }}
              data-testid="custom-field-type"
            />
          </SimpleGrid>
          {isSelect ? (
            <Stack gap="xs" data-testid="custom-field-options">
              <Text size="sm" fw={500}>
                {t('editor.options')}
              </Text>
              {values.options.map((o, index) => (
                <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput aria-label={t('editor.optionValue')} placeholder={t('editor.optionValue')} value={o.value} onChange={(e) => setOption(index, { value: e.currentTarget.value })} style={{ flex: 1 }} data-testid={`custom-field-option-value-${index}`} />
                  <TextInput aria-label={t('editor.optionJa')} placeholder={t('editor.optionJa')} value={o.label.ja} onChange={(e) => setOption(index, { ja: e.currentTarget.value })} style={{ flex: 1 }} data-testid={`custom-field-option-ja-${index}`} />
                  <TextInput aria-label={t('editor.optionEn')} placeholder={t('editor.optionEn')} value={o.label.en} onChange={(e) => setOption(index, { en: e.currentTarget.value })} style={{ flex: 1 }} data-testid={`custom-field-option-en-${index}`} />
                  <ActionIcon variant="subtle" color="red" mt={6} aria-label={t('editor.removeOption')} onClick={() => form.setFieldValue('options', values.options.filter((_, i) => i !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              {form.errors.options ? (
                <Text size="xs" c="red">
                  {form.errors.options}
                </Text>
              ) : null}
              <Group>
                <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.setFieldValue('options', [...values.options, { value: '', label: { ja: '', en: '' } }])} data-testid="custom-field-add-option">
                  {t('editor.addOption')}
                </Button>
              </Group>
            </Stack>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DefaultValueInput values={values} language={i18n.language} label={t('editor.defaultValue')} onChange={(v) => form.setFieldValue('defaultValue', v)} />
            <NumberInput label={t('editor.position')} description={t('editor.positionHint')} min={0} max={10000} allowDecimal={false} {...form.getInputProps('position')} data-testid="custom-field-position" />
          </SimpleGrid>
          <Group gap="xl">
            <Checkbox label={t('editor.required')} {...form.getInputProps('required', { type: 'checkbox' })} data-testid="custom-field-required" />
            <Checkbox
              label={t('editor.unique')}
              disabled={NEVER_UNIQUE.includes(values.type)}
              description={NEVER_UNIQUE.includes(values.type) ? t('editor.uniqueNotForType') : undefined}
              {...form.getInputProps('unique', { type: 'checkbox' })}
              data-testid="custom-field-unique"
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="custom-field-save">
              {field ? t('common:actions.saveChanges') : t('common:actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
