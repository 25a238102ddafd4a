import type { Labels } from '../../metrics/sample'
import type { Prediction, SeriesPredictor } from '../prediction'
import { invalidOption } from '../../errors/codes'
import { BucketedSeries } from '../stats/bucketed-series'
import { normalQuantile } from '../stats/normal'
import { PageHinkley } from '../stats/page-hinkley'
import { TheilSenFitter, type TrendFit } from '../stats/theil-sen'
import { formatDuration, formatMs } from './format-units'
import { bucketCount, checkNumber } from './option-checks'

/** What a performance degradation predictor is told; every field but the threshold has a default. */
export interface PerformanceDegradationOptions {
  /** The latency that must not be crossed (`API_RESPONSE_THRESHOLD_MS`). Default 200. */
  thresholdMs?: number
  /** Predict crossings this far ahead. Default 15 minutes. */
  horizonMs?: number
  /** `http.latency.p95_ms` (default; per route with a `route` label, or overall) or `eventloop.delay.p99_ms`. */
  metric?: string
  labels?: Labels
  /** What messages call the series; derived from the metric and route when left out. */
  subject?: string
  /** Samples are averaged into buckets this long. Default 30 s. */
  bucketMs?: number
  /** The trend window. Default 15 minutes. */
  windowMs?: number
  /** The condition must hold this long before the prediction is made. Default 1 minute. */
  holdMs?: number
  /** Severity is `critical` when the crossing is nearer than this. Default 5 minutes. */
  criticalEtaSeconds?: number
  /** One-sided significance level of the Mann–Kendall trend test. Default 0.01. */
  significance?: number
  /** Confidence of `etaIntervalSeconds`. Default 0.8. */
  confidence?: number
  /** Page–Hinkley on log latency: shifts smaller than this (0.05 ≈ 5 %) are tolerated. Default 0.05. */
  changeDelta?: number
  /** Page–Hinkley evidence, in log units summed over samples, needed for a step. Default 3. */
  changeLambda?: number
  /** A step is reported when the new level is at least this many times the old. Default 1.5. */
  minStepRatio?: number
  /** A step stays reported this long unless latency falls back. Default 15 minutes. */
  stepHoldMs?: number
}

/** The defaults of {@link PerformanceDegradationOptions}, with units in the names. */
export const performanceDegradationDefaults = Object.freeze({
  thresholdMs: 200,
  horizonMs: 15 * 60_000,
  metric: 'http.latency.p95_ms',
  bucketMs: 30_000,
  windowMs: 15 * 60_000,
  holdMs: 60_000,
  criticalEtaSeconds: 300,
  significance: 0.01,
  confidence: 0.8,
  changeDelta: 0.05,
  changeLambda: 3,
  minStepRatio: 1.5,
  stepHoldMs: 15 * 60_000,
})

/** Per-series latency predictor: fed p95 latency (per route or overall) or event-loop delay, in ms. */
export interface PerformanceDegradationPredictor extends SeriesPredictor {
  /** Points held in memory: at most `windowMs / bucketMs`, however long it runs. */
  readonly retainedPoints: number
}

/**
 * Predicts a latency threshold crossing within the horizon from a Theil–Sen trend (Mann–Kendall
 * significant), and reports step changes found by a Page–Hinkley test on log latency. A crossing
 * within `criticalEtaSeconds`, or latency already over the threshold, is `critical`.
 *
 * @example
 * const route = createPerformanceDegradationPredictor({ thresholdMs: 200, labels: { route: 'GET /users/:id' } })
 * route.update(Date.now(), p95Ms)?.message
 * // 'GET /users/:id p95 latency rising 4 ms/min, expected to exceed 200ms in 9 minutes'
 */
