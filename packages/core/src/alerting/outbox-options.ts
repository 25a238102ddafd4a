import type { Clock } from '../clock/clock'
import type { Logger } from '../logging/logger'
import type { Notifier } from '../notifiers/notifier'
import type { Storage } from '../storage/storage'
import type { OutboxEvent } from './outbox-entry'
import { invalidOption } from '../errors/codes'

/** How failed deliveries are retried: exponential backoff with optional jitter. */
export interface OutboxRetryOptions {
  /** Wait after the first failed attempt. Default 1_000. */
  initialDelayMs?: number
  /** The longest wait between two attempts. Default 300_000 (5 minutes). */
  maxDelayMs?: number
  /** Each further failure multiplies the wait by this. Default 2. */
  multiplier?: number
  /** Spreads each wait by ± this fraction (0.2 → 80 %–120 %); 0 for exact waits. Default 0.2. */
  jitter?: number
  /** A number in [0, 1) for the jitter; pass `seededRandom(seed)` for repeatable waits. Default Math.random. */
  random?: () => number
}

/** Options for {@link createOutbox}. */
export interface OutboxOptions {
  clock: Clock
  /** Where entries are written before they are sent (collection `outbox`). */
  storage: Storage
  /** Receiver name → the notifier that delivers to it. */
  notifiers: Readonly<Record<string, Notifier>>
  logger?: Logger
  /** Entries waiting for delivery; beyond this the oldest of the lowest severity are dropped. Default 1_000. */
  maxPending?: number
  retry?: OutboxRetryOptions
  /** Attempts per entry before it is marked failed. Default Infinity (bounded by `maxAgeMs`). */
  maxAttempts?: number
  /** An entry still undelivered this long after it was enqueued is marked failed. Default 86_400_000 (24 h). */
  maxAgeMs?: number
  /** How long delivered and failed entries are kept (delivered ones deduplicate re-enqueues). Default 24 h. */
  keepFinishedMs?: number
  /** Delivered plus failed entries kept; the oldest finished go first. Default 1_000. */
  maxFinished?: number
  /** A send still unfinished after this counts as a retryable failure (notifiers time out first). Default 30_000. */
  sendTimeoutMs?: number
  /** The longest the delivery loop sleeps between checks. Default 1_000. */
  pollIntervalMs?: number
  /** Called on every sent, failed and dropped entry (wire it to the event bus); errors are logged. */
  onEvent?: (event: OutboxEvent) => void
}

/** The defaults of {@link OutboxOptions}, in milliseconds and counts. */
export const outboxDefaults = Object.freeze({
  maxPending: 1_000,
  retry: Object.freeze({ initialDelayMs: 1_000, maxDelayMs: 300_000, multiplier: 2, jitter: 0.2 }),
  maxAttempts: Number.POSITIVE_INFINITY,
  maxAgeMs: 86_400_000,
  keepFinishedMs: 86_400_000,
  maxFinished: 1_000,
  sendTimeoutMs: 30_000,
  pollIntervalMs: 1_000,
})

/** {@link OutboxOptions} after defaults and validation. */
export interface ResolvedOutboxOptions {
  readonly clock: Clock
  readonly storage: Storage
  readonly notifiers: ReadonlyMap<string, Notifier>
  readonly logger: Logger | undefined
  readonly maxPending: number
  readonly retry: Readonly<Required<OutboxRetryOptions>>
  readonly maxAttempts: number
  readonly maxAgeMs: number
  readonly keepFinishedMs: number
  readonly maxFinished: number
  readonly sendTimeoutMs: number
  readonly pollIntervalMs: number
  readonly onEvent: ((event: OutboxEvent) => void) | undefined
}

/**
 * Applies {@link outboxDefaults} and rejects bad values with an error that names them.
 *
 * @example
 * resolveOutboxOptions({ clock, storage, notifiers: { slack }, maxPending: 0 }) // throws: OutboxOptions.maxPending must be a positive integer, received 0
 */
export function resolveOutboxOptions(options: OutboxOptions): ResolvedOutboxOptions {
  const { clock, storage, notifiers, logger, onEvent } = options ?? ({} as OutboxOptions)
  if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function')
    throw invalidOption('OutboxOptions.clock', 'a Clock', clock)
  if (typeof storage?.putRecord !== 'function' || typeof storage.listRecords !== 'function')
    throw invalidOption('OutboxOptions.storage', 'a Storage', storage?.name ?? storage)
  if (typeof notifiers !== 'object' || notifiers === null || Object.keys(notifiers).length === 0)
    throw invalidOption('OutboxOptions.notifiers', 'an object of receiver name → Notifier', notifiers)
  for (const [name, notifier] of Object.entries(notifiers))
    if (typeof notifier?.send !== 'function')
      throw invalidOption(`OutboxOptions.notifiers.${name}`, 'a Notifier with send()', notifier)
  if (onEvent !== undefined && typeof onEvent !== 'function')
    throw invalidOption('OutboxOptions.onEvent', 'a function', onEvent)
  const retry = options.retry ?? {}
  const random = retry.random ?? Math.random
  if (typeof random !== 'function') throw invalidOption('OutboxOptions.retry.random', 'a function', random)
  const initialDelayMs = positive(
    'retry.initialDelayMs',
    retry.initialDelayMs,
    outboxDefaults.retry.initialDelayMs,
  )
  const maxDelayMs = positive('retry.maxDelayMs', retry.maxDelayMs, outboxDefaults.retry.maxDelayMs)
  if (maxDelayMs < initialDelayMs)
    throw invalidOption(
      'OutboxOptions.retry.maxDelayMs',
      `at least initialDelayMs (${initialDelayMs})`,
      maxDelayMs,
    )
  const multiplier = retry.multiplier ?? outboxDefaults.retry.multiplier
  if (!Number.isFinite(multiplier) || multiplier < 1)
    throw invalidOption('OutboxOptions.retry.multiplier', 'a number of at least 1', multiplier)
  const jitter = retry.jitter ?? outboxDefaults.retry.jitter
  if (!(jitter >= 0 && jitter < 1))
    throw invalidOption('OutboxOptions.retry.jitter', 'a number in [0, 1)', jitter)
  const maxAttempts = options.maxAttempts ?? outboxDefaults.maxAttempts
  if (maxAttempts !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(maxAttempts) && maxAttempts > 0))
    throw invalidOption('OutboxOptions.maxAttempts', 'a positive integer or Infinity', maxAttempts)
  return Object.freeze({
    clock,
    storage,
    notifiers: new Map(Object.entries(notifiers)),
    logger,
    maxPending: positive('maxPending', options.maxPending, outboxDefaults.maxPending),
    retry: Object.freeze({ initialDelayMs, maxDelayMs, multiplier, jitter, random }),
    maxAttempts,
    maxAgeMs: positive('maxAgeMs', options.maxAgeMs, outboxDefaults.maxAgeMs),
    keepFinishedMs: positive('keepFinishedMs', options.keepFinishedMs, outboxDefaults.keepFinishedMs),
    maxFinished: positive('maxFinished', options.maxFinished, outboxDefaults.maxFinished),
    sendTimeoutMs: positive('sendTimeoutMs', options.sendTimeoutMs, outboxDefaults.sendTimeoutMs),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, outboxDefaults.pollIntervalMs),
    onEvent,
  })
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback
  if (!Number.isSafeInteger(resolved) || resolved <= 0)
    throw invalidOption(`OutboxOptions.${name}`, 'a positive integer', resolved)
  return resolved
}
