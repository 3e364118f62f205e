// The package ships no types; this is the part of its API the churn model uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix'
  interface TwoClassClassifier {
    weights: Matrix
    testScores(features: Matrix): number[]
  }
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number })
    classifiers: TwoClassClassifier[]
    numberClasses: number
    train(features: Matrix, target: Matrix): void
    predict(features: Matrix): number[]
  }
}
