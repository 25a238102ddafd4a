import type { Clock } from '../clock/clock'
import { deliveryFailure } from './notifier'

/** One JSON POST by a notifier. */
export interface HttpDelivery {
  /** The notifier's name, for errors. */
  readonly notifier: string
  readonly url: URL
  /** What errors show instead of the URL (which may hold a secret). */
  readonly maskedUrl: string
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
  readonly timeoutMs: number
  /** Used to turn an HTTP-date Retry-After into a delay. */
  readonly clock: Clock
}

/**
 * POSTs `body` and resolves on 2xx; otherwise rejects with a delivery error classified for retry:
 * timeouts, network errors, 408, 429 and 5xx are retryable (honouring Retry-After); other statuses are not.
 *
 * @example
 * await postJson({ notifier: 'webhook', url, maskedUrl, body: JSON.stringify(n), timeoutMs: 10_000, clock })
 */
export async function postJson(delivery: HttpDelivery): Promise<void> {
  const { notifier, maskedUrl, timeoutMs } = delivery
  let response: Response
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: { ...delivery.headers, 'content-type': 'application/json; charset=utf-8' },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    const name = (error as { name?: unknown }).name
    if (name === 'TimeoutError' || name === 'AbortError')
      throw deliveryFailure(notifier, `${maskedUrl} did not answer within ${timeoutMs}ms`, {
        retryable: true,
        cause: error,
      })
    throw deliveryFailure(notifier, `cannot reach ${maskedUrl}: ${networkReason(error)}`, {
      retryable: true,
      cause: error,
    })
  }
  const text = await readBody(response)
  if (response.ok) return
  const status = response.status
  const reason = `${maskedUrl} answered ${status}${text === '' ? '' : ` ${JSON.stringify(text)}`}`
  const retryable = status === 408 || status === 429 || status >= 500
  const retryAfterMs = retryable
    ? parseRetryAfter(response.headers.get('retry-after'), delivery.clock.now())
    : undefined
  const hint = retryable
    ? ''
    : status >= 300 && status < 400
      ? '; update the URL'
      : '; fix the request or URL'
  throw deliveryFailure(notifier, `${reason}${hint}`, {
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}

/**
 * Reads a Retry-After header (delay in seconds or an HTTP date) as milliseconds from `now`.
 *
 * @example
 * parseRetryAfter('2', now) // 2000
 * parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', Date.parse('2026-01-01T00:00:00Z')) // 5000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const trimmed = value?.trim() ?? ''
  if (trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Slack's error bodies are short words (`invalid_payload`); anything long is cut. */
async function readBody(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim()
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  } catch {
    return ''
  }
}

/** undici wraps the socket error in `cause`; its code says what happened without naming the URL. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause
  if (typeof cause?.code === 'string') return cause.code
  return error instanceof Error ? error.name : 'network error'
}
