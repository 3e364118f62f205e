/** Schemas of the predictive models: churn model and scores, cohorts, basket rules, runs, next best actions. */
import { z } from 'zod'
import { CHURN_FEATURES } from './models/churn.ts'

const Text = z.object({ ja: z.string(), en: z.string() })

export const ChurnModelView = z
  .object({
    auc: z.number().nullable().describe('Area under the ROC curve on the held-out accounts (admins only; null otherwise or when the hold-out has one class)'),
    trainSize: z.number().nullable().describe('Accounts the model was trained on (admins only)'),
    testSize: z.number().nullable().describe('Held-out accounts the AUC was measured on (admins only)'),
    churnRate: z.number().describe('Share of accounts that churned in the training window'),
    cutoffDate: z.string(),
    windowDays: z.number(),
    trainedAt: z.string(),
    weights: z.array(z.object({ feature: z.enum(CHURN_FEATURES), weight: z.number() })).describe('Standardised weights (admins only; empty otherwise)'),
  })
  .meta({ id: 'ChurnModel' })
export type ChurnModelView = z.infer<typeof ChurnModelView>

export const ChurnScoreView = z
  .object({
    accountId: z.uuid(),
    risk: z.number().describe('Probability of no purchase within the model window'),
    level: z.enum(['high', 'medium', 'low']),
    reasons: z.array(z.object({ feature: z.enum(CHURN_FEATURES), value: z.number(), average: z.number(), contribution: z.number(), text: Text })),
    computedAt: z.string(),
  })
  .meta({ id: 'ChurnScore' })
export type ChurnScoreView = z.infer<typeof ChurnScoreView>

export const CohortsView = z
  .object({
    computedAt: z.string().nullable(),
    months: z.number(),
    rows: z.array(z.object({ cohortMonth: z.string(), customers: z.number(), retention: z.array(z.number()).describe('Percent still purchasing in month +n') })),
  })
  .meta({ id: 'CohortRetention' })
export type CohortsView = z.infer<typeof CohortsView>

const ProductRef = z.object({ id: z.uuid(), name: z.string() })
export const BasketRulesView = z
  .object({
    computedAt: z.string().nullable(),
    transactions: z.number(),
    minSupport: z.number(),
    rules: z.array(z.object({ antecedent: ProductRef, consequent: ProductRef, pairCount: z.number(), support: z.number(), confidence: z.number(), lift: z.number() })),
  })
  .meta({ id: 'BasketRules' })
export type BasketRulesView = z.infer<typeof BasketRulesView>

export const BasketRulesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) })

export const RUN_STEPS = ['queued', 'reading', 'training', 'scoring', 'cohorts', 'baskets', 'done', 'failed'] as const
export const AnalyticsRun = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    step: z.enum(RUN_STEPS),
    percent: z.number(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'AnalyticsRun' })
export type AnalyticsRun = z.infer<typeof AnalyticsRun>

export const PredictiveModels = z
  .object({ churn: ChurnModelView.nullable(), lastRun: AnalyticsRun.nullable() })
  .meta({ id: 'PredictiveModels' })

export const NBA_KINDS = ['follow_up_task', 'renew_contract', 'win_back', 'cross_sell', 'reengage'] as const
export const NextBestAction = z
  .object({
    kind: z.enum(NBA_KINDS),
    score: z.number().describe('Higher first'),
    title: Text,
    reason: Text,
    /** The record the action is about (a task, contract or product), if any. */
    target: z.object({ type: z.enum(['activities', 'contracts', 'products']), id: z.uuid() }).nullable(),
  })
  .meta({ id: 'NextBestAction' })
export type NextBestAction = z.infer<typeof NextBestAction>
