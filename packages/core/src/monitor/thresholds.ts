import type { Labels } from '../metrics/sample'
import type { Severity } from './monitor-issue'
import { invalidOption } from '../errors/codes'

/** A warning and a critical level for one metric; either may be left out. */
export interface ThresholdLevels {
  warning?: number
  critical?: number
}

/** A threshold on any metric, for checks beyond the built-in ones. */
export interface ThresholdRule extends ThresholdLevels {
  readonly metric: string
  /** What the message calls it: `CPU`, `Memory`, `Queue depth`. */
  readonly name: string
  /** Appended to numbers in the message: `%`, `ms`, `` (none). */
  readonly unit: string
  /** `above` (default) fires when the value is ≥ the level; `below` when it is ≤. */
  readonly direction?: 'above' | 'below'
}

/** Thresholds the monitor evaluates. Defaults follow the guide (CPU 70/85, memory 75/90). */
export interface ThresholdOptions {
  cpu?: ThresholdLevels
  memory?: ThresholdLevels
  disk?: ThresholdLevels
  /** On `eventloop.delay.p99_ms`, in milliseconds. */
  eventLoopDelayMs?: ThresholdLevels
  /** Extra rules on any metric. */
  rules?: readonly ThresholdRule[]
}

/** The default thresholds, in the units of their metrics. */
export const thresholdDefaults = Object.freeze({
  cpu: Object.freeze({ warning: 70, critical: 85 }),
  memory: Object.freeze({ warning: 75, critical: 90 }),
  disk: Object.freeze({ warning: 80, critical: 90 }),
  eventLoopDelayMs: Object.freeze({ warning: 200, critical: 1000 }),
})

/** Resolves options into the list of rules the monitor checks, validating every level. */
export function resolveThresholdRules(options: ThresholdOptions = {}): readonly ThresholdRule[] {
  const builtIn: ThresholdRule[] = [
    {
      metric: 'cpu.utilization',
      name: 'CPU',
      unit: '%',
      ...levels('thresholds.cpu', options.cpu, thresholdDefaults.cpu),
    },
    {
      metric: 'memory.utilization',
      name: 'Memory',
      unit: '%',
      ...levels('thresholds.memory', options.memory, thresholdDefaults.memory),
    },
    {
      metric: 'disk.utilization',
      name: 'Disk',
      unit: '%',
      ...levels('thresholds.disk', options.disk, thresholdDefaults.disk),
    },
    {
      metric: 'eventloop.delay.p99_ms',
      name: 'Event-loop delay p99',
      unit: 'ms',
      ...levels('thresholds.eventLoopDelayMs', options.eventLoopDelayMs, thresholdDefaults.eventLoopDelayMs),
    },
  ]
  const extra = (options.rules ?? []).map((rule, index) => {
    if (typeof rule.metric !== 'string' || rule.metric === '')
      throw invalidOption(`thresholds.rules[${index}].metric`, 'a non-empty metric name', rule.metric)
    if (rule.direction !== undefined && rule.direction !== 'above' && rule.direction !== 'below')
      throw invalidOption(`thresholds.rules[${index}].direction`, "'above' or 'below'", rule.direction)
    return { ...rule, ...levels(`thresholds.rules[${index}]`, rule, {}, rule.direction ?? 'above') }
  })
  return Object.freeze([...builtIn, ...extra].map((rule) => Object.freeze(rule)))
}

function levels(
  name: string,
  given: ThresholdLevels | undefined,
  defaults: ThresholdLevels,
  direction: 'above' | 'below' = 'above',
): ThresholdLevels {
  const warning = given?.warning ?? defaults.warning
  const critical = given?.critical ?? defaults.critical
  for (const [key, value] of [
    ['warning', warning],
    ['critical', critical],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value))
      throw invalidOption(`${name}.${key}`, 'a finite number', value)
  }
  if (warning !== undefined && critical !== undefined) {
    const ordered = direction === 'above' ? warning <= critical : warning >= critical
    if (!ordered)
      throw invalidOption(
        `${name}.warning`,
        `${direction === 'above' ? 'at most' : 'at least'} the critical level ${critical}`,
        warning,
      )
  }
  return { ...(warning === undefined ? {} : { warning }), ...(critical === undefined ? {} : { critical }) }
}

/** The severity a value earns under a rule, and the level it crossed. */
export function evaluateRule(
  rule: ThresholdRule,
  value: number,
): { severity: Severity; threshold: number } | undefined {
  const crossed = (level: number | undefined) =>
    level !== undefined && (rule.direction === 'below' ? value <= level : value >= level)
  if (crossed(rule.critical)) return { severity: 'critical', threshold: rule.critical as number }
  if (crossed(rule.warning)) return { severity: 'warning', threshold: rule.warning as number }
  return undefined
}

/**
 * The guide's message for a crossed threshold.
 *
 * @example
 * issueMessage(cpuRule, 92.4, 85) // 'CPU at 92% (threshold: 85%)'
 * issueMessage(diskRule, 95, 90, { mount: '/var' }) // 'Disk /var at 95% (threshold: 90%)'
 */
export function issueMessage(
  rule: ThresholdRule,
  value: number,
  threshold: number,
  labels: Labels = {},
): string {
  const where = labels.mount ?? labels.route
  const subject = where === undefined ? rule.name : `${rule.name} ${where}`
  return `${subject} at ${formatNumber(value)}${rule.unit} (threshold: ${formatNumber(threshold)}${rule.unit})`
}

function formatNumber(value: number): string {
  const magnitude = Math.abs(value)
  if (magnitude >= 10 || Number.isInteger(value)) return String(Math.round(value))
  return String(Number(value.toFixed(magnitude >= 1 ? 1 : 2)))
}

/** The health check key of a metric: `cpu.utilization` → `cpu:utilization`. */
export function checkKey(metric: string): string {
  const dot = metric.indexOf('.')
  return dot === -1 ? metric : `${metric.slice(0, dot)}:${metric.slice(dot + 1)}`
}
