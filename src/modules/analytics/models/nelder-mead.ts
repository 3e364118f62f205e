/**
 * Nelder–Mead simplex minimisation (no derivatives), as used to fit the CLV models by
 * maximum likelihood. Standard coefficients (reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5); stops when the simplex's values and size fall below the tolerances.
 */
export interface MinimizeOptions {
  maxIterations?: number
  /** Stop when max−min of the simplex's values is below this. */
  valueTolerance?: number
  /** …and every vertex is this close to the best one. */
  pointTolerance?: number
  /** Initial simplex step per coordinate. */
  step?: number
}

export interface MinimizeResult {
  point: number[]
  value: number
  iterations: number
  converged: boolean
}

export function minimize(f: (x: number[]) => number, start: number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = start.length
  const maxIterations = options.maxIterations ?? 2000 * n
  const valueTolerance = options.valueTolerance ?? 1e-10
  const pointTolerance = options.pointTolerance ?? 1e-8
  const step = options.step ?? 0.25
  // A non-finite value (a parameter outside the model's domain) counts as +∞.
  const value = (x: number[]) => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }

  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + (v === 0 ? step : step * Math.max(1, Math.abs(v))) : v)))]
  let values = simplex.map(value)
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i]! - v))

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((v, i) => i).sort((i, j) => values[i]! - values[j]!)
    simplex = order.map((i) => simplex[i]!)
    values = order.map((i) => values[i]!)
    const best = simplex[0]!
    const spread = values[n]! - values[0]!
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.map((v, i) => Math.abs(v - best[i]!)))))
    if (spread <= valueTolerance && size <= pointTolerance) return { point: best, value: values[0]!, iterations: iteration, converged: true }

    const centroid = best.map((_, i) => simplex.slice(0, n).reduce((sum, p) => sum + p[i]!, 0) / n)
    const worst = simplex[n]!
    const reflected = combine(centroid, worst, -1)
    const reflectedValue = value(reflected)
    if (reflectedValue < values[0]!) {
      const expanded = combine(centroid, worst, -2)
      const expandedValue = value(expanded)
      if (expandedValue < reflectedValue) {
        simplex[n] = expanded
        values[n] = expandedValue
      } else {
        simplex[n] = reflected
        values[n] = reflectedValue
      }
      continue
    }
    if (reflectedValue < values[n - 1]!) {
      simplex[n] = reflected
      values[n] = reflectedValue
      continue
    }
    const outside = reflectedValue < values[n]!
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst, 0.5)
    const contractedValue = value(contracted)
    if (contractedValue < (outside ? reflectedValue : values[n]!)) {
      simplex[n] = contracted
      values[n] = contractedValue
      continue
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = combine(best, simplex[i]!, 0.5)
      values[i] = value(simplex[i]!)
    }
  }
  const bestIndex = values.indexOf(Math.min(...values))
  return { point: simplex[bestIndex]!, value: values[bestIndex]!, iterations: maxIterations, converged: false }
}
