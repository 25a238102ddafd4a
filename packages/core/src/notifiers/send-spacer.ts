import type { Clock } from '../clock/clock'
import { deliveryFailure } from './notifier'

/** Options for {@link createSendSpacer}. */
export interface SendSpacerOptions {
  readonly clock: Clock
  /** The least time between the starts of two sends. */
  readonly intervalMs: number
  /** Sends waiting or running; one more is refused (retryable) instead of growing the queue. */
  readonly maxQueued: number
  /** The notifier's name, for the queue-full error. */
  readonly notifier: string
}

/** Runs sends one at a time, in order, at least `intervalMs` apart. */
export interface SendSpacer {
  run<T>(send: () => Promise<T>): Promise<T>
  /** Holds the next send until `time` (epoch ms), for a receiver's Retry-After. */
  holdUntil(time: number): void
}

/**
 * Keeps a notifier within a receiver's rate limit (Slack: about one message per second per webhook).
 *
 * @example
 * const spacer = createSendSpacer({ clock, intervalMs: 1_000, maxQueued: 100, notifier: 'slack' })
 * await spacer.run(() => postJson(delivery))
 */
export function createSendSpacer(options: SendSpacerOptions): SendSpacer {
  const { clock, intervalMs, maxQueued, notifier } = options
  let nextStartAt = Number.NEGATIVE_INFINITY
  let queued = 0
  let tail: Promise<unknown> = Promise.resolve()

  const waitUntil = (time: number) =>
    new Promise<void>((resolve) => {
      const delayMs = time - clock.now()
      if (delayMs <= 0) resolve()
      else clock.setTimeout(resolve, delayMs).unref()
    })

  return {
    run: <T>(send: () => Promise<T>): Promise<T> => {
      if (queued >= maxQueued)
        return Promise.reject(
          deliveryFailure(notifier, `${queued} sends are already queued; try again later`, {
            retryable: true,
            retryAfterMs: queued * intervalMs,
          }),
        )
      queued++
      const result = tail.then(async () => {
        await waitUntil(nextStartAt)
        nextStartAt = clock.now() + intervalMs
        return send()
      })
      tail = result.then(
        () => void queued--,
        () => void queued--,
      )
      return result
    },
    holdUntil: (time) => {
      nextStartAt = Math.max(nextStartAt, time)
    },
  }
}
