import { describe, expect, it } from 'vitest'
import { rocAuc } from './auc.ts'
import { basketRules, countBaskets } from './basket.ts'
import { cohortMatrix } from './cohorts.ts'
import { CHURN_FEATURES, churnReasons, churnRisk, reasonText, splitRows, type TrainingRow, trainChurnModel } from './churn.ts'

/** mulberry32: a small seeded generator, so the synthetic truth is the same every run. */
function generator(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('AUC', () => {
  it('matches a hand-computed example with a tie', () => {
    // Positives score 0.9, 0.6, 0.4; negatives 0.7, 0.4, 0.2. Pairs won by the positive:
    // 0.9 beats all 3; 0.6 beats 0.4 and 0.2 (2); 0.4 ties 0.4 (½) and beats 0.2 (1) → 6.5 of 9.
    expect(rocAuc([0.9, 0.7, 0.6, 0.4, 0.4, 0.2], [1, 0, 1, 1, 0, 0])).toBeCloseTo(6.5 / 9, 12)
  })
  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for constant scores, null with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1)
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0)
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5)
    expect(rocAuc([0.3, 0.4], [1, 1])).toBeNull()
  })
})

describe('market basket', () => {
  it('finds beer → diapers with hand-computed support, confidence and lift', () => {
    const baskets = [
      ['beer', 'diapers', 'chips'],
      ['beer', 'diapers'],
      ['diapers', 'milk'],
      ['beer', 'chips'],
      ['milk', 'milk'],
    ]
    const rules = basketRules(countBaskets(baskets), 0.3)
    // beer & diapers in 2 of 5 baskets; beer in 3, diapers in 3 → support .4, confidence 2/3, lift (2/3)/(3/5) = 10/9.
    const rule = rules.find((r) => r.antecedent === 'beer' && r.consequent === 'diapers')!
    expect(rule.pairCount).toBe(2)
    expect(rule.support).toBeCloseTo(0.4, 12)
    expect(rule.confidence).toBeCloseTo(2 / 3, 12)
    expect(rule.lift).toBeCloseTo(10 / 9, 12)
    // Beer & chips: 2 baskets; chips in 2 → chips → beer has confidence 1 and lift 1 / (3/5) = 5/3, the strongest rule.
    expect(rules[0]).toMatchObject({ antecedent: 'chips', consequent: 'beer', confidence: 1 })
    expect(rules[0]!.lift).toBeCloseTo(5 / 3, 12)
    // Pairs seen once (support .2) are below the minimum support of .3.
    expect(rules.some((r) => r.antecedent === 'milk' || r.consequent === 'milk')).toBe(false)
    expect(rules).toHaveLength(4)
  })
})

describe('cohort retention', () => {
  it('turns counts into the percentage of each acquisition month still buying n months later', () => {
    const matrix = cohortMatrix(
      [
        { cohortMonth: '2026-09-01', monthsAfter: 0, customers: 4, active: 4 },
        { cohortMonth: '2026-09-01', monthsAfter: 1, customers: 4, active: 2 },
        { cohortMonth: '2026-09-01', monthsAfter: 2, customers: 4, active: 1 },
        { cohortMonth: '2026-10-01', monthsAfter: 0, customers: 3, active: 3 },
        { cohortMonth: '2026-11-01', monthsAfter: 0, customers: 2, active: 2 },
      ],
      '2026-11-25',
    )
    expect(matrix).toEqual([
      { cohortMonth: '2026-09-01', customers: 4, retention: [100, 50, 25] },
      // October's cohort has reached month +1 without a purchase: 0, not missing.
      { cohortMonth: '2026-10-01', customers: 3, retention: [100, 0] },
      { cohortMonth: '2026-11-01', customers: 2, retention: [100] },
    ])
  })
})

