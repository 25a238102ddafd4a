import { invalidOption } from '../../errors/codes'
import type { Labels } from '../../metrics/sample'
import { thresholdDefaults } from '../../monitor/thresholds'
import { createForecaster, type Forecast } from '../forecast/forecaster'
import { resolveForecasterOptions, type ForecasterOptions } from '../forecast/forecaster-options'
import { probabilityAtLeast } from '../forecast/normal'
import type { Prediction, SeriesPredictor } from '../prediction'

/** What callers may tune in {@link createCpuOverloadPredictor}. */
export interface CpuOverloadPredictorOptions {
  metric?: string
  labels?: Labels
  /** The forecast mean must reach this within the horizon before anything is predicted. */
  warningPercent?: number
  /** The level whose crossing is predicted. */
  criticalPercent?: number
  horizonMs?: number
  /** Samples are averaged into steps of about this length (live 1 s samples into 30 s steps). */
  stepMs?: number
  /** P(CPU ≥ critical) at which a `warning` prediction is made when the mean stays below critical. */
  warningProbability?: number
  /** How long (at least one step, each below critical) the forecast must stay alarming before it is reported. */
  holdMs?: number
  forecaster?: ForecasterOptions
}

/** The CPU overload predictor's defaults: the monitor's CPU levels and a 15-minute horizon in 30 steps. */
export const cpuOverloadDefaults = Object.freeze({
  metric: 'cpu.utilization',
  warningPercent: thresholdDefaults.cpu.warning,
  criticalPercent: thresholdDefaults.cpu.critical,
  horizonMs: 15 * 60_000,
  stepMs: 30_000,
  warningProbability: 0.3,
  holdMs: 60_000,
  forecaster: Object.freeze({ horizonSteps: Object.freeze([1, 3, 10, 30]) }),
})

const recommendation = 'Scale up instances or optimize CPU-intensive operations'

/**
 * Predicts CPU overload: forecasts the series over the horizon and reports when the critical level will
 * be crossed and how likely that is. Severity `critical` when the forecast mean reaches the critical level
 * within the horizon; `warning` when the mean reaches only the warning level but P(CPU ≥ critical) at the
 * worst step is at least `warningProbability`. Nothing during the forecaster's warm-up, nothing below the
 * warning level, and nothing once CPU is already at or above critical (that is the monitor's issue).
 *
 * @example
 * const cpu = createCpuOverloadPredictor({ criticalPercent: 90 })
 * cpu.update(sample.time, sample.value) // { kind: 'cpu_overload', severity: 'critical', etaSeconds: 360, … }
 */
