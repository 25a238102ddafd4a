import { invalidOption } from '../../errors/codes'
import { mannKendallVariance, mannKendallZ } from './mann-kendall'
import { normalQuantile } from './normal'

/** A robust straight-line fit with its Mann–Kendall trend test. Slopes are in y units per x unit. */
export interface TrendFit {
  /** The Theil–Sen slope: the median of the slopes between every pair of points. */
  readonly slope: number
  /** Median of `y − slope·x`: the line's value at x = 0 (callers put x = 0 at "now"). */
  readonly intercept: number
  /** Sen's distribution-free confidence interval on the slope, from order statistics of the pair slopes. */
  readonly lowerSlope: number
  readonly upperSlope: number
  /** Mann–Kendall z score: large positive is a significant rise, large negative a significant fall. */
  readonly z: number
  /** Share of point pairs that rise (and that fall): how consistent the trend is, 0–1. */
  readonly risingShare: number
  readonly fallingShare: number
  /** Robust spread of the points around the line: 1.4826 × the median absolute residual. */
  readonly residualScale: number
  readonly count: number
}

/**
 * Fits Theil–Sen lines with preallocated scratch space, so a fit allocates nothing but its result.
 * Cost is O(n² log n) in the number of points, which callers bound by decimating into buckets.
 *
 * @example
 * const fitter = new TheilSenFitter(100)
 * fitter.fit(Float64Array.of(-2, -1, 0), Float64Array.of(1, 2, 3), 3)?.slope // 1
 */
export class TheilSenFitter {
  readonly maxPoints: number
  #slopes: Float64Array
  #residuals: Float64Array

  constructor(maxPoints: number) {
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 3 || maxPoints > 2000)
      throw invalidOption('TheilSenFitter maxPoints', 'an integer from 3 to 2000', maxPoints)
    this.maxPoints = maxPoints
    this.#slopes = new Float64Array((maxPoints * (maxPoints - 1)) / 2)
    this.#residuals = new Float64Array(maxPoints)
  }

  /**
   * Fits the first `count` points of `x` and `y`; `confidence` (0–1) sets the slope interval.
   * Returns undefined with fewer than 3 points or when every x is the same.
   */
  fit(x: Float64Array, y: Float64Array, count: number, confidence = 0.9): TrendFit | undefined {
    const n = Math.min(count, this.maxPoints, x.length, y.length)
    if (n < 3) return undefined
    const slopes = this.#slopes
    let pairs = 0
    let rising = 0
    let falling = 0
    for (let i = 0; i < n - 1; i++) {
      const xi = x[i] as number
      const yi = y[i] as number
      for (let j = i + 1; j < n; j++) {
        const dy = (y[j] as number) - yi
        if (dy > 0) rising++
        else if (dy < 0) falling++
        const dx = (x[j] as number) - xi
        if (dx !== 0) slopes[pairs++] = dy / dx
      }
    }
    if (pairs === 0) return undefined
    const sorted = slopes.subarray(0, pairs).sort()
    const slope = median(sorted)
    const halfWidth = normalQuantile((1 + confidence) / 2) * Math.sqrt(mannKendallVariance(n))
    const lowerRank = Math.max(0, Math.floor((pairs - halfWidth) / 2) - 1)
    const upperRank = Math.min(pairs - 1, Math.ceil((pairs + halfWidth) / 2))
    const residuals = this.#residuals
    for (let i = 0; i < n; i++) residuals[i] = (y[i] as number) - slope * (x[i] as number)
    const allPairs = (n * (n - 1)) / 2
    const intercept = median(residuals.subarray(0, n).sort())
    for (let i = 0; i < n; i++) residuals[i] = Math.abs((residuals[i] as number) - intercept)
    return {
      slope,
      intercept,
      residualScale: 1.4826 * median(residuals.subarray(0, n).sort()),
      lowerSlope: sorted[lowerRank] as number,
      upperSlope: sorted[upperRank] as number,
      z: mannKendallZ(rising - falling, n),
      risingShare: rising / allPairs,
      fallingShare: falling / allPairs,
      count: n,
    }
  }
}

function median(sorted: Float64Array): number {
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
