import type { Labels } from '../../metrics/sample'
import type { Prediction, SeriesPredictor } from '../prediction'
import { invalidOption } from '../../errors/codes'
import { BucketedSeries } from '../stats/bucketed-series'
import { normalQuantile } from '../stats/normal'
import { TheilSenFitter, type TrendFit } from '../stats/theil-sen'
import { formatDuration } from './format-units'
import { bucketCount, checkNumber } from './option-checks'

/** What a disk exhaustion predictor is told; every field has a default. */
export interface DiskExhaustionOptions {
  /** The series' labels, usually `{ mount: '/' }`; the mount names the disk in messages. */
  labels?: Labels
  /** The metric fed to `update()`: free bytes. Default `disk.available_bytes`. */
  metric?: string
  /** Size of the filesystem; without it, utilisation comes from {@link DiskExhaustionPredictor.setUtilization}. */
  capacityBytes?: number
  /** Samples are averaged into buckets this long. Default 15 minutes. */
  bucketMs?: number
  /** The trend window: long enough to span several clean-up cycles. Default 2 days. */
  windowMs?: number
  /** No prediction when the disk is further than this from full. Default 7 days. */
  maxEtaSeconds?: number
  /** Severity is `critical` when the disk is full sooner than this. Default 24 hours. */
  criticalEtaSeconds?: number
  /** No prediction below this utilisation, when it is known. Default 50 %. */
  minUtilizationPercent?: number
  /** The ETA may be at most this many times the history the trend was fitted on. Default 4. */
  maxExtrapolation?: number
  /**
   * A rise in free space of at least this share of the disk (of the free space when the size is unknown)
   * between two buckets is a clean-up. Default 1 %.
   */
  releasePercent?: number
  /** The condition must hold this long before the prediction is made. Default 30 minutes. */
  holdMs?: number
  /** Share of point pairs that must point to "fuller" (the trend's consistency). Default 0.7. */
  minConsistency?: number
  /** One-sided significance level of the Mann–Kendall test on the trend. Default 0.01. */
  significance?: number
  /** Confidence of `etaIntervalSeconds`, from Sen's slope interval. Default 0.8. */
  confidence?: number
}

/** The defaults of {@link DiskExhaustionOptions}, with units in the names. */
export const diskExhaustionDefaults = Object.freeze({
  metric: 'disk.available_bytes',
  bucketMs: 15 * 60_000,
  windowMs: 2 * 86_400_000,
  maxEtaSeconds: 7 * 86_400,
  criticalEtaSeconds: 86_400,
  minUtilizationPercent: 50,
  maxExtrapolation: 4,
  releasePercent: 1,
  holdMs: 30 * 60_000,
  minConsistency: 0.7,
  significance: 0.01,
  confidence: 0.8,
})

/** A disk exhaustion predictor for one mount, fed free bytes; it can also be told size or utilisation. */
export interface DiskExhaustionPredictor extends SeriesPredictor {
  /** Sets the filesystem size in bytes. */
  setCapacity(bytes: number): void
  /** Records the latest `disk.utilization` (percent), for the utilisation floor when the size is unknown. */
  setUtilization(percent: number): void
  /** Points held in memory: at most `windowMs / bucketMs`, however long it runs. */
  readonly retainedPoints: number
}

/**
 * Predicts when a disk fills: a Theil–Sen trend on free bytes over a long bucketed window, fired only
 * when the disk is near enough to full, the trend has held for `holdMs`, and — when the disk cleaned
 * itself up inside the window — only once it is fuller than it was just before that clean-up.
 * Severity is `critical` when full within `criticalEtaSeconds` (24 h), else `warning`.
 *
 * @example
 * const disk = createDiskExhaustionPredictor({ labels: { mount: '/' }, capacityBytes: 100e9 })
 * disk.update(Date.now(), availableBytes)?.message // 'Disk / will be full in 3.2 days'
 */
