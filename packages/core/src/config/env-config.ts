import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import type { LogLevel } from '../logging/logger'
import type { ThresholdOptions } from '../monitor/thresholds'
import { invalidEnv } from '../errors/codes'
import { logLevels } from '../logging/logger'
import { proactiveDefaults } from '../proactive-defaults'
import { thresholdDefaults } from '../monitor/thresholds'
import { parseDuration } from './duration'

/** An environment: variable name to value. */
export type Environment = Readonly<Record<string, string | undefined>>

/** What `proactive start` runs with, read from the environment and `.env`. */
export interface StartConfig {
  readonly host: string
  readonly monitorPort: number
  readonly token: string | undefined
  readonly storage: string
  readonly thresholds: ThresholdOptions
  readonly sampleIntervalMs: number
  readonly diskSampleIntervalMs: number
  readonly diskPaths: readonly string[] | undefined
  readonly retentionMs: number
  readonly logLevel: LogLevel
  readonly serviceName: string | undefined
  /** `API_RESPONSE_THRESHOLD_MS`: p95 route latency that performance predictions watch. */
  readonly apiResponseThresholdMs: number
  /** Where alerts go: `SLACK_WEBHOOK_URL`, `ALERT_EMAILS` + `SMTP_URL`, `ALERT_WEBHOOK_URL`. */
  readonly alerting: AlertingConfig
}

/** The alerting part of {@link StartConfig}. */
export interface AlertingConfig {
  readonly slackWebhookUrl: string | undefined
  readonly alertEmails: readonly string[]
  readonly smtpUrl: string | undefined
  readonly webhookUrl: string | undefined
  readonly webhookSecret: string | undefined
  readonly groupWaitMs: number
  readonly groupIntervalMs: number
  readonly repeatIntervalMs: number
}

/**
 * Reads a `.env` file under the process environment: variables already set win, as with dotenv.
 * A missing file is not an error.
 *
 * @example
 * const env = withEnvFile(process.env, '.env')
 */
export function withEnvFile(env: Environment, path: string): Environment {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env
    throw error
  }
  return { ...parseEnv(text), ...definedOnly(env) }
}

/**
 * Validates the environment for `proactive start`; a wrong value throws a `ProactiveError`
 * (`PROACTIVE_ERR_INVALID_ENV`) whose message names the variable.
 *
 * @example
 * readStartConfig({ CPU_THRESHOLD_CRITICAL: '90', PROACTIVE_STORAGE: 'sqlite:./proactive.db' })
 */
export function readStartConfig(env: Environment): StartConfig {
  const thresholds: ThresholdOptions = {
    cpu: levels(env, 'CPU', thresholdDefaults.cpu, 100),
    memory: levels(env, 'MEMORY', thresholdDefaults.memory, 100),
    disk: levels(env, 'DISK', thresholdDefaults.disk, 100),
    eventLoopDelayMs: levels(env, 'EVENT_LOOP_DELAY', thresholdDefaults.eventLoopDelayMs, Infinity, '_MS'),
  }
  const token = text(env, 'PROACTIVE_TOKEN')
  if (token !== undefined && token.length < 16)
    throw invalidEnv('PROACTIVE_TOKEN', 'at least 16 characters', '(hidden)')
  const logLevel = text(env, 'PROACTIVE_LOG_LEVEL') ?? 'info'
  if (!(logLevels as readonly string[]).includes(logLevel))
    throw invalidEnv('PROACTIVE_LOG_LEVEL', `one of ${logLevels.join(', ')}`, logLevel)
  const diskPaths = text(env, 'PROACTIVE_DISK_PATHS')
    ?.split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (diskPaths?.some((p) => !p.startsWith('/')))
    throw invalidEnv(
      'PROACTIVE_DISK_PATHS',
      'a comma-separated list of absolute paths',
      env.PROACTIVE_DISK_PATHS ?? '',
    )
  return {
    host: text(env, 'PROACTIVE_HOST') ?? proactiveDefaults.host,
    monitorPort: port(env, 'PROACTIVE_MONITOR_PORT', proactiveDefaults.ports.monitor),
    token,
    storage: text(env, 'PROACTIVE_STORAGE') ?? 'memory',
    thresholds,
    sampleIntervalMs: duration(env, 'PROACTIVE_SAMPLE_INTERVAL', proactiveDefaults.sampleIntervalMs, 10),
    diskSampleIntervalMs: duration(
      env,
      'PROACTIVE_DISK_SAMPLE_INTERVAL',
      proactiveDefaults.diskSampleIntervalMs,
      10,
    ),
    diskPaths,
    retentionMs: duration(env, 'PROACTIVE_RETENTION', proactiveDefaults.retentionMs, 60_000),
    logLevel: logLevel as LogLevel,
    serviceName: text(env, 'PROACTIVE_SERVICE_NAME'),
    apiResponseThresholdMs: number(env, 'API_RESPONSE_THRESHOLD_MS', 1, Infinity) ?? 200,
    alerting: readAlertingConfig(env),
  }
}

