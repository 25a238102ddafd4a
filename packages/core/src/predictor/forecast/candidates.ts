import { createRollingMedian } from './rolling-median'

/** One simple model in the forecaster's pool: a level and, for trend models, a per-step slope. */
export interface Candidate {
  readonly name: string
  update(value: number): void
  /** The forecast `stepsAhead` steps after the last value. */
  forecast(stepsAhead: number): number
}

/**
 * Simple exponential smoothing: a level that moves `alpha` of the way to each new value.
 *
 * @example
 * sesCandidate(0.3).forecast(3) // the smoothed level, whatever the horizon
 */
export function sesCandidate(alpha: number): Candidate {
  let level = Number.NaN
  return {
    name: `ses(${alpha})`,
    update(value) {
      level = Number.isNaN(level) ? value : level + alpha * (value - level)
    },
    forecast: () => level,
  }
}

/**
 * The median of the last `windowSteps` values: robust to the short spikes of CPU series.
 *
 * @example
 * medianCandidate(12) // one hour at 5-minute steps
 */
export function medianCandidate(windowSteps: number): Candidate {
  const window = createRollingMedian(windowSteps)
  return {
    name: `median(${windowSteps})`,
    update: (value) => window.push(value),
    forecast: () => window.median(),
  }
}

/** Settings of Holt's damped-trend smoothing. */
export interface DampedTrendSettings {
  readonly alpha: number
  readonly beta: number
  /** Damping per step, in (0, 1]: the trend adds φ + φ² + … + φʰ slopes at horizon h. */
  readonly phi: number
}

/**
 * Holt's linear method with a damped trend (Gardner & McKenzie), for ramps that flatten out.
 *
 * @example
 * dampedTrendCandidate({ alpha: 0.3, beta: 0.05, phi: 0.95 })
 */
export function dampedTrendCandidate({ alpha, beta, phi }: DampedTrendSettings): Candidate {
  let level = Number.NaN
  let slope = 0
  return {
    name: `dampedTrend(${alpha},${beta},${phi})`,
    update(value) {
      if (Number.isNaN(level)) {
        level = value
        return
      }
      const previous = level
      level = alpha * value + (1 - alpha) * (previous + phi * slope)
      slope = beta * (level - previous) + (1 - beta) * phi * slope
    },
    forecast(stepsAhead) {
      const damping = phi === 1 ? stepsAhead : (phi * (1 - phi ** stepsAhead)) / (1 - phi)
      return level + damping * slope
    },
  }
}
