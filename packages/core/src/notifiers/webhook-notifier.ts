import { createHmac } from 'node:crypto'
import type { Clock } from '../clock/clock'
import { realClock } from '../clock/real-clock'
import { invalidOption } from '../errors/codes'
import type { Notification } from './notification'
import {
  checkName,
  checkPositiveInteger,
  maskUrl,
  notifierDefaults,
  parseHttpUrl,
  type Notifier,
} from './notifier'
import { postJson } from './http-delivery'

/** Options for {@link createWebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** Where the notification JSON is POSTed. */
  url: string
  /** Signs each body: `X-Proactive-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
  secret?: string
  /** Extra headers (an `Authorization` token, say); the content type and signature headers win. */
  headers?: Readonly<Record<string, string>>
  /** Per request. Default 10_000. */
  timeoutMs?: number
  /** Default 'webhook'. */
  name?: string
  clock?: Clock
}

/** The defaults of {@link WebhookNotifierOptions}. */
export const webhookNotifierDefaults = Object.freeze({
  timeoutMs: notifierDefaults.timeoutMs,
  name: 'webhook',
})

/** The headers a signed webhook carries. */
export const webhookHeaders = Object.freeze({
  signature: 'x-proactive-signature',
  timestamp: 'x-proactive-timestamp',
})

/**
 * Signs a webhook body the way {@link createWebhookNotifier} does, for receivers to compare with
 * `crypto.timingSafeEqual`.
 *
 * @example
 * signWebhookBody(rawBody, secret) === request.headers['x-proactive-signature'] // 'sha256=9f86…'
 */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/**
 * A {@link Notifier} that POSTs each notification as JSON, optionally signed with HMAC-SHA256; timeouts,
 * network errors, 429 and 5xx reject as retryable.
 *
 * @example
 * const hook = createWebhookNotifier({ url: 'https://ops.example.com/hooks/proactive', secret: process.env.HOOK_SECRET })
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const url = parseHttpUrl('WebhookNotifierOptions.url', options.url)
  const name = checkName('WebhookNotifierOptions.name', options.name ?? webhookNotifierDefaults.name)
  const timeoutMs = checkPositiveInteger(
    'WebhookNotifierOptions.timeoutMs',
    options.timeoutMs ?? webhookNotifierDefaults.timeoutMs,
  )
  const { secret } = options
  if (secret !== undefined && (typeof secret !== 'string' || secret === ''))
    throw invalidOption('WebhookNotifierOptions.secret', 'a non-empty string', typeof secret)
  for (const [header, value] of Object.entries(options.headers ?? {}))
    if (typeof value !== 'string')
      throw invalidOption(`WebhookNotifierOptions.headers.${header}`, 'a string', value)
  const clock = options.clock ?? realClock
  const maskedUrl = maskUrl(url)
  const headers = { 'user-agent': 'proactive-webhook', ...options.headers }

  const send = async (notification: Notification) => {
    const body = JSON.stringify(notification)
    const signed =
      secret === undefined
        ? headers
        : {
            ...headers,
            [webhookHeaders.timestamp]: String(Math.floor(clock.now() / 1000)),
            [webhookHeaders.signature]: signWebhookBody(body, secret),
          }
    await postJson({ notifier: name, url, maskedUrl, body, headers: signed, timeoutMs, clock })
  }
  return Object.freeze({ name, send })
}
