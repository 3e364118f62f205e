/**
 * Cohort retention matrix: customers grouped by the month of their first purchase; cell n of a row is
 * the share of the cohort that bought in month +n (month 0 is the acquisition month, always 100%).
 */
export interface CohortCell {
  /** First day of the acquisition month, 'YYYY-MM-01'. */
  cohortMonth: string
  monthsAfter: number
  customers: number
  active: number
}

export interface CohortRow {
  cohortMonth: string
  customers: number
  /** Percent (0–100, one decimal) still purchasing in month +n, for each month that has been reached. */
  retention: number[]
}

/** Months from one 'YYYY-MM-..' to another. */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)))
}

/**
 * Rows oldest cohort first. Months not yet reached by `today` are left out of a row (so the matrix is a
 * triangle); reached months without a purchase are 0.
 */
export function cohortMatrix(cells: readonly CohortCell[], today: string, maxMonths = 12): CohortRow[] {
  const byCohort = new Map<string, { customers: number; active: Map<number, number> }>()
  for (const cell of cells) {
    const row = byCohort.get(cell.cohortMonth) ?? { customers: cell.customers, active: new Map() }
    row.active.set(cell.monthsAfter, cell.active)
    byCohort.set(cell.cohortMonth, row)
  }
  return [...byCohort.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohortMonth, row]) => {
      const reached = Math.min(monthsBetween(cohortMonth, today), maxMonths - 1)
      const retention = Array.from({ length: reached + 1 }, (_, n) => Math.round((1000 * (row.active.get(n) ?? 0)) / row.customers) / 10)
      return { cohortMonth, customers: row.customers, retention }
    })
}
