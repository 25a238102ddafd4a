import type { Notification, NotificationSeverity } from '../notifiers/notification'
import type { StoredRecord } from '../storage/storage'

/** Where an outbox entry stands. */
export const outboxStatuses = ['pending', 'delivered', 'failed'] as const
/** One of {@link outboxStatuses}. */
export type OutboxStatus = (typeof outboxStatuses)[number]

/**
 * One notification for one receiver, as stored in the `outbox` collection (record `type` = status), so
 * `storage.listRecords('outbox', { type: 'failed' })` shows what could not be delivered.
 */
export interface OutboxEntry {
  /** `${receiver}:${notification.id}`: the deduplication key and the record id. */
  readonly id: string
  readonly receiver: string
  readonly notification: Notification
  readonly status: OutboxStatus
  /** Epoch ms of the enqueue; with `sequence`, the delivery order per receiver. */
  readonly enqueuedAt: number
  readonly sequence: number
  /** Attempts made so far. */
  readonly attempts: number
  /** Epoch ms before which the next attempt must not start. */
  readonly nextAttemptAt: number
  /** Epoch ms of delivery or of the final failure. */
  readonly finishedAt?: number
  /** The last delivery error's message. */
  readonly lastError?: string
}

/** What the outbox reports through `onEvent`; the lead wires it to the event bus. */
export type OutboxEvent =
  | { readonly type: 'sent'; readonly entry: OutboxEntry }
  | { readonly type: 'failed'; readonly entry: OutboxEntry; readonly reason: string }
  | { readonly type: 'dropped'; readonly entry: OutboxEntry; readonly droppedCount: number }

/** Lower ranks are dropped first when the outbox is full. */
export const severityRank: Readonly<Record<NotificationSeverity, number>> = Object.freeze({
  info: 0,
  warning: 1,
  critical: 2,
})

/** The record id of a receiver's notification. */
export const outboxEntryId = (receiver: string, notificationId: string): string =>
  `${receiver}:${notificationId}`

/** Stores an entry; `time` is the enqueue time, so storage retention never outruns `maxAgeMs`. */
export function toOutboxRecord(entry: OutboxEntry): StoredRecord<OutboxEntry> {
  return { id: entry.id, time: entry.enqueuedAt, type: entry.status, data: entry }
}

/** Reads a stored entry back; anything that is not one (a corrupted or foreign record) gives undefined. */
export function fromOutboxRecord(record: StoredRecord): OutboxEntry | undefined {
  const data = record.data as Partial<OutboxEntry> | null
  if (typeof data !== 'object' || data === null) return undefined
  const { receiver, notification, status, enqueuedAt, sequence, attempts, nextAttemptAt } = data
  const valid =
    typeof receiver === 'string' &&
    typeof notification?.id === 'string' &&
    record.id === outboxEntryId(receiver, notification.id) &&
    outboxStatuses.includes(status as OutboxStatus) &&
    [enqueuedAt, sequence, attempts, nextAttemptAt].every(Number.isFinite)
  return valid ? (data as OutboxEntry) : undefined
}

/** Orders entries oldest first (enqueue time, then sequence). */
export const oldestFirst = (a: OutboxEntry, b: OutboxEntry): number =>
  a.enqueuedAt - b.enqueuedAt || a.sequence - b.sequence
