/**
 * Leads (リード): capture (web forms, API, bulk), scoring, assignment and conversion into account + contact + deal.
 * Owns leads, lead_web_forms, lead_scoring_rules, lead_assignment_rules and lead_round_robin_counters.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { LEAD_FIELDS } from './leads.schema.ts'

registerAccessObject({
  name: 'leads',
  label: { ja: 'リード', en: 'Leads' },
  fields: LEAD_FIELDS,
  fieldLabels: {
    familyName: { ja: '姓', en: 'Family name' },
    givenName: { ja: '名', en: 'Given name' },
    familyNameKana: { ja: 'セイ', en: 'Family name (kana)' },
    givenNameKana: { ja: 'メイ', en: 'Given name (kana)' },
    companyName: { ja: '会社名', en: 'Company' },
    title: { ja: '役職', en: 'Title' },
    industry: { ja: '業種', en: 'Industry' },
    prefecture: { ja: '都道府県', en: 'Prefecture' },
    email: { ja: 'メールアドレス', en: 'Email' },
    phone: { ja: '電話番号', en: 'Phone' },
    website: { ja: 'ウェブサイト', en: 'Website' },
    message: { ja: 'お問い合わせ内容', en: 'Message' },
    notes: { ja: '備考', en: 'Notes' },
    ownerId: { ja: '担当者', en: 'Owner' },
    teamId: { ja: 'チーム', en: 'Team' },
  },
  ownedRecords: true,
})
registerAccessObject({
  name: 'leadSettings',
  label: { ja: 'リード設定（Webフォーム・スコア・割り当て）', en: 'Lead settings (web forms, scoring, assignment)' },
  fields: [],
  administrative: true,
  readableByEveryone: true,
})

export { registerLeadRoutes } from './leads.routes.ts'
export * from './leads.service.ts'
export { convertLead, findLeadMatches } from './lead-convert.service.ts'
export { createWebForm, submitWebForm, listWebForms } from './lead-forms.service.ts'
export { replaceScoringRules, listScoringRules, rescoreLead } from './lead-scoring.service.ts'
export { replaceAssignmentRules, listAssignmentRules, chooseAssignee, nextInRoundRobin } from './lead-assignment.service.ts'
export type { Lead, LeadInput, LeadPatch } from './leads.schema.ts'
