/**
 * Market-basket association rules for pairs of items: support = share of baskets holding both,
 * confidence(A → B) = baskets with both / baskets with A, lift = confidence / share of baskets with B
 * (above 1: bought together more often than chance). Counts come in (SQL counts them); rules go out.
 */
export interface BasketCounts {
  /** Baskets (orders) that hold at least one item. */
  transactions: number
  /** Baskets holding each item. */
  items: ReadonlyMap<string, number>
  /** Baskets holding both items of a pair (each unordered pair once). */
  pairs: readonly { a: string; b: string; count: number }[]
}

export interface BasketRule {
  antecedent: string
  consequent: string
  pairCount: number
  support: number
  confidence: number
  lift: number
}

/** Both directions of every pair whose support reaches minSupport and that occurs in at least minCount baskets. */
export function basketRules(counts: BasketCounts, minSupport: number, minCount = 2): BasketRule[] {
  const n = counts.transactions
  if (n === 0) return []
  const rules: BasketRule[] = []
  for (const { a, b, count } of counts.pairs) {
    const support = count / n
    if (count < minCount || support < minSupport) continue
    const countA = counts.items.get(a) ?? 0
    const countB = counts.items.get(b) ?? 0
    if (countA === 0 || countB === 0) continue
    for (const [x, y, countX, countY] of [[a, b, countA, countB], [b, a, countB, countA]] as const) {
      const confidence = count / countX
      rules.push({ antecedent: x, consequent: y, pairCount: count, support, confidence, lift: confidence / (countY / n) })
    }
  }
  return rules.sort((p, q) => q.lift - p.lift || q.confidence - p.confidence || q.pairCount - p.pairCount)
}

/** The counts of a list of baskets (each a list of item ids; repeats within a basket count once). */
export function countBaskets(baskets: readonly (readonly string[])[]): BasketCounts {
  const items = new Map<string, number>()
  const pairs = new Map<string, { a: string; b: string; count: number }>()
  let transactions = 0
  for (const basket of baskets) {
    const distinct = [...new Set(basket)].sort()
    if (distinct.length === 0) continue
    transactions++
    for (const item of distinct) items.set(item, (items.get(item) ?? 0) + 1)
    for (let i = 0; i < distinct.length; i++) {
      for (let j = i + 1; j < distinct.length; j++) {
        const key = `${distinct[i]}|${distinct[j]}`
        const found = pairs.get(key)
        if (found) found.count++
        else pairs.set(key, { a: distinct[i]!, b: distinct[j]!, count: 1 })
      }
    }
  }
  return { transactions, items, pairs: [...pairs.values()] }
}