export function createPerformanceDegradationPredictor(
  options: PerformanceDegradationOptions = {},
): PerformanceDegradationPredictor {
  const o = resolve(options)
  const capacity = bucketCount('performanceDegradation.windowMs', o.windowMs, o.bucketMs, 6, 400)
  const series = new BucketedSeries(o.bucketMs, capacity)
  const fitter = new TheilSenFitter(capacity)
  const x = new Float64Array(capacity)
  const y = new Float64Array(capacity)
  const zCritical = normalQuantile(1 - o.significance)
  const change = new PageHinkley({
    delta: o.changeDelta,
    lambda: o.changeLambda,
    minSamples: 30,
    memory: 360,
    clip: 1,
  })
  const subject = o.subject ?? subjectOf(o.metric, o.labels)
  const threshold = `${formatMs(o.thresholdMs)}ms`
  let trend: { fit: TrendFit; fitTime: number } | undefined
  let step: { since: number; fromMs: number } | undefined
  let recentLog: number | undefined
  let since: number | undefined
  let lastTime = Number.NEGATIVE_INFINITY

  const predict = (time: number, fields: Omit<Prediction, 'kind' | 'metric' | 'time' | 'recommendation'>) =>
    ({
      kind: 'performance_degradation',
      metric: o.metric,
      ...(o.labels === undefined ? {} : { labels: o.labels }),
      ...fields,
      recommendation: recommendationFor(o.metric, o.labels),
      time,
    }) satisfies Prediction

  return {
    get retainedPoints() {
      return series.length
    },
    update(time, latencyMs) {
      if (!Number.isFinite(time) || !Number.isFinite(latencyMs) || time < lastTime) return undefined
      lastTime = time
      const logValue = Math.log(Math.max(latencyMs, 0.01))
      recentLog = recentLog === undefined ? logValue : recentLog + 0.2 * (logValue - recentLog)
      const levelMs = Math.exp(recentLog)
      if (change.update(logValue)) {
        const fromMs = Math.exp(change.mean)
        if (levelMs >= o.minStepRatio * fromMs && levelMs >= o.thresholdMs / 2) step = { since: time, fromMs }
        change.reset()
      }
      if (step && (time - step.since > o.stepHoldMs || levelMs < o.minStepRatio * step.fromMs))
        step = undefined
      if (series.add(time, latencyMs)) {
        const count = series.copyNewest(x, y, capacity, time)
        const fit = count >= 10 ? fitter.fit(x, y, count, o.confidence) : undefined
        trend = fit && { fit, fitTime: time }
      }
      const rising = trend !== undefined && trend.fit.slope > 0 && trend.fit.z >= zCritical
      const fit = trend?.fit
      const now = fit && trend ? fit.intercept + (fit.slope * (time - trend.fitTime)) / 1000 : 0
      const etaSeconds =
        rising && fit ? Math.max(0, (o.thresholdMs - now) / fit.slope) : Number.POSITIVE_INFINITY
      if (!(etaSeconds * 1000 <= o.horizonMs) && step === undefined) {
        since = undefined
        return undefined
      }
      since ??= time
      if (time - since < o.holdMs) return undefined
      if (rising && fit && etaSeconds * 1000 <= o.horizonMs) {
        const perMinute = `${formatMs(fit.slope * 60)} ms/min`
        const headroom = Math.max(0, o.thresholdMs - now)
        const slow = fit.lowerSlope > 0 ? headroom / fit.lowerSlope : o.horizonMs / 100
        return predict(time, {
          probability: Math.round(fit.risingShare * 100) / 100,
          severity: etaSeconds < o.criticalEtaSeconds ? 'critical' : 'warning',
          eta: new Date(time + etaSeconds * 1000).toISOString(),
          etaSeconds: Math.round(etaSeconds),
          etaIntervalSeconds: [
            Math.round(Math.min(etaSeconds, headroom / fit.upperSlope)),
            Math.round(Math.max(etaSeconds, slow)),
          ],
          message:
            etaSeconds === 0
              ? `${subject} at ${formatMs(now)}ms, above ${threshold} and rising ${perMinute}`
              : `${subject} rising ${perMinute}, expected to exceed ${threshold} in ${formatDuration(etaSeconds)}`,
        })
      }
      if (step === undefined) return undefined
      const ratio = levelMs / step.fromMs
      return predict(time, {
        probability: Math.round(Math.min(0.95, 1 - 1 / (ratio * ratio)) * 100) / 100,
        severity: levelMs >= o.thresholdMs ? 'critical' : 'warning',
        message: `${subject} stepped up from ${formatMs(step.fromMs)}ms to ${formatMs(levelMs)}ms (threshold ${threshold})`,
      })
    },
  }
}

function subjectOf(metric: string, labels: Labels | undefined): string {
  const percentile = /^http\.latency\.(p\d+)_ms$/.exec(metric)?.[1]
  if (percentile !== undefined)
    return labels?.route === undefined
      ? `Overall ${percentile} latency`
      : `${labels.route} ${percentile} latency`
  if (metric === 'eventloop.delay.p99_ms') return 'Event-loop delay p99'
  return metric
}

function recommendationFor(metric: string, labels: Labels | undefined): string {
  if (metric.startsWith('eventloop.'))
    return 'Look for CPU-bound or synchronous work on the event loop; move it to worker threads or split it up'
  return labels?.route === undefined
    ? 'Find the slowest routes; check slow queries, N+1 patterns and downstream calls; consider caching'
    : 'Check slow queries and N+1 patterns on this route; consider caching'
}

function resolve(options: PerformanceDegradationOptions) {
  const d = performanceDegradationDefaults
  const n = (name: keyof typeof d & keyof PerformanceDegradationOptions) =>
    (options[name] ?? d[name]) as number
  const name = (key: string) => `performanceDegradation.${key}`
  if (options.metric !== undefined && (typeof options.metric !== 'string' || options.metric === ''))
    throw invalidOption(name('metric'), 'a non-empty metric name', options.metric)
  return Object.freeze({
    labels: options.labels,
    subject: options.subject,
    metric: options.metric ?? d.metric,
    thresholdMs: checkNumber(name('thresholdMs'), n('thresholdMs'), 0),
    horizonMs: checkNumber(name('horizonMs'), n('horizonMs'), 0),
    bucketMs: checkNumber(name('bucketMs'), n('bucketMs'), 0),
    windowMs: checkNumber(name('windowMs'), n('windowMs'), 0),
    holdMs: checkNumber(name('holdMs'), n('holdMs'), 0, { inclusive: true }),
    criticalEtaSeconds: checkNumber(name('criticalEtaSeconds'), n('criticalEtaSeconds'), 0, {
      inclusive: true,
    }),
    significance: checkNumber(name('significance'), n('significance'), 0, { max: 0.5 }),
    confidence: checkNumber(name('confidence'), n('confidence'), 0, { max: 0.999 }),
    changeDelta: checkNumber(name('changeDelta'), n('changeDelta'), 0, { inclusive: true }),
    changeLambda: checkNumber(name('changeLambda'), n('changeLambda'), 0),
    minStepRatio: checkNumber(name('minStepRatio'), n('minStepRatio'), 1),
    stepHoldMs: checkNumber(name('stepHoldMs'), n('stepHoldMs'), 0, { inclusive: true }),
  })
}
