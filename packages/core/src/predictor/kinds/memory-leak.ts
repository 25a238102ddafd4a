import type { Labels } from '../../metrics/sample'
import type { Prediction, SeriesPredictor } from '../prediction'
import { invalidOption } from '../../errors/codes'
import { BucketedSeries } from '../stats/bucketed-series'
import { normalQuantile } from '../stats/normal'
import { TheilSenFitter, type TrendFit } from '../stats/theil-sen'
import { formatBytes, formatDuration } from './format-units'
import { bucketCount, checkNumber } from './option-checks'

/** What a memory leak predictor is told; every field has a default. */
export interface MemoryLeakOptions {
  labels?: Labels
  /** The metric fed to `update()`: heap right after major GC. Default `process.heap.after_gc_bytes`. */
  metric?: string
  /** The limit the heap must stay under; or call {@link MemoryLeakPredictor.setLimit}. No limit, no prediction. */
  limitBytes?: number
  /** Samples are averaged into buckets this long. Default 30 s. */
  bucketMs?: number
  /** The recent window whose growth gives the rate and the ETA. Default 10 minutes. */
  shortWindowMs?: number
  /** The window that must agree: a real leak rises across it too. Default 60 minutes. */
  longWindowMs?: number
  /** Samples this soon after the first one are ignored: caches and JIT warm up. Default 15 minutes. */
  warmUpMs?: number
  /** The condition must hold this long before the prediction is made. Default 1 minute. */
  holdMs?: number
  /** No prediction when the limit is further away than this. Default 48 hours. */
  maxEtaSeconds?: number
  /** Severity is `critical` when the limit is nearer than this. Default 1 hour. */
  criticalEtaSeconds?: number
  /**
   * The short-window slope must be at least this share of the long-window slope, and the newer half
   * of the long window's at least this share of the older half's. Growth that slows down (a warm-up
   * levelling off) fails it; a steady or new leak passes. Default 0.5.
   */
  minSlopeRatio?: number
  /**
   * The rise over the short or the long window must be at least this many times the heap's noise (the
   * robust spread around the long-window line): after-GC values are autocorrelated, so the trend tests
   * alone are overconfident and a run of noise could pass them. Default 4.
   */
  minRiseSigmas?: number
  /** One-sided significance level of both Mann–Kendall tests. Default 0.01. */
  significance?: number
  /** Confidence of `etaIntervalSeconds`, from Sen's slope interval. Default 0.8. */
  confidence?: number
}

/** The defaults of {@link MemoryLeakOptions}, with units in the names. */
export const memoryLeakDefaults = Object.freeze({
  metric: 'process.heap.after_gc_bytes',
  bucketMs: 30_000,
  shortWindowMs: 10 * 60_000,
  longWindowMs: 60 * 60_000,
  warmUpMs: 15 * 60_000,
  holdMs: 60_000,
  maxEtaSeconds: 48 * 3600,
  criticalEtaSeconds: 3600,
  minSlopeRatio: 0.5,
  minRiseSigmas: 4,
  significance: 0.01,
  confidence: 0.8,
})

/** A memory leak predictor for one process, fed the heap after GC; it is told the limit to watch. */
export interface MemoryLeakPredictor extends SeriesPredictor {
  /**
   * Sets the limit, such as the latest `process.heap.limit_bytes`; `name` is how messages call it.
   *
   * @example
   * leak.setLimit(4 * 1024 ** 3, 'heap limit')
   */
  setLimit(bytes: number, name?: string): void
  /** Points held in memory: at most `longWindowMs / bucketMs`, however long it runs. */
  readonly retainedPoints: number
}

/**
 * Suspects a leak when the heap after GC grows over both a short and a long window (Theil–Sen slope
 * positive, Mann–Kendall significant), the growth is not slowing down (warm-up), and the limit would
 * be reached within `maxEtaSeconds`. Nothing before `warmUpMs` plus one full long window.
 *
 * @example
 * const leak = createMemoryLeakPredictor({ limitBytes: 2 * 1024 ** 3 })
 * leak.update(Date.now(), heapAfterGcBytes)?.message
 * // 'Memory leak suspected: heap after GC growing 12 MB/min; heap limit reached in 41 minutes'
 */
