/**
 * Area under the ROC curve from ranks (the Mann–Whitney U statistic): the probability that a randomly
 * chosen positive scores higher than a randomly chosen negative, ties counting one half. Tied scores
 * share the mean of their ranks. Null when either class is missing (the AUC is undefined then).
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1 | boolean)[]): number | null {
  if (scores.length !== labels.length) throw new Error('scores and labels differ in length')
  const order = scores.map((score, i) => ({ score, positive: labels[i] === 1 || labels[i] === true })).sort((a, b) => a.score - b.score)
  let positives = 0
  let positiveRankSum = 0
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]!.score === order[i]!.score) j++
    // Ranks i+1 … j+1 are tied: each gets their mean.
    const meanRank = (i + 1 + (j + 1)) / 2
    for (let k = i; k <= j; k++) {
      if (order[k]!.positive) {
        positives++
        positiveRankSum += meanRank
      }
    }
    i = j + 1
  }
  const negatives = order.length - positives
  if (positives === 0 || negatives === 0) return null
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}
