import type { Sample } from '../metrics/sample'
import type { MonitorIssue } from './monitor-issue'
import { unitOf } from '../metrics/metric-catalog'
import { checkKey } from './thresholds'

/** `pass`, `warn` or `fail`, as in the IETF health-check draft. */
export type HealthStatus = 'pass' | 'warn' | 'fail'

/** One entry of a health check (one series). */
export interface HealthCheckEntry {
  readonly componentId?: string
  readonly componentType: 'system' | 'component'
  readonly observedValue: number
  readonly observedUnit: string
  readonly status: HealthStatus
  /** ISO 8601 time of the observation. */
  readonly time: string
  readonly output?: string
}

/**
 * The body of `GET /health` (`application/health+json`).
 *
 * @example
 * { status: 'fail', serviceId: 'orders', description: 'Proactive Monitor',
 *   checks: { 'cpu:utilization': [{ observedValue: 92, observedUnit: 'percent', status: 'fail', … }] },
 *   issues: [{ severity: 'critical', message: 'CPU at 92% (threshold: 85%)', … }] }
 */
export interface HealthReport {
  readonly status: HealthStatus
  readonly serviceId: string
  readonly description: string
  readonly time: string
  /** The messages of current issues, joined; absent when all pass. */
  readonly output?: string
  readonly checks: Readonly<Record<string, readonly HealthCheckEntry[]>>
  readonly issues: readonly HealthIssue[]
}

/** A current issue as `/health` shows it. */
export interface HealthIssue {
  readonly check: string
  readonly metric: string
  readonly severity: MonitorIssue['severity']
  readonly message: string
  readonly value: number
  readonly threshold: number
  readonly since: string
  readonly labels?: Readonly<Record<string, string>>
}

const statusOfSeverity = { warning: 'warn', critical: 'fail' } as const
const systemComponents = new Set(['cpu', 'memory', 'disk', 'load', 'network'])

/** The metrics `/health` shows even when no threshold watches them. */
export const healthMetrics: readonly string[] = [
  'cpu.utilization',
  'memory.utilization',
  'disk.utilization',
  'eventloop.delay.p99_ms',
  'eventloop.utilization',
  'process.heap.used_bytes',
  'process.rss_bytes',
]

/** Builds the health report from the latest samples and the current issues. */
export function buildHealthReport(input: {
  serviceId: string
  time: number
  latest: Iterable<Sample>
  issues: readonly MonitorIssue[]
  watchedMetrics: ReadonlySet<string>
}): HealthReport {
  const issueBySeries = new Map<string, MonitorIssue>()
  for (const issue of input.issues)
    issueBySeries.set(`${issue.metric}|${JSON.stringify(issue.labels)}`, issue)

  const checks: Record<string, HealthCheckEntry[]> = {}
  for (const sample of input.latest) {
    if (!input.watchedMetrics.has(sample.metric) && !healthMetrics.includes(sample.metric)) continue
    const issue = issueBySeries.get(`${sample.metric}|${JSON.stringify(sample.labels ?? {})}`)
    const key = checkKey(sample.metric)
    const component = key.slice(0, key.indexOf(':'))
    const componentId = sample.labels?.mount ?? sample.labels?.route
    const entry: HealthCheckEntry = {
      ...(componentId === undefined ? {} : { componentId }),
      componentType: systemComponents.has(component) ? 'system' : 'component',
      observedValue: round(sample.value),
      observedUnit: unitOf(sample.metric),
      status: issue ? statusOfSeverity[issue.severity] : 'pass',
      time: new Date(sample.time).toISOString(),
      ...(issue ? { output: issue.message } : {}),
    }
    ;(checks[key] ??= []).push(entry)
  }

  const issues = [...input.issues].sort((a, b) => rank(b.severity) - rank(a.severity) || a.since - b.since)
  const status: HealthStatus = issues.some((i) => i.severity === 'critical')
    ? 'fail'
    : issues.length > 0
      ? 'warn'
      : 'pass'
  return {
    status,
    serviceId: input.serviceId,
    description: 'Proactive Monitor',
    time: new Date(input.time).toISOString(),
    ...(issues.length > 0 ? { output: issues.map((i) => i.message).join('; ') } : {}),
    checks,
    issues: issues.map((issue) => ({
      check: issue.check,
      metric: issue.metric,
      severity: issue.severity,
      message: issue.message,
      value: round(issue.value),
      threshold: issue.threshold,
      since: new Date(issue.since).toISOString(),
      ...(Object.keys(issue.labels).length > 0 ? { labels: issue.labels } : {}),
    })),
  }
}

function rank(severity: MonitorIssue['severity']): number {
  return severity === 'critical' ? 2 : 1
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
