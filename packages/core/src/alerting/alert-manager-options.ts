import type { Clock } from '../clock/clock'
import type { Storage } from '../storage/storage'
import type { Logger } from '../logging/logger'
import type { Labels } from '../metrics/sample'
import type { Notification } from '../notifiers/notification'
import type { Alert } from './alert'
import type { AlertSink } from './alert-sink'
import { invalidOption } from '../errors/codes'
import { parseDuration } from '../config/duration'

/** Milliseconds, or a duration such as `'30s'`, `'5m'`, `'4h'` (see `parseDuration`). */
export type DurationInput = number | string

/** One routing rule: alerts whose labels include all of `match` go to `receivers`. */
export interface AlertRoute {
  readonly match: Labels
  readonly receivers: readonly string[]
  /** Keep checking later routes after this one matched (Alertmanager's `continue`). Default false. */
  readonly continue?: boolean
}

/** Receivers by severity, the short form of {@link AlertRoute} rules. */
export type SeverityRoutes = Readonly<Partial<Record<Alert['severity'], readonly string[]>>>

/**
 * Mutes `target` alerts while a firing `source` alert has the same values of the `equal` labels
 * (a label missing on both sides counts as equal, as in Alertmanager).
 */
export interface InhibitRule {
  readonly sourceMatch: Labels
  readonly targetMatch: Labels
  readonly equal: readonly string[]
}

/** Options for `createAlertManager`. */
export interface AlertManagerOptions {
  readonly clock: Clock
  /** Where silences live (the `silences` collection), shared by every instance on it. */
  readonly storage: Storage
  readonly sink: AlertSink
  readonly logger?: Logger
  /** Added as the `service` label of alerts that have none. */
  readonly serviceName?: string
  /** Labels whose values form a group. Default `['alertname']`. */
  readonly groupBy?: readonly string[]
  /** How long a new group waits to batch alerts before its first notification. Default 30 s. */
  readonly groupWaitMs?: DurationInput
  /** How often a group's changes are sent at most. Default 5 min. */
  readonly groupIntervalMs?: DurationInput
  /** After how long an unchanged firing group is sent again. Default 4 h. */
  readonly repeatIntervalMs?: DurationInput
  /** Receivers by severity, or rules checked in order. Default `{ critical: ['default'], warning: ['default'] }`. */
  readonly routes?: SeverityRoutes | readonly AlertRoute[]
  /** Where alerts that match no route go. Default `'default'`. */
  readonly defaultReceiver?: string
  /** Default: a critical alert mutes the warning with the same alertname and metric/mount/route. */
  readonly inhibitRules?: readonly InhibitRule[]
  /** Alerts kept; beyond it the oldest resolved, then the oldest firing, are dropped and counted. Default 10_000. */
  readonly maxAlerts?: number
  /** Silences kept in memory (the newest by creation). Default 1_000. */
  readonly maxSilences?: number
  /** Called after a notification was handed to the sink; the lead publishes events from it. */
  readonly onNotify?: (receiver: string, notification: Notification) => void
}

/** The defaults of {@link AlertManagerOptions} (durations in milliseconds). */
export const alertManagerDefaults = Object.freeze({
  groupBy: Object.freeze(['alertname']) as readonly string[],
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 14_400_000,
  routes: Object.freeze({
    critical: Object.freeze(['default']),
    warning: Object.freeze(['default']),
  }) as SeverityRoutes,
  defaultReceiver: 'default',
  inhibitRules: Object.freeze([
    Object.freeze({
      sourceMatch: Object.freeze({ severity: 'critical' }),
      targetMatch: Object.freeze({ severity: 'warning' }),
      equal: Object.freeze(['alertname', 'metric', 'mount', 'route']),
    }),
  ]) as readonly InhibitRule[],
  maxAlerts: 10_000,
  maxSilences: 1_000,
})

/** {@link AlertManagerOptions} after defaults and validation. */
export interface ResolvedAlertManagerOptions {
  readonly groupBy: readonly string[]
  readonly groupWaitMs: number
  readonly groupIntervalMs: number
  readonly repeatIntervalMs: number
  readonly routes: readonly AlertRoute[]
  readonly defaultReceiver: string
  readonly inhibitRules: readonly InhibitRule[]
  readonly maxAlerts: number
  readonly maxSilences: number
}

// Node fires longer timeouts immediately, so timer delays stay below 2^31 ms (about 24.8 days).
const maxTimerMs = 2_147_483_647

