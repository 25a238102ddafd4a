import { createSortedWindow } from './sorted-window'

/**
 * How far a value lies from the median of the values before it, in robust standard deviations (IQR / 1.349).
 *
 * @example
 * const z = createRobustZScore(200)
 * z.update(10) // 0 until the window has a spread; later |value − median| / σ
 */
export interface RobustZScore {
  update(value: number): number
  /** The robust standard deviation the last `update` divided by (0 before the window has a spread). */
  spread(): number
  /** Numbers held in fixed-size buffers. */
  stateSize(): number
}

/**
 * Creates a {@link RobustZScore} over a sliding window of `windowSamples` values.
 *
 * @example
 * const z = createRobustZScore(200)
 */
export function createRobustZScore(windowSamples: number, minSamples = 10): RobustZScore {
  const window = createSortedWindow(windowSamples)
  let spread = 0
  return {
    update(value) {
      let z = 0
      if (window.size >= minSamples) {
        const median = window.quantile(0.5)
        let sigma = (window.quantile(0.75) - window.quantile(0.25)) / 1.349
        // Mostly constant series have no IQR; fall back to the full range, then to a tiny relative scale.
        if (!(sigma > 0)) sigma = (window.quantile(1) - window.quantile(0)) / 4
        if (!(sigma > 0)) sigma = 1e-6 * Math.max(1, Math.abs(median))
        z = Math.abs(value - median) / sigma
        spread = sigma
      }
      window.push(value)
      return z
    },
    spread: () => spread,
    stateSize: () => 2 * window.capacity,
  }
}