function readAlertingConfig(env: Environment): AlertingConfig {
  const alertEmails = (text(env, 'ALERT_EMAILS') ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '')
  const badAddress = alertEmails.find((address) => !/^[^\s@<>]+@[^\s@<>]+$/.test(address))
  if (badAddress !== undefined)
    throw invalidEnv('ALERT_EMAILS', 'a comma-separated list of email addresses', badAddress)
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:'])
  if (alertEmails.length > 0 && smtpUrl === undefined)
    throw invalidEnv('SMTP_URL', 'set when ALERT_EMAILS is, e.g. smtp://user:pass@host:587', '')
  return {
    slackWebhookUrl: url(env, 'SLACK_WEBHOOK_URL', ['https:', 'http:']),
    alertEmails,
    smtpUrl,
    webhookUrl: url(env, 'ALERT_WEBHOOK_URL', ['https:', 'http:']),
    webhookSecret: text(env, 'ALERT_WEBHOOK_SECRET'),
    groupWaitMs: duration(env, 'ALERT_GROUP_WAIT', 30_000, 0),
    groupIntervalMs: duration(env, 'ALERT_GROUP_INTERVAL', 5 * 60_000, 1000),
    repeatIntervalMs: duration(env, 'ALERT_REPEAT_INTERVAL', 4 * 3_600_000, 1000),
  }
}

/** A URL variable with one of the given protocols; the message never repeats a password or path. */
function url(env: Environment, name: string, protocols: readonly string[]): string | undefined {
  const value = text(env, name)
  if (value === undefined) return undefined
  let parsed: URL | undefined
  try {
    parsed = new URL(value)
  } catch {
    parsed = undefined
  }
  if (!parsed || !protocols.includes(parsed.protocol))
    throw invalidEnv(
      name,
      `a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`,
      parsed ? `${parsed.protocol}//…` : '(not a URL)',
    )
  return value
}

function text(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function number(env: Environment, name: string, min: number, max: number): number | undefined {
  const value = text(env, name)
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < min || parsed > max)
    throw invalidEnv(name, max === Infinity ? `a number ≥ ${min}` : `a number from ${min} to ${max}`, value)
  return parsed
}

function levels(
  env: Environment,
  prefix: string,
  defaults: { warning: number; critical: number },
  max: number,
  suffix = '',
) {
  const warningName = `${prefix}_THRESHOLD_WARNING${suffix}`
  const criticalName = `${prefix}_THRESHOLD_CRITICAL${suffix}`
  const warning = number(env, warningName, 0, max) ?? defaults.warning
  const critical = number(env, criticalName, 0, max) ?? defaults.critical
  if (warning > critical)
    throw invalidEnv(
      warningName,
      `at most ${criticalName} (${critical})`,
      String(env[warningName] ?? warning),
    )
  return { warning, critical }
}

function port(env: Environment, name: string, fallback: number): number {
  const value = text(env, name)
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw invalidEnv(name, 'a port number from 0 to 65535', value)
  return Number(value)
}

function duration(env: Environment, name: string, fallback: number, minMs: number): number {
  const value = text(env, name)
  if (value === undefined) return fallback
  const parsed = parseDuration(value)
  if (parsed === undefined || parsed < minMs || !Number.isInteger(parsed))
    throw invalidEnv(name, `a duration of at least ${minMs} ms such as 1s, 30s, 5m or 7d`, value)
  return parsed
}

function definedOnly(env: Environment): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value
  return result
}