export function createCpuOverloadPredictor(options: CpuOverloadPredictorOptions = {}): SeriesPredictor {
  const metric = options.metric ?? cpuOverloadDefaults.metric
  if (typeof metric !== 'string' || metric === '')
    throw invalidOption('metric', 'a non-empty metric name', metric)
  const warningPercent = options.warningPercent ?? cpuOverloadDefaults.warningPercent
  const criticalPercent = options.criticalPercent ?? cpuOverloadDefaults.criticalPercent
  if (!Number.isFinite(criticalPercent))
    throw invalidOption('criticalPercent', 'a finite number', criticalPercent)
  if (!Number.isFinite(warningPercent) || warningPercent > criticalPercent)
    throw invalidOption(
      'warningPercent',
      `a number at most criticalPercent (${criticalPercent})`,
      warningPercent,
    )
  const horizonMs = positive('horizonMs', options.horizonMs ?? cpuOverloadDefaults.horizonMs)
  const stepMs = positive('stepMs', options.stepMs ?? cpuOverloadDefaults.stepMs)
  const warningProbability = options.warningProbability ?? cpuOverloadDefaults.warningProbability
  if (!(typeof warningProbability === 'number' && warningProbability > 0 && warningProbability < 1))
    throw invalidOption('warningProbability', 'a number in (0, 1)', warningProbability)
  const holdMs = options.holdMs ?? cpuOverloadDefaults.holdMs
  if (!(typeof holdMs === 'number' && holdMs >= 0 && Number.isFinite(holdMs)))
    throw invalidOption('holdMs', 'a number of milliseconds ≥ 0', holdMs)
  const forecasterOptions = { ...cpuOverloadDefaults.forecaster, ...options.forecaster }
  const { coverage } = resolveForecasterOptions(forecasterOptions, 'forecaster')
  const forecaster = createForecaster(forecasterOptions)
  const labels = options.labels

  // Samples are averaged in groups sized from their own interval, so 1 s and 5 min series both give
  // steps of about `stepMs` (or one sample each when samples are further apart).
  let lastTime = Number.NaN
  let sampleMs: number | undefined
  let sum = 0
  let count = 0

  // The forecast path over the horizon and P(CPU ≥ critical) along it, recomputed once per step.
  let path: Forecast[] = []
  let chances: number[] = []
  let pathTime = 0
  let pathStart = 0
  let alarmingSteps = 0

  const feed = (time: number, value: number) => {
    if (Number.isFinite(lastTime) && time > lastTime)
      sampleMs = sampleMs === undefined ? time - lastTime : sampleMs + 0.1 * (time - lastTime - sampleMs)
    lastTime = time
    sum += value
    count++
    if (count < Math.max(1, Math.round(stepMs / (sampleMs ?? stepMs)))) return
    const mean = sum / count
    forecaster.update(time, mean)
    sum = 0
    count = 0
    pathTime = time
    pathStart = mean
    const step = forecaster.stepMs() ?? stepMs
    path = []
    for (let s = 1; s <= Math.max(1, Math.round(horizonMs / step)); s++) {
      const forecast = forecaster.forecast(s)
      if (!forecast) break
      path.push(forecast)
    }
    chances = path.map((forecast) => probabilityAtLeast(forecast, criticalPercent, coverage))
    // A step already at critical (a spike) restarts the count, so the tail of a spike cannot alarm alone.
    const alarming =
      path.some((forecast) => forecast.mean >= criticalPercent) ||
      (path.some((forecast) => forecast.mean >= warningPercent) &&
        chances.some((chance) => chance >= warningProbability))
    alarmingSteps = alarming && mean < criticalPercent ? alarmingSteps + 1 : 0
  }

  return {
    update(time, value) {
      if (!Number.isFinite(value) || !Number.isFinite(time)) return undefined
      feed(time, value)
      if (value >= criticalPercent) return undefined
      const step = forecaster.stepMs()
      // alarmingSteps ≥ 1 means the current path passed the warning-level and probability gates.
      if (step === undefined || alarmingSteps < Math.max(1, Math.round(holdMs / step))) return undefined
      const probability = Math.max(...chances)
      const crossing = firstCrossing(path, criticalPercent, pathStart)
      const likely = crossing ?? chances.findIndex((chance) => chance >= warningProbability) + 1
      const etaSeconds = Math.max(1, Math.round((pathTime + likely * step - time) / 1000))
      const now = Math.round(value)
      const message =
        crossing === undefined
          ? `CPU may reach ${criticalPercent}% within ${duration(etaSeconds)} (now ${now}%, ${Math.round(probability * 100)}% likely)`
          : `CPU expected to reach ${criticalPercent}% in ${duration(etaSeconds)} (now ${now}%)`
      return {
        kind: 'cpu_overload',
        metric,
        ...(labels === undefined ? {} : { labels }),
        probability: Number(probability.toFixed(3)),
        severity: crossing === undefined ? 'warning' : 'critical',
        eta: new Date(time + etaSeconds * 1000).toISOString(),
        etaSeconds,
        message,
        recommendation,
        time,
      } satisfies Prediction
    },
  }
}

/** The (fractional) step at which the forecast mean first reaches `level`, interpolating from `start`. */
function firstCrossing(path: readonly Forecast[], level: number, start: number): number | undefined {
  let previous = start
  for (let s = 0; s < path.length; s++) {
    const mean = (path[s] as Forecast).mean
    if (mean >= level) return s + (level - previous) / (mean - previous)
    previous = mean
  }
  return undefined
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value)))
    throw invalidOption(name, 'a positive number of milliseconds', value)
  return value
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`
  return `${Number((seconds / 3600).toFixed(1))} hours`
}