export function createDiskExhaustionPredictor(options: DiskExhaustionOptions = {}): DiskExhaustionPredictor {
  const o = resolve(options)
  const capacity = bucketCount('diskExhaustion.windowMs', o.windowMs, o.bucketMs, 4, 400)
  const series = new BucketedSeries(o.bucketMs, capacity)
  const fitter = new TheilSenFitter(capacity)
  const x = new Float64Array(capacity)
  const y = new Float64Array(capacity)
  const zCritical = normalQuantile(1 - o.significance)
  let capacityBytes = options.capacityBytes
  let utilization: number | undefined
  let trend: (TrendFit & { spanSeconds: number }) | undefined
  let since: number | undefined
  let lastTime = Number.NEGATIVE_INFINITY
  const cleanups = cleanupTracker(o.windowMs, o.releasePercent)

  const currentUtilization = (available: number): number | undefined =>
    capacityBytes === undefined ? utilization : 100 * (1 - available / capacityBytes)

  return {
    get retainedPoints() {
      return series.length
    },
    setCapacity(bytes) {
      capacityBytes = checkNumber('diskExhaustion capacity', bytes, 0)
    },
    setUtilization(percent) {
      utilization = checkNumber('diskExhaustion utilization', percent, 0, { max: 100, inclusive: true })
    },
    update(time, available) {
      if (!Number.isFinite(time) || !Number.isFinite(available) || time < lastTime) return undefined
      lastTime = time
      if (series.add(time, available)) {
        const count = series.copyNewest(x, y, capacity, time)
        const fit = fitter.fit(x, y, count, o.confidence)
        trend = fit && { ...fit, spanSeconds: series.spanMs / 1000 }
        cleanups.observe(time, y[count - 1] as number, capacityBytes)
      }
      const rate = trend ? -trend.slope : 0
      const etaSeconds = rate > 0 ? Math.max(0, available) / rate : Number.POSITIVE_INFINITY
      const used = currentUtilization(available)
      const holds =
        trend !== undefined &&
        trend.z <= -zCritical &&
        trend.fallingShare >= o.minConsistency &&
        etaSeconds <= o.maxEtaSeconds &&
        etaSeconds <= o.maxExtrapolation * trend.spanSeconds &&
        (used === undefined || used >= o.minUtilizationPercent) &&
        !cleanups.notPastLastPeak(time, available)
      if (!holds || trend === undefined) {
        since = undefined
        return undefined
      }
      since ??= time
      if (time - since < o.holdMs) return undefined
      const fastest = -trend.lowerSlope
      const slowest = -trend.upperSlope
      const cap = 10 * o.maxEtaSeconds
      const interval = [
        Math.min(etaSeconds, Math.max(0, available) / fastest),
        slowest > 0 ? Math.min(cap, Math.max(etaSeconds, Math.max(0, available) / slowest)) : cap,
      ] as const
      const mount = o.labels?.mount
      const when = `will be full in ${formatDuration(etaSeconds)}`
      return {
        kind: 'disk_exhaustion',
        metric: o.metric,
        ...(o.labels === undefined ? {} : { labels: o.labels }),
        probability: Math.round(trend.fallingShare * 100) / 100,
        severity: etaSeconds < o.criticalEtaSeconds ? 'critical' : 'warning',
        eta: new Date(time + etaSeconds * 1000).toISOString(),
        etaSeconds: Math.round(etaSeconds),
        etaIntervalSeconds: [Math.round(interval[0]), Math.round(interval[1])],
        message: mount === undefined ? `Disk ${when}` : `Disk ${mount} ${when}`,
        recommendation: `Clean up logs/temp files. Disk ${when}`,
        time,
      } satisfies Prediction
    },
  }
}

function resolve(options: DiskExhaustionOptions) {
  const d = diskExhaustionDefaults
  const n = (name: keyof typeof d & keyof DiskExhaustionOptions) => (options[name] ?? d[name]) as number
  if (options.capacityBytes !== undefined)
    checkNumber('diskExhaustion.capacityBytes', options.capacityBytes, 0)
  if (options.metric !== undefined && (typeof options.metric !== 'string' || options.metric === ''))
    throw invalidOption('diskExhaustion.metric', 'a non-empty metric name', options.metric)
  return Object.freeze({
    labels: options.labels,
    metric: options.metric ?? d.metric,
    bucketMs: checkNumber('diskExhaustion.bucketMs', n('bucketMs'), 0),
    windowMs: checkNumber('diskExhaustion.windowMs', n('windowMs'), 0),
    maxEtaSeconds: checkNumber('diskExhaustion.maxEtaSeconds', n('maxEtaSeconds'), 0),
    criticalEtaSeconds: checkNumber('diskExhaustion.criticalEtaSeconds', n('criticalEtaSeconds'), 0, {
      inclusive: true,
    }),
    minUtilizationPercent: checkNumber(
      'diskExhaustion.minUtilizationPercent',
      n('minUtilizationPercent'),
      0,
      {
        max: 100,
        inclusive: true,
      },
    ),
    maxExtrapolation: checkNumber('diskExhaustion.maxExtrapolation', n('maxExtrapolation'), 0),
    releasePercent: checkNumber('diskExhaustion.releasePercent', n('releasePercent'), 0, { max: 100 }),
    holdMs: checkNumber('diskExhaustion.holdMs', n('holdMs'), 0, { inclusive: true }),
    minConsistency: checkNumber('diskExhaustion.minConsistency', n('minConsistency'), 0, {
      max: 1,
      inclusive: true,
    }),
    significance: checkNumber('diskExhaustion.significance', n('significance'), 0, { max: 0.5 }),
    confidence: checkNumber('diskExhaustion.confidence', n('confidence'), 0, { max: 0.999 }),
  })
}

/**
 * Remembers the last clean-up (a jump up in free space) and the lowest free space before it. A disk
 * that cleans itself up (log rotation, image GC) is only filling when it goes past that low-water mark.
 */
function cleanupTracker(windowMs: number, releasePercent: number) {
  let previous: number | undefined
  let lowestSinceCleanup = Number.POSITIVE_INFINITY
  let lowBeforeCleanup: number | undefined
  let cleanupTime = Number.NEGATIVE_INFINITY
  return {
    observe(time: number, value: number, capacityBytes: number | undefined) {
      const jump = ((capacityBytes ?? value) * releasePercent) / 100
      if (previous !== undefined && value - previous >= jump) {
        lowBeforeCleanup = lowestSinceCleanup
        cleanupTime = time
        lowestSinceCleanup = value
      }
      lowestSinceCleanup = Math.min(lowestSinceCleanup, value)
      previous = value
    },
    notPastLastPeak(time: number, available: number): boolean {
      if (lowBeforeCleanup === undefined || time - cleanupTime > windowMs) return false
      return available >= lowBeforeCleanup
    },
  }
}
