import type { Notification } from './notification'
import { ProactiveError } from '../errors/proactive-error'
import { deliveryFailed } from '../errors/codes'
import { invalidOption } from '../errors/codes'

/**
 * Somewhere notifications go: Slack, email, a webhook, the console. The alert pipeline in front of it
 * groups, deduplicates and retries; a notifier only delivers one notification or says why it could not.
 *
 * @example
 * const notifier: Notifier = { name: 'log', send: async (notification) => console.log(notification.title) }
 */
export interface Notifier {
  /** Names the receiver in logs, routes and errors. */
  readonly name: string
  /** Delivers one notification; rejects with a {@link DeliveryError} that says whether to retry. */
  send(notification: Notification): Promise<void>
}

/** The error code of failed deliveries (to be registered in errors/codes.ts). */
export const deliveryErrorCode = deliveryFailed.code

/**
 * A failed delivery: a `ProactiveError` with code `PROACTIVE_ERR_DELIVERY` that says whether to retry.
 *
 * @example
 * if (error.retryable) retryIn(error.retryAfterMs ?? backoffMs)
 */
export type DeliveryError = ProactiveError & { readonly retryable: boolean; readonly retryAfterMs?: number }

/** What {@link deliveryFailure} needs besides the message. */
export interface DeliveryFailureOptions {
  /** True when the same notification may succeed later (timeouts, 429, 5xx, SMTP 4xx). */
  readonly retryable: boolean
  /** The receiver asked to wait this long (Slack's Retry-After). */
  readonly retryAfterMs?: number
  readonly cause?: unknown
}

/**
 * Creates the error a notifier rejects with; the message must not contain secrets.
 *
 * @example
 * throw deliveryFailure('slack', 'rate limited (429)', { retryable: true, retryAfterMs: 2_000 })
 */
export function deliveryFailure(
  notifier: string,
  message: string,
  options: DeliveryFailureOptions,
): DeliveryError {
  const { retryable, retryAfterMs, cause } = options
  const details = retryAfterMs === undefined ? { notifier, retryable } : { notifier, retryable, retryAfterMs }
  const error = new ProactiveError(deliveryErrorCode, `${notifier} notifier: ${message}`, 502, details, cause)
  return Object.assign(error, retryAfterMs === undefined ? { retryable } : { retryable, retryAfterMs })
}

/**
 * How the pipeline should treat any error a notifier threw: errors without the contract (third-party
 * notifiers) count as retryable, since a lost alert is worse than a repeated attempt.
 *
 * @example
 * const { retryable, retryAfterMs } = classifyDeliveryError(error)
 */
export function classifyDeliveryError(error: unknown): { retryable: boolean; retryAfterMs?: number } {
  const { retryable, retryAfterMs } = (error ?? {}) as { retryable?: unknown; retryAfterMs?: unknown }
  const after = typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { retryAfterMs } : {}
  return { retryable: typeof retryable === 'boolean' ? retryable : true, ...after }
}

/** Defaults every built-in notifier shares. */
export const notifierDefaults = Object.freeze({
  /** How long one delivery attempt may take before it fails as retryable. */
  timeoutMs: 10_000,
})

/**
 * Validates a positive integer option such as `timeoutMs`, naming it in the error.
 *
 * @example
 * checkPositiveInteger('SlackNotifierOptions.timeoutMs', options.timeoutMs ?? 10_000)
 */
export function checkPositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw invalidOption(name, 'a positive integer', value)
  return value
}

/**
 * Validates a notifier name (non-empty string).
 *
 * @example
 * checkName('SlackNotifierOptions.name', options.name ?? 'slack')
 */
export function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(name, 'a non-empty string', value)
  return value
}

/**
 * Hides the secret part of a URL for messages and logs: no credentials, query or path past the first
 * segment and one character.
 *
 * @example
 * maskUrl('https://hooks.slack.com/services/T000/B000/XXXX') // 'https://hooks.slack.com/services/T***'
 */
export function maskUrl(url: URL | string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return '(invalid URL)'
  }
  const [first, second] = parsed.pathname.split('/').filter(Boolean)
  const base = `${parsed.protocol}//${parsed.host}`
  if (first === undefined) return parsed.search === '' ? base : `${base}/?***`
  return second === undefined
    ? `${base}/${first.slice(0, 1)}***`
    : `${base}/${first}/${second.slice(0, 1)}***`
}

/**
 * Parses an http(s) URL option, naming the option but never printing the (secret) value.
 *
 * @example
 * const url = parseHttpUrl('SlackNotifierOptions.webhookUrl', options.webhookUrl)
 */
export function parseHttpUrl(name: string, value: unknown): URL {
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw invalidOption(name, 'an http(s) URL', typeof value === 'string' ? maskUrl(value) : value)
  return url
}
