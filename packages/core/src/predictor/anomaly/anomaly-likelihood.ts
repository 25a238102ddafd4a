import { invalidOption } from '../../errors/codes'

/** Options of {@link createAnomalyLikelihood}; every field has a default in {@link anomalyLikelihoodDefaults}. */
export interface AnomalyLikelihoodOptions {
  /** Raw scores the long-run distribution is estimated over (samples). */
  readonly historySamples?: number
  /** Raw scores averaged into the short-run mean that is tested against it (samples). */
  readonly averagingSamples?: number
  /** Samples before the first non-zero likelihood. */
  readonly learningSamples?: number
  /** The smallest standard deviation assumed for the long-run distribution of averaged raw scores. */
  readonly minStdDev?: number
}

/** Defaults of {@link AnomalyLikelihoodOptions}, after Numenta's anomaly likelihood (NAB `numenta` detector). */
export const anomalyLikelihoodDefaults = Object.freeze({
  historySamples: 2000,
  averagingSamples: 10,
  learningSamples: 300,
  minStdDev: 0.02,
} satisfies Required<AnomalyLikelihoodOptions>)

/**
 * Turns a stream of raw anomaly scores into a log-scaled likelihood in [0, 1]: how improbable the mean of
 * the last few raw scores is under the normal distribution of such means over a long window.
 *
 * @example
 * const likelihood = createAnomalyLikelihood({ historySamples: 1000 })
 * const score = likelihood.update(rawScore) // 0 … 1, ≥ 0.5 only for a 1-in-10⁵ run of raw scores
 */
export interface AnomalyLikelihood {
  update(rawScore: number): number
  /** Numbers held in fixed-size buffers. */
  stateSize(): number
}

const logScale = Math.log(1 - 0.9999999999)

/**
 * Creates an {@link AnomalyLikelihood}; O(1) time and fixed memory per update.
 *
 * @example
 * const likelihood = createAnomalyLikelihood()
 */
export function createAnomalyLikelihood(options: AnomalyLikelihoodOptions = {}): AnomalyLikelihood {
  const historySamples = options.historySamples ?? anomalyLikelihoodDefaults.historySamples
  const averagingSamples = options.averagingSamples ?? anomalyLikelihoodDefaults.averagingSamples
  const learningSamples = options.learningSamples ?? anomalyLikelihoodDefaults.learningSamples
  const minStdDev = options.minStdDev ?? anomalyLikelihoodDefaults.minStdDev
  checkInteger('AnomalyLikelihoodOptions.historySamples', historySamples, 2)
  checkInteger('AnomalyLikelihoodOptions.averagingSamples', averagingSamples, 1)
  checkInteger('AnomalyLikelihoodOptions.learningSamples', learningSamples, 0)
  if (!(minStdDev > 0))
    throw invalidOption('AnomalyLikelihoodOptions.minStdDev', 'a positive number', minStdDev)

  const recent = new Float64Array(averagingSamples)
  const history = new Float64Array(historySamples)
  let recentSum = 0
  let historySum = 0
  let historySumSquares = 0
  let seen = 0
  let previousTail = 1

  return {
    update(rawScore) {
      const raw = Number.isFinite(rawScore) ? Math.min(1, Math.max(0, rawScore)) : 0
      const slot = seen % averagingSamples
      recentSum += raw - recent[slot]!
      recent[slot] = raw
      const average = recentSum / Math.min(seen + 1, averagingSamples)
      const at = seen % historySamples
      const old = history[at]!
      history[at] = average
      historySum += average - old
      historySumSquares += average * average - old * old
      seen++
      // Running sums drift with rounding over long streams; recompute them once per window.
      if (seen % historySamples === 0) {
        historySum = 0
        historySumSquares = 0
        for (const value of history) {
          historySum += value
          historySumSquares += value * value
        }
      }
      if (seen <= learningSamples) return 0
      const n = Math.min(seen, historySamples)
      const mean = historySum / n
      const variance = Math.max(0, historySumSquares / n - mean * mean)
      const stdDev = Math.max(Math.sqrt(variance), minStdDev)
      // Numenta's filter: only the first sample of a run in the red zone (tail ≤ 1e-5) keeps its
      // likelihood; the rest of the run drops to the yellow zone (1e-3), so one event gives one alarm.
      // Two-sided, as Numenta's tailProbability: a sudden calm is as unusual as a burst.
      let tail = normalTail(Math.abs(average - mean) / stdDev)
      const inRun = tail <= 1e-5 && previousTail <= 1e-5
      previousTail = tail
      if (inRun) tail = 1e-3
      const likelihood = 1 - tail
      return Math.min(1, Math.max(0, Math.log(1.0000000001 - likelihood) / logScale))
    },
    stateSize: () => recent.length + history.length,
  }
}

/** P(Z > z) for a standard normal Z (Abramowitz–Stegun 7.1.26 on erfc, error < 1.5e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erfc = poly * Math.exp(-x * x)
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw invalidOption(name, `an integer ≥ ${min}`, value)
}
