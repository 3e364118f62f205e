/**
 * Churn model: logistic regression (ml-logistic-regression, docs/decisions/0024) on standardised
 * per-account features, trained on a deterministic train split and judged by the AUC on the held-out
 * split. A score is the probability of churning; its reasons are the features that push it up most
 * (weight × standardised value), explained in Japanese and English.
 */
import LogisticRegression from 'ml-logistic-regression'
import { Matrix } from 'ml-matrix'
import { rocAuc } from './auc.ts'

export const CHURN_FEATURES = ['recencyDays', 'purchases365', 'monetary365', 'purchaseTrend', 'tenureDays', 'activities90', 'daysSinceActivity'] as const
export type ChurnFeature = (typeof CHURN_FEATURES)[number]
export type RawFeatures = Record<ChurnFeature, number>

export interface TrainingRow {
  accountId: string
  features: RawFeatures
  churned: boolean
}

export interface ChurnModel {
  features: { name: ChurnFeature; mean: number; std: number }[]
  /** Intercept first, then one weight per feature (on the standardised, transformed scale). */
  weights: number[]
  auc: number | null
  trainSize: number
  testSize: number
  churnRate: number
}

export interface ChurnReason {
  feature: ChurnFeature
  value: number
  average: number
  contribution: number
}

/** Training rows above this are sampled evenly: gradient descent is O(rows × steps). */
export const CHURN_TRAIN_SAMPLE = 3_000
const STEPS = 1_500

/** Spend is heavy-tailed: the model sees log(1 + spend) so a few big buyers do not dominate. */
function transform(feature: ChurnFeature, value: number): number {
  return feature === 'monetary365' ? Math.log1p(Math.max(value, 0)) : value
}

/** FNV-1a of the account id: a stable order for the hold-out, so reruns split the same way. */
function hashOf(accountId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < accountId.length; i++) {
    h ^= accountId.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/**
 * A stratified 1-in-5 hold-out: within each class, ordered by the hash, every fifth account (starting
 * with the first) is held out, so both classes are always in the test split and the AUC is defined.
 */
export function splitRows<T extends { accountId: string; churned: boolean }>(rows: readonly T[]): { train: T[]; test: T[] } {
  const train: T[] = []
  const test: T[] = []
  for (const churned of [true, false]) {
    rows
      .filter((r) => r.churned === churned)
      .map((r) => ({ r, h: hashOf(r.accountId) }))
      .sort((a, b) => a.h - b.h || a.r.accountId.localeCompare(b.r.accountId))
      .forEach(({ r }, i) => (i % 5 === 0 ? test : train).push(r))
  }
  return { train, test }
}

function evenSample<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items
  const step = items.length / size
  return Array.from({ length: size }, (_, i) => items[Math.floor(i * step)]!)
}

/** Standardised values are clipped so a value far outside the training range cannot dominate the score. */
const Z_LIMIT = 3

function standardised(model: Pick<ChurnModel, 'features'>, raw: RawFeatures): number[] {
  return model.features.map((f) => Math.max(-Z_LIMIT, Math.min(Z_LIMIT, (transform(f.name, raw[f.name]) - f.mean) / f.std)))
}

/**
 * Trains on the rows outside the hold-out and measures the AUC on the rest. Null when the history
 * cannot support a model: fewer than 20 rows, or fewer than 3 churned or 3 retained among them.
 */
