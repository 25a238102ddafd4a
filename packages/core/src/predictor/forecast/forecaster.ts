import { invalidOption } from '../../errors/codes'
import { dampedTrendCandidate, medianCandidate, sesCandidate, type Candidate } from './candidates'
import { resolveForecasterOptions, type ForecasterOptions } from './forecaster-options'

/** A point forecast with a prediction interval of the configured coverage. */
export interface Forecast {
  readonly mean: number
  readonly lower: number
  readonly upper: number
}

/** A streaming forecaster: O(1) work per update and state bounded by its options. */
export interface Forecaster {
  /** Feeds the next value of the series (epoch ms, value), in time order. */
  update(time: number, value: number): void
  /** The forecast `stepsAhead` steps after the last value, or undefined during the warm-up. */
  forecast(stepsAhead: number): Forecast | undefined
  /** The forecast `horizonMs` after the last value, rounded to whole steps. */
  forecastAt(horizonMs: number): Forecast | undefined
  /** The series' step: the option, or estimated from the timestamps seen so far. */
  stepMs(): number | undefined
}

/**
 * Creates a forecaster for noisy utilisation series: a pool of simple models (simple exponential smoothing
 * over a grid of alphas, rolling medians, a long mean, a damped trend) combined by the inverse of each
 * one's recent error at the asked horizon, with an interval from online quantiles of the combined errors.
 *
 * @example
 * const cpu = createForecaster()
 * for (const sample of samples) cpu.update(sample.time, sample.value)
 * cpu.forecastAt(15 * 60_000) // { mean: 41.2, lower: 33.9, upper: 52.0 }
 */
export function createForecaster(options: ForecasterOptions = {}): Forecaster {
  const o = resolveForecasterOptions(options)
  const candidates: Candidate[] = [
    ...o.sesAlphas.map(sesCandidate),
    ...o.medianWindowSteps.map(medianCandidate),
    sesCandidate(o.longMeanAlpha),
    ...(o.dampedTrend === false ? [] : [dampedTrendCandidate(o.dampedTrend)]),
  ]
  const H = o.horizonSteps
  const K = candidates.length
  const J = H.length
  const ringSize = (H[J - 1] as number) + 1
  // ring[t % ringSize] holds, for each tracked horizon, every candidate's forecast and then the combination.
  const ring = new Float64Array(ringSize * (K + 1) * J)
  const candidateError = new Float64Array(K * J)
  const combinedError = new Float64Array(J)
  const lowerQuantile = new Float64Array(J)
  const upperQuantile = new Float64Array(J)
  const measured = new Float64Array(J)
  const decay = 1 - 2 ** (-1 / o.errorHalfLifeSteps)
  const tail = (1 - o.coverage) / 2
  let steps = 0
  let lastTime = Number.NaN
  let estimatedStepMs = o.stepMs

  const ewma = (previous: number, value: number, count: number) =>
    count === 0 ? value : previous + Math.max(decay, 1 / (count + 1)) * (value - previous)

  const combine = (stepsAhead: number, j: number, fraction: number): number => {
    const errorOf = (k: number) => {
      const a = candidateError[k * J + j] as number
      return fraction === 0 ? a : a + fraction * ((candidateError[k * J + j + 1] as number) - a)
    }
    let best = Infinity
    for (let k = 0; k < K; k++) best = Math.min(best, errorOf(k))
    let sum = 0
    let weights = 0
    for (let k = 0; k < K; k++) {
      const weight = measured[j] === 0 ? 1 : ((best + 1e-12) / (errorOf(k) + 1e-12)) ** o.weightPower
      sum += weight * (candidates[k] as Candidate).forecast(stepsAhead)
      weights += weight
    }
    return sum / weights
  }

  // The tracked horizon at or below `stepsAhead` and how far it is towards the next one.
  const locate = (stepsAhead: number): [number, number] => {
    if (stepsAhead <= (H[0] as number)) return [0, 0]
    for (let j = 0; j < J - 1; j++) {
      const next = H[j + 1] as number
      if (stepsAhead < next) return [j, (stepsAhead - (H[j] as number)) / (next - (H[j] as number))]
    }
    return [J - 1, 0]
  }

  const learn = (value: number) => {
    for (let j = 0; j < J; j++) {
      const h = H[j] as number
      if (steps - h < 0) continue
      const base = ((steps - h) % ringSize) * (K + 1) * J
      for (let k = 0; k < K; k++) {
        const error = Math.abs(value - (ring[base + k * J + j] as number))
        candidateError[k * J + j] = ewma(candidateError[k * J + j] as number, error, measured[j] as number)
      }
      const error = value - (ring[base + K * J + j] as number)
      combinedError[j] = ewma(combinedError[j] as number, Math.abs(error), measured[j] as number)
      // Robbins–Monro quantile tracking, with steps scaled to the error so any unit works.
      const rate = 0.05 * (combinedError[j] as number)
      lowerQuantile[j] =
        (lowerQuantile[j] as number) + rate * ((error < (lowerQuantile[j] as number) ? 0 : 1) - (1 - tail))
      upperQuantile[j] =
        (upperQuantile[j] as number) + rate * ((error < (upperQuantile[j] as number) ? 0 : 1) - tail)
      measured[j] = (measured[j] as number) + 1
    }
  }

  const remember = () => {
    const base = (steps % ringSize) * (K + 1) * J
    for (let j = 0; j < J; j++) {
      const h = H[j] as number
      for (let k = 0; k < K; k++) ring[base + k * J + j] = (candidates[k] as Candidate).forecast(h)
      ring[base + K * J + j] = combine(h, j, 0)
    }
  }

  const forecast = (stepsAhead: number): Forecast | undefined => {
    if (!(Number.isInteger(stepsAhead) && stepsAhead >= 1))
      throw invalidOption('stepsAhead', 'a positive integer', stepsAhead)
    if (steps < o.warmupSteps) return undefined
    const [j, fraction] = locate(stepsAhead)
    const mean = combine(stepsAhead, j, fraction)
    const at = (values: Float64Array) =>
      fraction === 0
        ? (values[j] as number)
        : (values[j] as number) + fraction * ((values[j + 1] as number) - (values[j] as number))
    // Beyond the longest tracked horizon the spread grows like a random walk's.
    const widen = Math.sqrt(Math.max(1, stepsAhead / (H[J - 1] as number)))
    return {
      mean,
      lower: mean + Math.min(0, at(lowerQuantile)) * widen,
      upper: mean + Math.max(0, at(upperQuantile)) * widen,
    }
  }

  return {
    update(time, value) {
      if (!Number.isFinite(value)) return
      if (o.stepMs === undefined && Number.isFinite(lastTime) && time > lastTime) {
        const delta = time - lastTime
        estimatedStepMs =
          estimatedStepMs === undefined ? delta : estimatedStepMs + 0.1 * (delta - estimatedStepMs)
      }
      lastTime = time
      learn(value)
      for (const candidate of candidates) candidate.update(value)
      remember()
      steps++
    },
    forecast,
    forecastAt(horizonMs) {
      if (!(typeof horizonMs === 'number' && horizonMs > 0 && Number.isFinite(horizonMs)))
        throw invalidOption('horizonMs', 'a positive number of milliseconds', horizonMs)
      if (estimatedStepMs === undefined) return undefined
      return forecast(Math.max(1, Math.round(horizonMs / estimatedStepMs)))
    },
    stepMs: () => estimatedStepMs,
  }
}
