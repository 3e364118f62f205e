/**
 * Form state for the custom fields (カスタム項目) of one record, kept beside the host form's own
 * state so account, contact and deal forms only add a few lines: the values, the role's rules,
 * the body part to send and the server's `custom.<key>` errors put back on each input.
 */
import type { TFunction } from 'i18next'
import { useState } from 'react'
import { ApiError } from '../../api/client.ts'
import type { FieldRule } from '../../api/types.ts'
import { useFieldRules } from '../../auth/session.tsx'
import { localizeFieldMessage } from '../../components/errors.ts'
import { type CustomFieldDefinition, type CustomFieldObject, type CustomValues, useCustomFields } from './api.ts'

/** Role rules are stored as `custom.<key>`; read back through the server's camel-casing they may be `custom.<camelKey>`. */
export function customFieldRule(rule: (field: string) => FieldRule | undefined, key: string): FieldRule | undefined {
  const camel = key.replace(/_+([^_])/g, (_m, c: string) => c.toUpperCase()).replace(/_+$/, '')
  return rule(`custom.${key}`) ?? rule(`custom.${camel}`)
}

export const isEmptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)

/** The validator's own wordings first (uniqueness, option lists, role locks), then the shared ones. */
function customFieldMessage(message: string, t: TFunction): string {
  if (/already has this value/i.test(message)) return t('customFields:errors.unique')
  if (/^must be one of/i.test(message)) return t('customFields:errors.option')
  if (/for your role/i.test(message)) return t('customFields:errors.locked')
  return localizeFieldMessage(message, t)
}

export interface CustomFieldState {
  object: CustomFieldObject
  definitions: CustomFieldDefinition[]
  loading: boolean
  values: CustomValues
  errors: Record<string, string>
  rule(key: string): FieldRule | undefined
  setValue(key: string, value: unknown): void
  /** Client-side check of required fields; true when the form may be sent. */
  validate(t: TFunction): boolean
  /** `{ custom }` for the request body: every writable value on create, only changes on edit; {} when nothing to send. */
  toWrite(): { custom?: CustomValues }
  /** Puts the server's `custom.<key>` field errors on the inputs; true when there were any. */
  showServerErrors(error: unknown, t: TFunction): boolean
}

export function useCustomFieldValues(object: CustomFieldObject, stored: CustomValues | undefined, editing: boolean): CustomFieldState {
  const definitions = useCustomFields(object)
  const roleRule = useFieldRules(object)
  const [initial] = useState<CustomValues>(() => ({ ...(stored ?? {}) }))
  const [values, setValues] = useState<CustomValues>(() => ({ ...(stored ?? {}) }))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const list = definitions.data ?? []
  const rule = (key: string) => customFieldRule(roleRule, key)

  return {
    object,
    definitions: list,
    loading: definitions.isPending,
    values,
    errors,
    rule,
    setValue: (key, value) => {
      setValues((current) => ({ ...current, [key]: value }))
      setErrors((current) => {
        if (!(key in current)) return current
        const { [key]: _removed, ...rest } = current
        return rest
      })
    },
    validate: (t) => {
      const found: Record<string, string> = {}
      for (const d of list) {
        if (!d.required || rule(d.key) || !isEmptyValue(values[d.key])) continue
        // As on the server: a new record may rely on the default; an edit may not clear a value, but a
        // record from before the field existed may stay without one.
        const missing = editing ? !isEmptyValue(initial[d.key]) : d.defaultValue === null || d.defaultValue === undefined
        if (missing) found[d.key] = t('common:fieldErrors.required')
      }
      setErrors(found)
      return Object.keys(found).length === 0
    },
    toWrite: () => {
      const custom: CustomValues = {}
      for (const d of list) {
        if (rule(d.key)) continue
        const value = isEmptyValue(values[d.key]) ? null : values[d.key]
        const before = isEmptyValue(initial[d.key]) ? null : initial[d.key]
        if (editing ? JSON.stringify(value) === JSON.stringify(before) : value === null) continue
        custom[d.key] = value
      }
      return Object.keys(custom).length > 0 ? { custom } : {}
    },
    showServerErrors: (error, t) => {
      if (!(error instanceof ApiError)) return false
      const found: Record<string, string> = {}
      for (const detail of error.details) {
        const match = /^custom\.([a-z][a-z0-9_]*)/.exec(detail.path)
        if (match && !(match[1]! in found)) found[match[1]!] = customFieldMessage(detail.message, t)
      }
      setErrors(found)
      return Object.keys(found).length > 0
    },
  }
}
