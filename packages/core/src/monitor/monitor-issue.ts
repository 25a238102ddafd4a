import type { Labels } from '../metrics/sample'

/** How bad an issue is. */
export type Severity = 'warning' | 'critical'

/**
 * A threshold that is crossed right now, with the guide's message.
 *
 * @example
 * { metric: 'cpu.utilization', severity: 'critical', value: 92, threshold: 85,
 *   message: 'CPU at 92% (threshold: 85%)', since: 1767225600000, … }
 */
export interface MonitorIssue {
  /** Stable for the life of the issue: series key plus start time. */
  readonly id: string
  readonly metric: string
  readonly labels: Labels
  /** `component:measurement`, the health check key it belongs to (`cpu:utilization`). */
  readonly check: string
  readonly severity: Severity
  readonly value: number
  readonly threshold: number
  readonly message: string
  /** When the threshold was first crossed (epoch ms). */
  readonly since: number
  /** The time of the sample that last confirmed it. */
  readonly lastSeen: number
  /** Set once the issue has ended. */
  readonly resolvedAt?: number
}
