import type { Labels } from '../metrics/sample'
import type { Notification, NotificationItem } from '../notifiers/notification'
import { invalidOption } from '../errors/codes'
import { formatDuration, plural, stableKey } from '../notifiers/format'
import type { Alert } from './alert'

/** What the alert manager adds to a notification built from a group. */
export interface AlertNotificationContext {
  /** The deduplication key; default: derived from the alerts' labels and start times. */
  readonly id?: string
  readonly groupKey?: string
  readonly labels?: Labels
  /** Rendered as `Action: …`. */
  readonly action?: string
}

/**
 * The guide's firing message for a group of alerts: "⚠️ Potential Issues Predicted" when every alert
 * comes from the predictor, "🚨 Critical System Issues Detected" when one is critical, and
 * "⚠️ System Issues Detected" for warnings only.
 *
 * @example
 * firingAlertsNotification([cpuAlert]) // { title: '🚨 Critical System Issues Detected', items: [{ title: 'CPU at 92% (threshold: 85%)', … }] }
 */
export function firingAlertsNotification(
  alerts: readonly Alert[],
  context: AlertNotificationContext = {},
): Notification {
  requireAlerts('firingAlertsNotification(alerts)', alerts)
  const predicted = alerts.every((alert) => alert.source === 'predictor')
  const critical = alerts.some((alert) => alert.severity === 'critical')
  return {
    id: context.id ?? stableKey('alert', alerts.map(alertKey)),
    kind: predicted ? 'prediction' : 'alert',
    severity: critical ? 'critical' : 'warning',
    title: predicted
      ? '⚠️ Potential Issues Predicted'
      : critical
        ? '🚨 Critical System Issues Detected'
        : '⚠️ System Issues Detected',
    summary: predicted
      ? `${plural(alerts.length, 'issue')} expected within the forecast horizon`
      : `${plural(alerts.length, 'issue')} need${alerts.length === 1 ? 's' : ''} attention`,
    items: alerts.map(firingItem),
    ...(context.action === undefined ? {} : { action: context.action }),
    time: Math.max(...alerts.map((alert) => alert.startsAt)),
    ...(context.groupKey === undefined ? {} : { groupKey: context.groupKey }),
    ...(context.labels === undefined ? {} : { labels: context.labels }),
  }
}

/**
 * "✅ Resolved: …" for alerts that ended, with how long each lasted.
 *
 * @example
 * resolvedAlertsNotification([{ ...cpuAlert, status: 'resolved', endsAt }]) // title: '✅ Resolved: CPU at 92% (threshold: 85%)'
 */
export function resolvedAlertsNotification(
  alerts: readonly Alert[],
  context: AlertNotificationContext = {},
): Notification {
  requireAlerts('resolvedAlertsNotification(alerts)', alerts)
  const [first] = alerts
  const endOf = (alert: Alert) => alert.endsAt ?? alert.startsAt
  return {
    id:
      context.id ??
      stableKey(
        'resolved',
        alerts.map((alert) => `${alertKey(alert)}@${endOf(alert)}`),
      ),
    kind: 'resolved',
    severity: 'info',
    title:
      alerts.length === 1 && first ? `✅ Resolved: ${first.summary}` : `✅ Resolved: ${alerts.length} issues`,
    summary: `${plural(alerts.length, 'issue')} resolved`,
    items: alerts.map((alert) => ({
      title: alert.summary,
      fields: {
        Metric: metricOf(alert),
        Lasted: formatDuration(endOf(alert) - alert.startsAt),
        'Resolved at': new Date(endOf(alert)).toISOString(),
      },
    })),
    ...(context.action === undefined ? {} : { action: context.action }),
    time: Math.max(...alerts.map(endOf)),
    ...(context.groupKey === undefined ? {} : { groupKey: context.groupKey }),
    ...(context.labels === undefined ? {} : { labels: context.labels }),
  }
}

function firingItem(alert: Alert): NotificationItem {
  const fields: Record<string, string> = { Metric: metricOf(alert), Severity: alert.severity }
  if (alert.value !== undefined) fields.Value = String(alert.value)
  if (alert.threshold !== undefined) fields.Threshold = String(alert.threshold)
  fields.Since = new Date(alert.startsAt).toISOString()
  if (alert.recommendation !== undefined) fields.Recommendation = alert.recommendation
  return { title: alert.summary, fields }
}

function metricOf(alert: Alert): string {
  return alert.labels.metric ?? alert.labels.alertname ?? '(unnamed)'
}

function alertKey(alert: Alert): string {
  const labels = Object.keys(alert.labels)
    .sort()
    .map((key) => `${key}=${alert.labels[key]}`)
  return `${labels.join(',')}@${alert.startsAt}`
}

function requireAlerts(name: string, alerts: readonly Alert[]): void {
  if (!Array.isArray(alerts) || alerts.length === 0) throw invalidOption(name, 'at least one Alert', alerts)
}
