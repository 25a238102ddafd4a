import type { MonitorIssue, Severity } from '../monitor/monitor-issue'
import type { Prediction } from '../predictor/prediction'
import type { Labels } from '../metrics/sample'
import { invalidOption } from '../errors/codes'
import { formatDuration, formatMs, plural, stableKey } from './format'

/** What a notification is about. */
export const notificationKinds = ['alert', 'prediction', 'resolved', 'optimization', 'report'] as const
/** One of {@link notificationKinds}. */
export type NotificationKind = (typeof notificationKinds)[number]
/** How urgent a notification is; `info` for good news. */
export type NotificationSeverity = 'info' | Severity

/** One line of a notification: an issue, a prediction, an optimization. */
export interface NotificationItem {
  readonly title: string
  readonly detail?: string
  /** Shown as `name: value` lines, in insertion order. */
  readonly fields?: Readonly<Record<string, string>>
}

/**
 * The message every notifier renders (Slack blocks, email, webhook JSON, console text).
 *
 * @example
 * criticalIssuesNotification([issue], 'Auto-scaling initiated') // → { title: '🚨 Critical System Issues Detected', … }
 */
export interface Notification {
  /** Stable deduplication key: the same subject gives the same id. */
  readonly id: string
  readonly kind: NotificationKind
  readonly severity: NotificationSeverity
  readonly title: string
  readonly summary: string
  readonly items: readonly NotificationItem[]
  /** What Proactive did or recommends, rendered as `Action: …`. */
  readonly action?: string
  /** Epoch milliseconds of the event. */
  readonly time: number
  readonly groupKey?: string
  readonly labels?: Labels
}

/**
 * The guide's "🚨 Critical System Issues Detected" alert, one item per issue.
 *
 * @example
 * criticalIssuesNotification(issues, 'Auto-scaling initiated') // items: ['CPU at 92% (threshold: 85%)'], action set
 */
export function criticalIssuesNotification(issues: readonly MonitorIssue[], action?: string): Notification {
  requireSome('criticalIssuesNotification(issues)', 'MonitorIssue', issues)
  return {
    id: stableKey(
      'alert',
      issues.map((issue) => issue.id),
    ),
    kind: 'alert',
    severity: issues.some((issue) => issue.severity === 'critical') ? 'critical' : 'warning',
    title: '🚨 Critical System Issues Detected',
    summary: `${plural(issues.length, 'issue')} need${issues.length === 1 ? 's' : ''} attention`,
    items: issues.map((issue) => ({
      title: issue.message,
      fields: {
        Metric: issue.metric,
        Value: String(issue.value),
        Threshold: String(issue.threshold),
        Since: new Date(issue.since).toISOString(),
      },
    })),
    ...(action === undefined ? {} : { action }),
    time: Math.max(...issues.map((issue) => issue.lastSeen)),
    groupKey: 'alert',
  }
}

/**
 * The guide's "⚠️ Potential Issues Predicted", with each message, recommendation and ETA.
 *
 * @example
 * predictionsNotification([diskPrediction]) // item fields: { Recommendation: 'Clean up logs/temp files…', ETA: 'in 3.2 days (…)' }
 */
export function predictionsNotification(predictions: readonly Prediction[]): Notification {
  requireSome('predictionsNotification(predictions)', 'Prediction', predictions)
  return {
    id: stableKey(
      'prediction',
      predictions.map(
        (prediction) => `${prediction.kind}|${prediction.metric}|${labelKey(prediction.labels)}`,
      ),
    ),
    kind: 'prediction',
    severity: predictions.some((prediction) => prediction.severity === 'critical') ? 'critical' : 'warning',
    title: '⚠️ Potential Issues Predicted',
    summary: `${plural(predictions.length, 'issue')} expected within the forecast horizon`,
    items: predictions.map((prediction) => ({
      title: prediction.message,
      fields: {
        Recommendation: prediction.recommendation,
        ETA: formatEta(prediction),
        Probability: `${Math.round(prediction.probability * 100)}%`,
      },
    })),
    time: Math.max(...predictions.map((prediction) => prediction.time)),
    groupKey: 'prediction',
  }
}

