import type { Labels } from '../metrics/sample'

/** Where an alert came from. */
export type AlertSource = 'monitor' | 'predictor' | 'host'

/**
 * One alert, as the alert manager groups, deduplicates and routes it (Alertmanager's model).
 * `labels` identify it: the same labels are the same alert (its fingerprint).
 *
 * @example
 * { labels: { alertname: 'cpu:utilization', severity: 'critical', service: 'api' },
 *   severity: 'critical', status: 'firing', summary: 'CPU at 92% (threshold: 85%)',
 *   startsAt: 1767225600000, source: 'monitor' }
 */
export interface Alert {
  /** Always has `alertname`; the manager adds `severity` and `service` when missing. */
  readonly labels: Labels
  readonly severity: 'warning' | 'critical'
  readonly status: 'firing' | 'resolved'
  /** The message: "CPU at 92% (threshold: 85%)". */
  readonly summary: string
  readonly recommendation?: string
  /** Epoch ms. */
  readonly startsAt: number
  /** Epoch ms; set when resolved. */
  readonly endsAt?: number
  readonly source: AlertSource
  readonly value?: number
  readonly threshold?: number
}
