import { randomUUID } from 'node:crypto'
import type { TimerHandle } from '../clock/clock'
import type { Notification } from '../notifiers/notification'
import type { AlertSink } from './alert-sink'
import { invalidOption, invalidState } from '../errors/codes'
import { silentLogger } from '../logging/logger'
import { classifyDeliveryError, deliveryFailure } from '../notifiers/notifier'
import { retryDelayMs } from './outbox-backoff'
import {
  fromOutboxRecord,
  oldestFirst,
  outboxEntryId,
  severityRank,
  type OutboxEntry,
  type OutboxEvent,
  type OutboxStatus,
} from './outbox-entry'
import { resolveOutboxOptions, type OutboxOptions } from './outbox-options'
import { createOutboxWriter } from './outbox-writer'

/** Counts of a running {@link Outbox}; `delivered`, `failed` and `dropped` are totals since creation. */
export interface OutboxStats {
  readonly pending: number
  readonly inFlight: number
  readonly delivered: number
  readonly failed: number
  readonly dropped: number
}

/** The durable outbox: an {@link AlertSink} that stores each notification, then delivers it in the background. */
export interface Outbox extends AlertSink {
  /** Loads unfinished entries from storage and starts the delivery loop. */
  start(): Promise<void>
  /** Stops the loop and waits for the sends and writes in progress; pending entries stay stored. */
  stop(): Promise<void>
  /** Delivers everything that is due now and waits for it (tests; with a fake clock, sends must not wait on it). */
  flush(): Promise<void>
  stats(): OutboxStats
  /** The entries held, oldest first, optionally of one status. */
  list(status?: OutboxStatus): OutboxEntry[]
}

/** How much longer than `sendTimeoutMs` (at most twice it) a send's lease lasts, for the write of its outcome. */
const leaseMarginMs = 5_000