describe('churn model', () => {
  function synthetic(n: number, seed: number): TrainingRow[] {
    const random = generator(seed)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    return Array.from({ length: n }, (_, i) => {
      const churned = random() < 0.4
      return {
        accountId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        churned,
        features: {
          // Churners: long since their last purchase, buying less and less, rarely contacted.
          recencyDays: Math.max(0, churned ? 220 + 60 * normal() : 35 + 25 * normal()),
          purchases365: Math.max(0, Math.round(churned ? 2 + normal() : 9 + 3 * normal())),
          monetary365: Math.max(0, churned ? 80_000 + 30_000 * normal() : 400_000 + 150_000 * normal()),
          purchaseTrend: Math.round(churned ? -2 + normal() : 1 + normal()),
          tenureDays: 400 + 200 * random(),
          activities90: Math.max(0, Math.round(churned ? 0.5 + normal() * 0.5 : 4 + 2 * normal())),
          daysSinceActivity: Math.max(0, churned ? 150 + 50 * normal() : 20 + 15 * normal()),
        },
      }
    })
  }

  it('separates clearly separable churners: AUC on the held-out split above 0.8', () => {
    const model = trainChurnModel(synthetic(400, 7))!
    expect(model).not.toBeNull()
    expect(model.trainSize + model.testSize).toBe(400)
    expect(model.testSize).toBeGreaterThan(40)
    expect(model.auc!).toBeGreaterThan(0.8)
    expect(model.weights).toHaveLength(CHURN_FEATURES.length + 1)
    // Recency raises the risk; recent purchases lower it.
    expect(model.weights[1]!).toBeGreaterThan(0)
  })

  it('a random label gives an AUC near one half (the model does not invent signal)', () => {
    const random = generator(99)
    const rows = synthetic(400, 3).map((r) => ({ ...r, churned: random() < 0.4 }))
    const model = trainChurnModel(rows)!
    expect(Math.abs(model.auc! - 0.5)).toBeLessThan(0.2)
  })

  it('scores a lapsed customer high with recency among the reasons, and an active one low', () => {
    const model = trainChurnModel(synthetic(400, 11))!
    const lapsed = { recencyDays: 300, purchases365: 1, monetary365: 50_000, purchaseTrend: -3, tenureDays: 500, activities90: 0, daysSinceActivity: 200 }
    const active = { recencyDays: 10, purchases365: 12, monetary365: 600_000, purchaseTrend: 2, tenureDays: 500, activities90: 6, daysSinceActivity: 3 }
    expect(churnRisk(model, lapsed)).toBeGreaterThan(0.8)
    expect(churnRisk(model, active)).toBeLessThan(0.2)
    const reasons = churnReasons(model, lapsed)
    expect(reasons.length).toBeGreaterThan(0)
    expect(reasons.map((r) => r.feature)).toContain('recencyDays')
    expect(reasons[0]!.contribution).toBeGreaterThanOrEqual(reasons.at(-1)!.contribution)
    expect(churnReasons(model, active)).toHaveLength(0)
  })

  it('holds out one in five of each class, the same accounts every time', () => {
    const rows = synthetic(103, 5)
    const { train, test } = splitRows(rows)
    expect(train.length + test.length).toBe(103)
    const churners = rows.filter((r) => r.churned).length
    expect(test.filter((r) => r.churned)).toHaveLength(Math.ceil(churners / 5))
    expect(test.filter((r) => !r.churned)).toHaveLength(Math.ceil((103 - churners) / 5))
    expect(splitRows([...rows].reverse()).test.map((r) => r.accountId).sort()).toEqual(test.map((r) => r.accountId).sort())
  })

  it('refuses to train on too little history', () => {
    expect(trainChurnModel(synthetic(10, 1))).toBeNull()
    expect(trainChurnModel(synthetic(100, 1).map((r) => ({ ...r, churned: false })))).toBeNull()
  })

  it('explains a reason in Japanese and English', () => {
    expect(reasonText({ feature: 'recencyDays', value: 240, average: 61.4 })).toEqual({
      ja: '最終購入からの日数が平均より多い（240 日、平均 61 日）',
      en: 'Days since the last purchase above average (240 days; average 61 days)',
    })
    expect(reasonText({ feature: 'activities90', value: 0, average: 3 }).ja).toBe('直近 90 日の活動件数が平均より少ない（0 件、平均 3 件）')
  })
})
