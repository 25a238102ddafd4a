import type { Labels } from '../metrics/sample'
import type { Severity } from '../monitor/monitor-issue'

/** The built-in prediction kinds; hosts may register more. */
export const predictionKinds = [
  'cpu_overload',
  'memory_leak',
  'disk_exhaustion',
  'performance_degradation',
  'anomaly',
] as const

/** One of {@link predictionKinds}, or a kind the host registers. */
export type PredictionKind = (typeof predictionKinds)[number] | (string & {})

/**
 * Something expected to go wrong, with when and how sure.
 *
 * @example
 * { kind: 'disk_exhaustion', metric: 'disk.utilization', labels: { mount: '/' }, probability: 0.9,
 *   severity: 'warning', etaSeconds: 276480, eta: '2026-03-05T08:00:00.000Z',
 *   message: 'Disk / will be full in 3.2 days', recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days' }
 */
export interface Prediction {
  readonly kind: PredictionKind
  readonly metric: string
  readonly labels?: Labels
  /** 0–1. */
  readonly probability: number
  readonly severity: Severity
  /** When the problem is expected (ISO 8601); absent for anomalies, which are now. */
  readonly eta?: string
  readonly etaSeconds?: number
  /** A confidence interval on the ETA, in seconds from `generatedAt`, when the method gives one. */
  readonly etaIntervalSeconds?: readonly [number, number]
  readonly message: string
  readonly recommendation: string
  /** When the prediction was made (epoch ms of the sample that produced it). */
  readonly time: number
}

/**
 * A per-series detector for one prediction kind. It is fed every sample of the metrics it watches,
 * in time order, keeps bounded state updated in O(1) per sample, and says what it predicts now.
 */
export interface SeriesPredictor {
  /** Feeds one sample; returns the current prediction for this series, or undefined when none. */
  update(time: number, value: number): Prediction | undefined
}