export function createMemoryLeakPredictor(options: MemoryLeakOptions = {}): MemoryLeakPredictor {
  const o = resolve(options)
  const longCount = bucketCount('memoryLeak.longWindowMs', o.longWindowMs, o.bucketMs, 6, 400)
  bucketCount('memoryLeak.shortWindowMs', o.shortWindowMs, o.bucketMs, minShortPoints, longCount)
  const series = new BucketedSeries(o.bucketMs, longCount)
  const fitter = new TheilSenFitter(longCount)
  const x = new Float64Array(longCount)
  const y = new Float64Array(longCount)
  const zCritical = normalQuantile(1 - o.significance)
  let limit = options.limitBytes
  let limitName = 'heap limit'
  let startTime: number | undefined
  let lastTime = Number.NEGATIVE_INFINITY
  let verdict: { fitTime: number; short: TrendFit | undefined; holds: boolean } | undefined
  let since: number | undefined

  const judge = (time: number): typeof verdict => {
    if (series.spanMs < 0.9 * (o.longWindowMs - o.bucketMs)) return undefined
    const count = series.copyNewest(x, y, longCount, time)
    const longStart = firstAfter(x, count, -o.longWindowMs / 1000)
    const shortStart = firstAfter(x, count, -o.shortWindowMs / 1000)
    if (count - shortStart < minShortPoints) return undefined
    const short = fitter.fit(x.subarray(shortStart), y.subarray(shortStart), count - shortStart, o.confidence)
    if (!short || short.slope <= 0 || short.z < zCritical) return { fitTime: time, short, holds: false }
    const long = fitter.fit(x.subarray(longStart), y.subarray(longStart), count - longStart, o.confidence)
    const middle = longStart + ((count - longStart) >> 1)
    const firstHalf = fitter.fit(x.subarray(longStart), y.subarray(longStart), middle - longStart)
    const secondHalf = fitter.fit(x.subarray(middle), y.subarray(middle), count - middle)
    if (!long || !firstHalf || !secondHalf) return undefined
    const holds =
      long.slope > 0 &&
      long.z >= zCritical &&
      short.slope >= o.minSlopeRatio * long.slope &&
      secondHalf.slope >= o.minSlopeRatio * firstHalf.slope &&
      Math.max(short.slope * o.shortWindowMs, long.slope * o.longWindowMs) / 1000 >=
        o.minRiseSigmas * long.residualScale
    return { fitTime: time, short, holds }
  }

  return {
    get retainedPoints() {
      return series.length
    },
    setLimit(bytes, name = 'heap limit') {
      limit = checkNumber('memoryLeak limit', bytes, 0)
      limitName = name
    },
    update(time, heapBytes) {
      if (!Number.isFinite(time) || !Number.isFinite(heapBytes) || time < lastTime) return undefined
      lastTime = time
      startTime ??= time
      if (time - startTime < o.warmUpMs) return undefined
      if (series.add(time, heapBytes)) verdict = judge(time)
      if (!verdict?.holds || verdict.short === undefined || limit === undefined) {
        since = undefined
        return undefined
      }
      const { short, fitTime } = verdict
      const elapsedSeconds = (time - fitTime) / 1000
      const level = short.intercept + short.slope * elapsedSeconds
      const etaSeconds = Math.max(0, (limit - level) / short.slope)
      if (etaSeconds > o.maxEtaSeconds) {
        since = undefined
        return undefined
      }
      since ??= time
      if (time - since < o.holdMs) return undefined
      const headroom = Math.max(0, limit - level)
      const slow = short.lowerSlope > 0 ? headroom / short.lowerSlope : 10 * o.maxEtaSeconds
      const fast = headroom / short.upperSlope
      return {
        kind: 'memory_leak',
        metric: o.metric,
        ...(o.labels === undefined ? {} : { labels: o.labels }),
        probability: Math.round(short.risingShare * 100) / 100,
        severity: etaSeconds < o.criticalEtaSeconds ? 'critical' : 'warning',
        eta: new Date(time + etaSeconds * 1000).toISOString(),
        etaSeconds: Math.round(etaSeconds),
        etaIntervalSeconds: [Math.round(Math.min(fast, etaSeconds)), Math.round(Math.max(slow, etaSeconds))],
        message:
          `Memory leak suspected: heap after GC growing ${formatBytes(short.slope * 60)}/min; ` +
          `${limitName} reached in ${formatDuration(etaSeconds)}`,
        recommendation:
          'Take a heap snapshot and look for growing caches, listeners or timers; restart before the limit',
        time,
      } satisfies Prediction
    },
  }
}

/** Fewest buckets the short window must hold before it is judged. */
const minShortPoints = 6

/** Index of the first of `count` sorted times at or after `from`. */
function firstAfter(x: Float64Array, count: number, from: number): number {
  let index = 0
  while (index < count && (x[index] as number) < from) index++
  return index
}

function resolve(options: MemoryLeakOptions) {
  const d = memoryLeakDefaults
  const n = (name: keyof typeof d & keyof MemoryLeakOptions) => (options[name] ?? d[name]) as number
  if (options.limitBytes !== undefined) checkNumber('memoryLeak.limitBytes', options.limitBytes, 0)
  if (options.metric !== undefined && (typeof options.metric !== 'string' || options.metric === ''))
    throw invalidOption('memoryLeak.metric', 'a non-empty metric name', options.metric)
  return Object.freeze({
    labels: options.labels,
    metric: options.metric ?? d.metric,
    bucketMs: checkNumber('memoryLeak.bucketMs', n('bucketMs'), 0),
    shortWindowMs: checkNumber('memoryLeak.shortWindowMs', n('shortWindowMs'), 0),
    longWindowMs: checkNumber('memoryLeak.longWindowMs', n('longWindowMs'), 0),
    warmUpMs: checkNumber('memoryLeak.warmUpMs', n('warmUpMs'), 0, { inclusive: true }),
    holdMs: checkNumber('memoryLeak.holdMs', n('holdMs'), 0, { inclusive: true }),
    maxEtaSeconds: checkNumber('memoryLeak.maxEtaSeconds', n('maxEtaSeconds'), 0),
    criticalEtaSeconds: checkNumber('memoryLeak.criticalEtaSeconds', n('criticalEtaSeconds'), 0, {
      inclusive: true,
    }),
    minSlopeRatio: checkNumber('memoryLeak.minSlopeRatio', n('minSlopeRatio'), 0, { inclusive: true }),
    minRiseSigmas: checkNumber('memoryLeak.minRiseSigmas', n('minRiseSigmas'), 0, { inclusive: true }),
    significance: checkNumber('memoryLeak.significance', n('significance'), 0, { max: 0.5 }),
    confidence: checkNumber('memoryLeak.confidence', n('confidence'), 0, { max: 0.999 }),
  })
}