export function trainChurnModel(rows: readonly TrainingRow[]): ChurnModel | null {
  const churned = rows.filter((r) => r.churned).length
  if (rows.length < 20 || churned < 3 || rows.length - churned < 3) return null
  // With at least 3 of each class, training keeps at least 2 of each.
  const split = splitRows(rows)
  const test = split.test
  const train = evenSample(split.train, CHURN_TRAIN_SAMPLE)

  const features = CHURN_FEATURES.map((name) => {
    const values = train.map((r) => transform(name, r.features[name]))
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length
    // A constant feature carries no information; a unit std keeps it at zero instead of dividing by zero.
    return { name, mean, std: variance > 1e-12 ? Math.sqrt(variance) : 1 }
  })
  const x = new Matrix(train.map((r) => [1, ...standardised({ features }, r.features)]))
  const y = Matrix.columnVector(train.map((r) => (r.churned ? 1 : 0)))
  // The library's gradient is a sum over rows: scale the step by the rows (and columns) to keep it stable.
  const regression = new LogisticRegression({ numSteps: STEPS, learningRate: 4 / (train.length * x.columns) })
  regression.train(x, y)
  // One-vs-all: classifier 0 answers "not class 0", i.e. churned.
  const weights = regression.classifiers[0]!.weights.to1DArray()
  const model: ChurnModel = { features, weights, auc: null, trainSize: train.length, testSize: test.length, churnRate: churned / rows.length }
  if (test.length > 0) model.auc = rocAuc(test.map((r) => churnRisk(model, r.features)), test.map((r) => (r.churned ? 1 : 0)))
  return model
}

export function churnRisk(model: Pick<ChurnModel, 'features' | 'weights'>, raw: RawFeatures): number {
  const z = standardised(model, raw)
  const logit = z.reduce((s, v, i) => s + v * model.weights[i + 1]!, model.weights[0]!)
  return 1 / (1 + Math.exp(-logit))
}

/** The features that raise the risk most (positive contributions only), biggest first. */
export function churnReasons(model: Pick<ChurnModel, 'features' | 'weights'>, raw: RawFeatures, top = 3): ChurnReason[] {
  const z = standardised(model, raw)
  return model.features
    .map((f, i) => ({
      feature: f.name,
      value: raw[f.name],
      average: f.name === 'monetary365' ? Math.expm1(f.mean) : f.mean,
      contribution: z[i]! * model.weights[i + 1]!,
    }))
    .filter((r) => r.contribution > 0.05)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, top)
}

const LABELS: Record<ChurnFeature, { ja: string; en: string; unitJa: string; unitEn: string }> = {
  recencyDays: { ja: '最終購入からの日数', en: 'Days since the last purchase', unitJa: ' 日', unitEn: ' days' },
  purchases365: { ja: '過去 1 年の購入回数', en: 'Purchases in the past year', unitJa: ' 回', unitEn: '' },
  monetary365: { ja: '過去 1 年の購入金額', en: 'Spend in the past year', unitJa: ' 円', unitEn: ' JPY' },
  purchaseTrend: { ja: '直近半年の購入回数の増減（前の半年比）', en: 'Change in purchases, last 6 months vs. the 6 before', unitJa: ' 回', unitEn: '' },
  tenureDays: { ja: '初回購入からの日数', en: 'Days since the first purchase', unitJa: ' 日', unitEn: ' days' },
  activities90: { ja: '直近 90 日の活動件数', en: 'Activities in the last 90 days', unitJa: ' 件', unitEn: '' },
  daysSinceActivity: { ja: '最後の活動からの日数', en: 'Days since the last activity', unitJa: ' 日', unitEn: ' days' },
}

function figure(n: number, locale: string): string {
  return Math.round(n).toLocaleString(locale)
}

/** "Days since the last purchase above average (240 days; average 61 days)" and its Japanese. */
export function reasonText(reason: Pick<ChurnReason, 'feature' | 'value' | 'average'>): { ja: string; en: string } {
  const label = LABELS[reason.feature]
  const above = reason.value > reason.average
  return {
    ja: `${label.ja}が平均より${above ? '多い' : '少ない'}（${figure(reason.value, 'ja-JP')}${label.unitJa}、平均 ${figure(reason.average, 'ja-JP')}${label.unitJa}）`,
    en: `${label.en} ${above ? 'above' : 'below'} average (${figure(reason.value, 'en-US')}${label.unitEn}; average ${figure(reason.average, 'en-US')}${label.unitEn})`,
  }
}
