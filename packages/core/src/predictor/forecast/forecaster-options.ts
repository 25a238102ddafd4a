import { invalidOption } from '../../errors/codes'
import type { DampedTrendSettings } from './candidates'

/** What callers may tune in {@link createForecaster}; every field has a default. */
export interface ForecasterOptions {
  /** The series' step; estimated from the timestamps when left out. */
  stepMs?: number
  /** Horizons, in steps, at which errors are tracked (ascending); others are interpolated. */
  horizonSteps?: readonly number[]
  /** Smoothing constants of the simple-exponential-smoothing candidates (1 is the naive forecast). */
  sesAlphas?: readonly number[]
  /** Windows, in steps, of the rolling-median candidates. */
  medianWindowSteps?: readonly number[]
  /** Smoothing constant of the long mean the forecast can revert to. */
  longMeanAlpha?: number
  /** The damped-trend candidate, or `false` for none. */
  dampedTrend?: DampedTrendSettings | false
  /** Half-life, in steps, of the tracked errors that weight the candidates. */
  errorHalfLifeSteps?: number
  /** Candidates are weighted by (tracked error)^−weightPower; higher is closer to picking the best. */
  weightPower?: number
  /** Nominal coverage of the prediction interval, in (0, 1). */
  coverage?: number
  /** Updates before `forecast` answers. Default: the longest tracked horizon plus the longest median window. */
  warmupSteps?: number
}

/** The forecaster's defaults, tuned on the NAB AWS CPU series with `pnpm bench:forecast`. */
export const forecasterDefaults = Object.freeze({
  horizonSteps: Object.freeze([1, 3, 6, 12, 30]),
  sesAlphas: Object.freeze([0.1, 0.3, 1]),
  medianWindowSteps: Object.freeze([6, 12, 24, 48]),
  longMeanAlpha: 0.005,
  dampedTrend: Object.freeze({ alpha: 0.5, beta: 0.2, phi: 0.98 }),
  errorHalfLifeSteps: 50,
  weightPower: 20,
  coverage: 0.8,
})

/** The options after defaults and validation. */
export interface ResolvedForecasterOptions {
  readonly stepMs: number | undefined
  readonly horizonSteps: readonly number[]
  readonly sesAlphas: readonly number[]
  readonly medianWindowSteps: readonly number[]
  readonly longMeanAlpha: number
  readonly dampedTrend: DampedTrendSettings | false
  readonly errorHalfLifeSteps: number
  readonly weightPower: number
  readonly coverage: number
  readonly warmupSteps: number
}

const isInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1
const inUnit = (value: unknown, closed: boolean): value is number =>
  typeof value === 'number' && value > 0 && (closed ? value <= 1 : value < 1)

/** Applies defaults and rejects bad values with an error naming the option (prefixed by `name`). */
export function resolveForecasterOptions(
  options: ForecasterOptions = {},
  name = 'forecaster',
): ResolvedForecasterOptions {
  const { stepMs } = options
  if (stepMs !== undefined && !(typeof stepMs === 'number' && stepMs > 0 && Number.isFinite(stepMs)))
    throw invalidOption(`${name}.stepMs`, 'a positive number of milliseconds', stepMs)
  const horizonSteps = options.horizonSteps ?? forecasterDefaults.horizonSteps
  if (
    !Array.isArray(horizonSteps) ||
    horizonSteps.length === 0 ||
    !horizonSteps.every((h, i) => isInteger(h) && (i === 0 || h > (horizonSteps[i - 1] as number)))
  )
    throw invalidOption(
      `${name}.horizonSteps`,
      'a non-empty ascending list of positive integers',
      horizonSteps,
    )
  const sesAlphas = options.sesAlphas ?? forecasterDefaults.sesAlphas
  if (!Array.isArray(sesAlphas) || !sesAlphas.every((a) => inUnit(a, true)))
    throw invalidOption(`${name}.sesAlphas`, 'a list of numbers in (0, 1]', sesAlphas)
  const medianWindowSteps = options.medianWindowSteps ?? forecasterDefaults.medianWindowSteps
  if (!Array.isArray(medianWindowSteps) || !medianWindowSteps.every(isInteger))
    throw invalidOption(`${name}.medianWindowSteps`, 'a list of positive integers', medianWindowSteps)
  const longMeanAlpha = options.longMeanAlpha ?? forecasterDefaults.longMeanAlpha
  if (!inUnit(longMeanAlpha, true))
    throw invalidOption(`${name}.longMeanAlpha`, 'a number in (0, 1]', longMeanAlpha)
  const dampedTrend = options.dampedTrend ?? forecasterDefaults.dampedTrend
  if (dampedTrend !== false) {
    for (const key of ['alpha', 'beta', 'phi'] as const)
      if (!inUnit(dampedTrend?.[key], true))
        throw invalidOption(`${name}.dampedTrend.${key}`, 'a number in (0, 1]', dampedTrend?.[key])
  }
  const errorHalfLifeSteps = options.errorHalfLifeSteps ?? forecasterDefaults.errorHalfLifeSteps
  if (!(
    typeof errorHalfLifeSteps === 'number' &&
    errorHalfLifeSteps > 0 &&
    Number.isFinite(errorHalfLifeSteps)
  ))
    throw invalidOption(`${name}.errorHalfLifeSteps`, 'a positive number of steps', errorHalfLifeSteps)
  const weightPower = options.weightPower ?? forecasterDefaults.weightPower
  if (!(typeof weightPower === 'number' && weightPower >= 0 && Number.isFinite(weightPower)))
    throw invalidOption(`${name}.weightPower`, 'a number ≥ 0', weightPower)
  const coverage = options.coverage ?? forecasterDefaults.coverage
  if (!inUnit(coverage, false)) throw invalidOption(`${name}.coverage`, 'a number in (0, 1)', coverage)
  const longest = horizonSteps[horizonSteps.length - 1] as number
  const warmupSteps = options.warmupSteps ?? longest + Math.max(0, ...medianWindowSteps)
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 1))
    throw invalidOption(`${name}.warmupSteps`, 'a positive integer', warmupSteps)
  if (sesAlphas.length + medianWindowSteps.length === 0 && dampedTrend === false)
    throw invalidOption(
      `${name}.sesAlphas`,
      'non-empty when there are no median or trend candidates',
      sesAlphas,
    )
  return Object.freeze({
    stepMs,
    horizonSteps: Object.freeze([...horizonSteps]),
    sesAlphas: Object.freeze([...sesAlphas]),
    medianWindowSteps: Object.freeze([...medianWindowSteps]),
    longMeanAlpha,
    dampedTrend: dampedTrend === false ? false : Object.freeze({ ...dampedTrend }),
    errorHalfLifeSteps,
    weightPower,
    coverage,
    warmupSteps,
  })
}
