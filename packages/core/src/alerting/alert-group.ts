import type { Labels } from '../metrics/sample'
import { stableKey } from '../notifiers/format'
import type { Alert } from './alert'

/** One aggregation group: the alerts of one receiver that share the `groupBy` label values. */
export interface AlertGroup {
  readonly key: string
  readonly receiver: string
  readonly labels: Labels
  /** Fingerprints of the group's alerts. */
  readonly members: Set<string>
  /** Fingerprints sent as firing and not yet sent as resolved. */
  readonly notified: Set<string>
  nextFlushAt: number
  lastFiringSentAt?: number
}

/** An alert of a group with its fingerprint. */
export interface GroupedAlert {
  readonly fingerprint: string
  readonly alert: Alert
}

/**
 * The deduplication key of a firing notification. It is derived from the group's state, not from an
 * in-memory counter, so it is the same after a restart: receiver, group key, each alert's fingerprint
 * and `startsAt`, and the repeat bucket `floor((now - earliest startsAt) / repeatIntervalMs)`. A retry
 * of a send within the same repeat interval gets the same key; a repeat gets the next bucket.
 */
export function firingNotificationId(
  group: AlertGroup,
  alerts: readonly GroupedAlert[],
  now: number,
  repeatIntervalMs: number,
): string {
  const earliest = Math.min(...alerts.map(({ alert }) => alert.startsAt))
  const bucket = Math.floor(Math.max(0, now - earliest) / repeatIntervalMs)
  return stableKey('alert', [
    `receiver=${group.receiver}`,
    `group=${group.key}`,
    `repeat=${bucket}`,
    ...alerts.map(({ fingerprint, alert }) => `${fingerprint}@${alert.startsAt}`),
  ])
}

/** The deduplication key of a resolved notification: receiver, group key, each alert's fingerprint, start and end. */
export function resolvedNotificationId(group: AlertGroup, alerts: readonly GroupedAlert[]): string {
  return stableKey('resolved', [
    `receiver=${group.receiver}`,
    `group=${group.key}`,
    ...alerts.map(({ fingerprint, alert }) => `${fingerprint}@${alert.startsAt}@${alert.endsAt}`),
  ])
}

const severities = new Set(['warning', 'critical'])
const statuses = new Set(['firing', 'resolved'])

/**
 * Checks an alert from outside and adds the `severity` (and `service`) labels when missing; undefined
 * when it is malformed.
 *
 * @example
 * normalizeAlert({ labels: { alertname: 'cpu' }, severity: 'critical', … }, 'api')?.labels // { alertname: 'cpu', severity: 'critical', service: 'api' }
 */
export function normalizeAlert(alert: Alert, serviceName: string | undefined): Alert | undefined {
  const valid =
    !!alert &&
    typeof alert === 'object' &&
    !!alert.labels &&
    typeof alert.labels === 'object' &&
    typeof alert.labels.alertname === 'string' &&
    alert.labels.alertname.length > 0 &&
    Object.values(alert.labels).every((value) => typeof value === 'string') &&
    severities.has(alert.severity) &&
    statuses.has(alert.status) &&
    typeof alert.summary === 'string' &&
    Number.isFinite(alert.startsAt)
  if (!valid) return undefined
  const labels: Record<string, string> = { ...alert.labels }
  labels.severity ??= alert.severity
  if (serviceName !== undefined) labels.service ??= serviceName
  return { ...alert, labels }
}