/** Applies defaults and validates; throws `PROACTIVE_ERR_INVALID_OPTION` naming the bad option. */
export function resolveAlertManagerOptions(options: AlertManagerOptions): ResolvedAlertManagerOptions {
  const name = (key: string) => `AlertManagerOptions.${key}`
  if (!options || typeof options !== 'object')
    throw invalidOption('AlertManagerOptions', 'an object', options)
  for (const [key, method] of [
    ['clock', 'setTimeout'],
    ['storage', 'listRecords'],
    ['sink', 'enqueue'],
  ] as const)
    if (typeof (options[key] as unknown as Record<string, unknown> | undefined)?.[method] !== 'function')
      throw invalidOption(name(key), `an object with method ${method}()`, options[key])
  if (options.onNotify !== undefined && typeof options.onNotify !== 'function')
    throw invalidOption(name('onNotify'), 'a function', options.onNotify)
  if (options.serviceName !== undefined) requireText(name('serviceName'), options.serviceName)
  const groupBy = options.groupBy ?? alertManagerDefaults.groupBy
  requireTextList(name('groupBy'), groupBy, true)
  const groupIntervalMs = resolveDuration(
    name('groupIntervalMs'),
    options.groupIntervalMs,
    alertManagerDefaults.groupIntervalMs,
    1,
    maxTimerMs,
  )
  const defaultReceiver = options.defaultReceiver ?? alertManagerDefaults.defaultReceiver
  requireText(name('defaultReceiver'), defaultReceiver)
  return Object.freeze({
    groupBy: Object.freeze([...groupBy]),
    groupWaitMs: resolveDuration(
      name('groupWaitMs'),
      options.groupWaitMs,
      alertManagerDefaults.groupWaitMs,
      0,
      maxTimerMs,
    ),
    groupIntervalMs,
    repeatIntervalMs: resolveDuration(
      name('repeatIntervalMs'),
      options.repeatIntervalMs,
      alertManagerDefaults.repeatIntervalMs,
      groupIntervalMs,
      Number.MAX_SAFE_INTEGER,
    ),
    routes: resolveRoutes(options.routes ?? alertManagerDefaults.routes),
    defaultReceiver,
    inhibitRules: resolveInhibitRules(options.inhibitRules ?? alertManagerDefaults.inhibitRules),
    maxAlerts: resolveCount(name('maxAlerts'), options.maxAlerts, alertManagerDefaults.maxAlerts),
    maxSilences: resolveCount(name('maxSilences'), options.maxSilences, alertManagerDefaults.maxSilences),
  })
}

/**
 * Reads a duration given as milliseconds or text; throws naming `name` when it is not one or is out of range.
 *
 * @example
 * resolveDuration('AlertManagerOptions.groupWaitMs', '2s', 30_000, 0, 60_000) // 2000
 */
export function resolveDuration(
  name: string,
  value: DurationInput | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  const ms = typeof value === 'string' ? parseDuration(value) : value
  const range = min > 0 ? `a duration of at least ${min} ms` : 'a non-negative duration'
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < min || ms > max)
    throw invalidOption(name, `${range} (milliseconds, or text such as '30s', '5m', '4h')`, value)
  return Math.round(ms)
}

function resolveRoutes(routes: SeverityRoutes | readonly AlertRoute[]): readonly AlertRoute[] {
  const name = 'AlertManagerOptions.routes'
  if (Array.isArray(routes)) {
    return Object.freeze(
      (routes as readonly AlertRoute[]).map((route, index) => {
        const at = `${name}[${index}]`
        if (!route || typeof route !== 'object') throw invalidOption(at, 'an object', route)
        requireLabels(`${at}.match`, route.match)
        requireTextList(`${at}.receivers`, route.receivers, false)
        return Object.freeze({ ...route, receivers: Object.freeze([...route.receivers]) })
      }),
    )
  }
  if (!routes || typeof routes !== 'object')
    throw invalidOption(
      name,
      '{ critical, warning } receiver lists or a list of { match, receivers }',
      routes,
    )
  for (const key of Object.keys(routes))
    if (key !== 'critical' && key !== 'warning')
      throw invalidOption(`${name}.${key}`, 'not set (only critical and warning)', key)
  const severityRoutes = routes as SeverityRoutes
  return Object.freeze(
    (['critical', 'warning'] as const).flatMap((severity) => {
      const receivers = severityRoutes[severity]
      if (receivers === undefined) return []
      requireTextList(`${name}.${severity}`, receivers, false)
      return [Object.freeze({ match: { severity }, receivers: Object.freeze([...receivers]) })]
    }),
  )
}

function resolveInhibitRules(rules: readonly InhibitRule[]): readonly InhibitRule[] {
  const name = 'AlertManagerOptions.inhibitRules'
  if (!Array.isArray(rules)) throw invalidOption(name, 'a list of { sourceMatch, targetMatch, equal }', rules)
  return Object.freeze(
    (rules as readonly InhibitRule[]).map((rule, index) => {
      const at = `${name}[${index}]`
      if (!rule || typeof rule !== 'object') throw invalidOption(at, 'an object', rule)
      requireLabels(`${at}.sourceMatch`, rule.sourceMatch)
      requireLabels(`${at}.targetMatch`, rule.targetMatch)
      requireTextList(`${at}.equal`, rule.equal, true)
      return Object.freeze({ ...rule, equal: Object.freeze([...rule.equal]) })
    }),
  )
}

function resolveCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1) throw invalidOption(name, 'a positive integer', value)
  return value
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) throw invalidOption(name, 'a non-empty string', value)
}

function requireTextList(name: string, value: unknown, allowEmpty: boolean): void {
  const ok =
    Array.isArray(value) &&
    (allowEmpty || value.length > 0) &&
    value.every((item) => typeof item === 'string' && item.length > 0)
  if (!ok) throw invalidOption(name, `a ${allowEmpty ? '' : 'non-empty '}list of non-empty strings`, value)
}

/** Checks a label map: an object of string values. */
export function requireLabels(name: string, value: unknown): void {
  const ok =
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  if (!ok) throw invalidOption(name, 'an object of string label values', value)
}