/**
 * Creates the durable outbox: every notification is written to storage (collection `outbox`) before it is
 * sent, retried with backoff while the receiver fails, and sent at least once, in order per receiver.
 * The record id `${receiver}:${notification.id}` deduplicates: enqueueing it again while pending or
 * delivered does nothing.
 *
 * Several instances may share one storage (a fleet): each send holds the storage lease
 * `outbox:<entry id>` and first re-reads the stored entry, so an entry another instance has delivered
 * or failed is adopted rather than sent again, and one another instance is sending waits. After a crash
 * mid-send, the entry is sent again once that lease expires (`sendTimeoutMs` plus up to 5 s, real time).
 *
 * @example
 * const outbox = createOutbox({ clock, storage, notifiers: { slack: createSlackNotifier({ webhookUrl }) } })
 * await outbox.start()
 * await outbox.enqueue('slack', criticalIssuesNotification(issues, 'Auto-scaling initiated'))
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const settings = resolveOutboxOptions(options)
  const { clock, storage, notifiers, retry } = settings
  const logger = settings.logger ?? silentLogger
  const writer = createOutboxWriter(storage, logger)
  /** This instance's name for storage leases. */
  const owner = randomUUID()
  const leaseMs = settings.sendTimeoutMs + Math.min(leaseMarginMs, settings.sendTimeoutMs)
  const entries = new Map<string, OutboxEntry>()
  const inFlight = new Map<string, Promise<void>>()
  const inFlightIds = new Set<string>()
  const enqueuing = new Map<string, Promise<void>>()
  const failingReceivers = new Set<string>()
  const totals = { delivered: 0, failed: 0, dropped: 0 }
  let sequence = 0
  let running = false
  let stopped = false
  let loaded = false
  let loading: Promise<void> | undefined
  let timer: TimerHandle | undefined
  let burstDropped = 0

  const emit = (event: OutboxEvent) => {
    try {
      settings.onEvent?.(event)
    } catch (error) {
      logger.warn({ err: error, event: event.type }, 'outbox onEvent listener threw')
    }
  }

  const pendingCount = () => {
    let count = 0
    for (const entry of entries.values()) if (entry.status === 'pending') count++
    return count
  }

  /** Keeps the entry and stores it; resolves (never rejects) once the write has settled. */
  const update = (entry: OutboxEntry): Promise<void> => {
    entries.set(entry.id, entry)
    return writer.put(entry).catch(() => {})
  }

  const finish = (entry: OutboxEntry, status: 'delivered' | 'failed', reason?: string): Promise<void> => {
    const done: OutboxEntry = {
      ...entry,
      status,
      finishedAt: clock.now(),
      ...(reason === undefined ? {} : { lastError: reason }),
    }
    const written = update(done)
    if (status === 'delivered') {
      totals.delivered++
      emit({ type: 'sent', entry: done })
    } else {
      totals.failed++
      logger.warn(
        { receiver: entry.receiver, id: entry.id, attempts: entry.attempts, reason },
        'alert not delivered',
      )
      emit({ type: 'failed', entry: done, reason: reason ?? 'failed' })
    }
    return written
  }

  const remove = (id: string) => {
    entries.delete(id)
    void writer.remove(id)
  }

  /** Drops the oldest entries of the lowest severity while more than maxPending wait. */
  const enforceBound = () => {
    const excess = pendingCount() - settings.maxPending
    if (excess <= 0) return
    const rank = (entry: OutboxEntry) => severityRank[entry.notification.severity] ?? 0
    const victims = [...entries.values()]
      .filter((entry) => entry.status === 'pending' && !inFlightIds.has(entry.id))
      .sort((a, b) => rank(a) - rank(b) || oldestFirst(a, b))
      .slice(0, excess)
    for (const victim of victims) {
      remove(victim.id)
      totals.dropped++
      if (burstDropped++ === 0)
        logger.warn(
          { maxPending: settings.maxPending, severity: victim.notification.severity },
          'outbox full: dropping the oldest lowest-severity alerts',
        )
      emit({ type: 'dropped', entry: victim, droppedCount: totals.dropped })
    }
  }

  const endBurst = () => {
    if (burstDropped === 0 || pendingCount() >= settings.maxPending) return
    logger.info({ dropped: burstDropped }, 'outbox has room again')
    burstDropped = 0
  }

  const onFailure = (entry: OutboxEntry, error: unknown): Promise<void> => {
    const { retryable, retryAfterMs } = classifyDeliveryError(error)
    const reason = error instanceof Error ? error.message : String(error)
    if (!retryable) return finish(entry, 'failed', reason)
    if (entry.attempts >= settings.maxAttempts)
      return finish(entry, 'failed', `gave up after ${entry.attempts} attempts: ${reason}`)
    if (!failingReceivers.has(entry.receiver))
      logger.warn({ receiver: entry.receiver, err: error }, 'alert delivery failed; retrying with backoff')
    failingReceivers.add(entry.receiver)
    const nextAttemptAt = clock.now() + retryDelayMs(entry.attempts, retry, retryAfterMs)
    return update({ ...entry, nextAttemptAt, lastError: reason })
  }

  const withTimeout = (sending: Promise<void>, receiver: string) =>
    new Promise<void>((resolve, reject) => {
      const { sendTimeoutMs } = settings
      const message = `no answer within sendTimeoutMs (${sendTimeoutMs})`
      const handle = clock.setTimeout(
        () => reject(deliveryFailure(receiver, message, { retryable: true })),
        sendTimeoutMs,
      )
      handle.unref()
      sending.then(resolve, reject).finally(() => clock.clearTimer(handle))
    })

  /**
   * Whether this instance may send the entry now: `'send'` with the lease held, `'busy'` while another
   * instance holds it, or the entry as another instance finished it. A failing storage does not stop
   * delivery: the entry is then sent without the fleet check (at least once, as when storage is down).
   */
  const claim = async (entry: OutboxEntry): Promise<'send' | 'busy' | OutboxEntry> => {
    const leased = await storage.acquireLease(`outbox:${entry.id}`, owner, leaseMs).catch(() => true)
    if (!leased) return 'busy'
    const stored = await storage.getRecord('outbox', entry.id).catch(() => undefined)
    const current = stored && fromOutboxRecord(stored)
    if (current && current.status !== 'pending') {
      await release(entry.id)
      return current
    }
    return 'send'
  }

  const release = (id: string) => storage.releaseLease(`outbox:${id}`, owner).catch(() => {})

  const attemptSend = async (entry: OutboxEntry) => {
    const claimed = await claim(entry)
    if (claimed === 'busy') {
      // Another instance is sending it: look again soon, without counting an attempt or writing.
      if (entries.get(entry.id) === entry)
        entries.set(entry.id, { ...entry, nextAttemptAt: clock.now() + settings.pollIntervalMs })
      return
    }
    if (claimed !== 'send') {
      if (entries.get(entry.id) === entry) entries.set(entry.id, claimed)
      return
    }
    const notifier = notifiers.get(entry.receiver)
    const attempt: OutboxEntry = { ...entry, attempts: entry.attempts + 1 }
    entries.set(entry.id, attempt)
    try {
      try {
        if (!notifier) throw new Error(`no notifier for receiver ${JSON.stringify(entry.receiver)}`)
        await withTimeout(notifier.send(entry.notification), entry.receiver)
      } catch (error) {
        return await onFailure(attempt, error)
      }
      if (failingReceivers.delete(entry.receiver))
        logger.info({ receiver: entry.receiver }, 'alert receiver reachable again')
      // Released only after the outcome is stored, so the next holder reads it rather than resending.
      await finish(attempt, 'delivered')
    } finally {
      await release(entry.id)
    }
  }

  const send = (entry: OutboxEntry) => {
    inFlightIds.add(entry.id)
    const done = attemptSend(entry).finally(() => {
      inFlightIds.delete(entry.id)
      inFlight.delete(entry.receiver)
      pump()
    })
    inFlight.set(entry.receiver, done)
  }

  const load = () =>
    (loading ??= (async () => {
      let skipped = 0
      try {
        for (const record of await storage.listRecords('outbox')) {
          const entry = fromOutboxRecord(record)
          if (!entry) skipped++
          else if (!entries.has(entry.id)) entries.set(entry.id, entry)
          if (entry) sequence = Math.max(sequence, entry.sequence + 1)
        }
        loaded = true
      } catch (error) {
        logger.warn({ err: error, storage: storage.name }, 'outbox cannot load stored entries; will retry')
      } finally {
        loading = undefined
      }
      if (skipped > 0) logger.warn({ skipped }, 'outbox skipped stored records that are not outbox entries')
      for (const entry of entries.values())
        if (entry.status === 'pending' && !notifiers.has(entry.receiver))
          finish(entry, 'failed', `receiver ${JSON.stringify(entry.receiver)} is not configured`)
    })())

  /** Retries failed writes, expires and prunes entries, and starts the sends that are due. */
  const pump = () => {
    if (!running) return
    const now = clock.now()
    if (!loaded) void load().then(() => loaded && pump())
    for (const id of writer.unsaved) {
      const entry = entries.get(id)
      if (entry) writer.put(entry).catch(() => {})
      else void writer.remove(id)
    }
    const heads = new Map<string, OutboxEntry>()
    const finished: OutboxEntry[] = []
    for (const entry of entries.values()) {
      if (entry.status !== 'pending') {
        if ((entry.finishedAt ?? 0) + settings.keepFinishedMs <= now) remove(entry.id)
        else finished.push(entry)
      } else if (inFlightIds.has(entry.id)) continue
      else if (now >= entry.enqueuedAt + settings.maxAgeMs)
        finish(
          entry,
          'failed',
          `not delivered within maxAgeMs (${settings.maxAgeMs})${entry.lastError ? `: ${entry.lastError}` : ''}`,
        )
      else {
        const head = heads.get(entry.receiver)
        if (!head || oldestFirst(entry, head) < 0) heads.set(entry.receiver, entry)
      }
    }
    if (finished.length > settings.maxFinished)
      finished
        .sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0))
        .slice(0, finished.length - settings.maxFinished)
        .forEach((entry) => remove(entry.id))
    endBurst()
    let wakeAt = now + settings.pollIntervalMs
    for (const head of heads.values()) {
      if (inFlight.has(head.receiver)) continue
      if (head.nextAttemptAt <= now) send(head)
      else wakeAt = Math.min(wakeAt, head.nextAttemptAt)
    }
    if (timer) clock.clearTimer(timer)
    timer = clock.setTimeout(pump, wakeAt - now)
    timer.unref()
  }

  const schedulePump = () => {
    if (!running) return
    if (timer) clock.clearTimer(timer)
    timer = clock.setTimeout(pump, 0)
    timer.unref()
  }

  const add = async (receiver: string, notification: Notification, id: string) => {
    // Storage knows about earlier enqueues: before start() loaded them, and from other instances of a
    // fleet, which may already have delivered this id. Adopt such an entry rather than overwrite it.
    const stored = await storage.getRecord('outbox', id).catch(() => undefined)
    const known = stored && fromOutboxRecord(stored)
    if (known && known.status !== 'failed') {
      if (!entries.has(id)) entries.set(id, known)
      if (known.status === 'pending') schedulePump()
      return
    }
    const now = clock.now()
    const entry: OutboxEntry = {
      id,
      receiver,
      notification,
      status: 'pending',
      enqueuedAt: now,
      sequence: sequence++,
      attempts: 0,
      nextAttemptAt: now,
    }
    try {
      await writer.put(entry)
    } finally {
      // Even when storage fails the alert is still worth sending; the caller learns it is not durable.
      entries.set(id, entry)
      enforceBound()
      schedulePump()
    }
  }

  return {
    enqueue(receiver, notification) {
      if (!notifiers.has(receiver))
        return Promise.reject(
          invalidOption('enqueue(receiver)', `one of ${[...notifiers.keys()].join(', ')}`, receiver),
        )
      if (typeof notification?.id !== 'string' || notification.id === '')
        return Promise.reject(
          invalidOption('enqueue(notification).id', 'a non-empty string', notification?.id),
        )
      const id = outboxEntryId(receiver, notification.id)
      const adding = enqueuing.get(id)
      if (adding) return adding
      const existing = entries.get(id)
      if (existing && existing.status !== 'failed')
        return writer.unsaved.has(id) ? writer.put(existing) : Promise.resolve()
      const added = add(receiver, notification, id).finally(() => enqueuing.delete(id))
      enqueuing.set(id, added)
      return added
    },

    async start() {
      if (running) return
      if (stopped) throw invalidState('Outbox', 'cannot start again after stop(); create a new instance')
      running = true
      await load()
      pump()
    },

    async stop() {
      if (!running) return
      running = false
      stopped = true
      if (timer) clock.clearTimer(timer)
      timer = undefined
      while (inFlight.size > 0) await Promise.all(inFlight.values())
      await writer.idle()
    },

    async flush() {
      pump()
      while (running && inFlight.size > 0) {
        await Promise.all(inFlight.values())
        pump()
      }
      await writer.idle()
    },

    stats: () => ({
      pending: pendingCount(),
      inFlight: inFlight.size,
      ...totals,
    }),

    list: (status) =>
      [...entries.values()]
        .filter((entry) => status === undefined || entry.status === status)
        .sort(oldestFirst),
  }
}
