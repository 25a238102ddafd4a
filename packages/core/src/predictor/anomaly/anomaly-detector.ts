import { invalidOption } from '../../errors/codes'
import { createAnomalyLikelihood } from './anomaly-likelihood'
import { createRobustZScore } from './robust-z-score'

/** Options of {@link createAnomalyDetector}; every field has a default in {@link anomalyDetectorDefaults}. */
export interface AnomalyDetectorOptions {
  /** Past values the robust z-scores of the value and of its first difference are taken against. */
  readonly windowSamples?: number
  /** Robust z-scores are mapped to raw scores by 1 − exp(−z / zScale). */
  readonly zScale?: number
  /** Raw scores the anomaly likelihood learns its long-run distribution over. */
  readonly historySamples?: number
  /** Raw scores averaged before they are tested against that distribution. */
  readonly averagingSamples?: number
  /** Samples before any non-zero score. */
  readonly learningSamples?: number
  /**
   * A value beyond the range of every value seen so far by more than this fraction of that range (and by
   * at least one robust standard deviation of the recent values) scores 0.99, after Numenta's "spatial anomaly" in
   * NAB's HTM detector; a negative tolerance turns this check off.
   */
  readonly rangeTolerance?: number
  /** After a score of at least `alarmScore`, the next `restSamples` scores are 0, so one event is one alarm. */
  readonly restSamples?: number
  readonly alarmScore?: number
}

/** Defaults of {@link AnomalyDetectorOptions}, tuned on the NAB v1.1 corpus (`pnpm bench:nab`). */
export const anomalyDetectorDefaults = Object.freeze({
  windowSamples: 200,
  zScale: 12,
  historySamples: 2000,
  averagingSamples: 12,
  learningSamples: 300,
  rangeTolerance: 0.05,
  restSamples: 90,
  alarmScore: 0.5,
} satisfies Required<AnomalyDetectorOptions>)

/** Score of a range break: a sure alarm, just below the 1 that only the likelihood's most extreme runs reach. */
const rangeBreakScore = 0.99

/**
 * A streaming anomaly detector for one series: every sample gets a score in [0, 1], in O(1) time and
 * fixed memory. The robust z-scores of the value and of its first difference each pass through an
 * anomaly likelihood; the score is the larger of the two, or 0.99 for a value well outside the range of
 * all values seen so far, held at 0 for a rest period after an alarm.
 *
 * @example
 * const detector = createAnomalyDetector()
 * const score = detector.update(sample.time, sample.value) // ≥ 0.5 is an alarm with the defaults
 */
export interface AnomalyDetector {
  /** Feeds one sample (in time order) and returns its anomaly score in [0, 1]. */
  update(time: number, value: number): number
  /** Numbers held in the detector's fixed-size buffers; it never changes after construction. */
  stateSize(): number
}

/**
 * Creates an {@link AnomalyDetector}; deterministic (no randomness), so the same input gives the same scores.
 *
 * @example
 * const detector = createAnomalyDetector({ restSamples: 60 })
 */
export function createAnomalyDetector(options: AnomalyDetectorOptions = {}): AnomalyDetector {
  const o = resolveOptions(options)
  const likelihoodOptions = {
    historySamples: o.historySamples,
    averagingSamples: o.averagingSamples,
    learningSamples: o.learningSamples,
  }
  const valueZ = createRobustZScore(o.windowSamples)
  const differenceZ = createRobustZScore(o.windowSamples)
  const valueLikelihood = createAnomalyLikelihood(likelihoodOptions)
  const differenceLikelihood = createAnomalyLikelihood(likelihoodOptions)
  const raw = (z: number) => 1 - Math.exp(-z / o.zScale)
  let previous = NaN
  let sinceAlarm = Infinity
  let seen = 0
  let lowest = Infinity
  let highest = -Infinity

  // A new all-time high or low well past the old range: the one anomaly the likelihood, which learns
  // what is normal over a sliding window, is slow to call on a series that was quiet for a long time.
  // The margin is at least one robust standard deviation of the recent values, so a white-noise series
  // whose range is still narrow after the learning period does not alarm on its next 3σ value.
  // Called after valueZ.update, so valueZ.spread() is the spread this value was scored against.
  const breaksRange = (value: number): boolean => {
    seen++
    const tolerance = Math.max((highest - lowest) * o.rangeTolerance, valueZ.spread())
    const breaks =
      o.rangeTolerance >= 0 &&
      seen > o.learningSamples &&
      (value > highest + tolerance || value < lowest - tolerance)
    if (value > highest) highest = value
    if (value < lowest) lowest = value
    return breaks
  }

  return {
    update(_time, value) {
      if (!Number.isFinite(value)) return 0
      const difference = Number.isNaN(previous) ? 0 : value - previous
      previous = value
      const score = Math.max(
        valueLikelihood.update(raw(valueZ.update(value))),
        differenceLikelihood.update(raw(differenceZ.update(difference))),
        breaksRange(value) ? rangeBreakScore : 0,
      )
      sinceAlarm++
      if (sinceAlarm <= o.restSamples) return 0
      if (score >= o.alarmScore) sinceAlarm = 0
      return score
    },
    stateSize() {
      return (
        valueZ.stateSize() +
        differenceZ.stateSize() +
        valueLikelihood.stateSize() +
        differenceLikelihood.stateSize()
      )
    },
  }
}

function resolveOptions(options: AnomalyDetectorOptions): Required<AnomalyDetectorOptions> {
  const resolved = { ...anomalyDetectorDefaults }
  for (const key of Object.keys(anomalyDetectorDefaults) as (keyof AnomalyDetectorOptions)[]) {
    const value = options[key] ?? anomalyDetectorDefaults[key]
    const name = `AnomalyDetectorOptions.${key}`
    if (key === 'rangeTolerance') {
      if (typeof value !== 'number' || Number.isNaN(value)) throw invalidOption(name, 'a number', value)
    } else if (key === 'zScale') {
      if (typeof value !== 'number' || !(value > 0)) throw invalidOption(name, 'a positive number', value)
    } else if (key === 'alarmScore') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1))
        throw invalidOption(name, 'a number in [0, 1]', value)
    } else {
      const min = key === 'restSamples' || key === 'learningSamples' ? 0 : 1
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
        throw invalidOption(name, `an integer ≥ ${min}`, value)
    }
    resolved[key] = value
  }
  return Object.freeze(resolved)
}