/**
 * "✅ Resolved: …" for issues that ended, with how long each lasted.
 *
 * @example
 * resolvedNotification([issue]) // title: '✅ Resolved: CPU at 92% (threshold: 85%)'
 */
export function resolvedNotification(issues: readonly MonitorIssue[]): Notification {
  requireSome('resolvedNotification(issues)', 'MonitorIssue', issues)
  const [first] = issues
  const endOf = (issue: MonitorIssue) => issue.resolvedAt ?? issue.lastSeen
  return {
    id: stableKey(
      'resolved',
      issues.map((issue) => issue.id),
    ),
    kind: 'resolved',
    severity: 'info',
    title:
      issues.length === 1 && first ? `✅ Resolved: ${first.message}` : `✅ Resolved: ${issues.length} issues`,
    summary: `${plural(issues.length, 'issue')} back below ${issues.length === 1 ? 'its' : 'their'} threshold`,
    items: issues.map((issue) => ({
      title: issue.message,
      fields: {
        Metric: issue.metric,
        Lasted: formatDuration(endOf(issue) - issue.since),
        'Resolved at': new Date(endOf(issue)).toISOString(),
      },
    })),
    time: Math.max(...issues.map(endOf)),
    groupKey: 'alert',
  }
}

/** Input of {@link optimizationNotification}. */
export interface OptimizationSummary {
  /** What was done: `Created index: idx_appointments_barber_id`. */
  readonly title: string
  /** The measurement before and after, in milliseconds. */
  readonly beforeMs: number
  readonly afterMs: number
  /** Endpoints (or queries) that benefit. */
  readonly affected: readonly string[]
  /** What was measured. Default 'Query time'. */
  readonly measure?: string
  /** Epoch ms of the change. Default: now. */
  readonly time?: number
}

/**
 * The guide's "✅ Performance Optimization Applied" with the before/after numbers.
 *
 * @example
 * optimizationNotification({ title: 'Created index: idx_appointments_barber_id', beforeMs: 850, afterMs: 45,
 *   affected: ['/api/v1/appointments'] }) // summary: 'Created index: … — Query time 850ms → 45ms — Affected endpoints: /api/v1/appointments'
 */
export function optimizationNotification(summary: OptimizationSummary): Notification {
  for (const key of ['beforeMs', 'afterMs'] as const)
    if (!Number.isFinite(summary[key]) || summary[key] < 0)
      throw invalidOption(`OptimizationSummary.${key}`, 'a non-negative number', summary[key])
  const change = `${summary.measure ?? 'Query time'} ${formatMs(summary.beforeMs)} → ${formatMs(summary.afterMs)}`
  const affected = summary.affected.length > 0 ? summary.affected.join(', ') : '(none)'
  const saved = summary.beforeMs > 0 ? Math.round((1 - summary.afterMs / summary.beforeMs) * 100) : 0
  return {
    id: stableKey('optimization', [summary.title]),
    kind: 'optimization',
    severity: 'info',
    title: '✅ Performance Optimization Applied',
    summary: `${summary.title} — ${change} — Affected endpoints: ${affected}`,
    items: [
      {
        title: summary.title,
        detail: `${change} (${saved}% faster)`,
        fields: { 'Affected endpoints': affected },
      },
    ],
    time: summary.time ?? Date.now(),
    groupKey: 'optimization',
  }
}

function formatEta(prediction: Prediction): string {
  if (prediction.etaSeconds === undefined) return 'now'
  const words = `in ${formatDuration(prediction.etaSeconds * 1000)}`
  return prediction.eta === undefined ? words : `${words} (${prediction.eta})`
}

function labelKey(labels: Labels | undefined): string {
  if (!labels) return ''
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',')
}

function requireSome(name: string, what: string, values: readonly unknown[]): void {
  if (!Array.isArray(values) || values.length === 0) throw invalidOption(name, `at least one ${what}`, values)
}
