import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import type { Storage } from '../../src/storage/storage'
import type { Alert } from '../../src/alerting/alert'
import type { AlertSink } from '../../src/alerting/alert-sink'
import type { Notification } from '../../src/notifiers/notification'
import { createAlertManager, type AlertManager } from '../../src/alerting/alert-manager'
import type { AlertManagerOptions } from '../../src/alerting/alert-manager-options'

export const start = Date.parse('2026-01-01T00:00:00Z')
export const second = 1_000
export const minute = 60_000
export const hour = 3_600_000

/** One notification as the recording sink received it. */
export interface Sent {
  receiver: string
  notification: Notification
  /** Milliseconds since `start`. */
  at: number
}

/** A sink that records what it gets, and fails while `failing` is true. */
export function createRecordingSink(clock: FakeClock): AlertSink & { sent: Sent[]; failing: boolean } {
  const sink = {
    sent: [] as Sent[],
    failing: false,
    enqueue(receiver: string, notification: Notification) {
      if (sink.failing) return Promise.reject(new Error('outbox unavailable'))
      sink.sent.push({ receiver, notification, at: clock.now() - start })
      return Promise.resolve()
    },
  }
  return sink
}

/** A firing alert; `name` is the alertname, the rest overrides. */
export function alert(name: string, overrides: Partial<Alert> = {}): Alert {
  return {
    labels: { alertname: name, ...overrides.labels },
    severity: 'critical',
    status: 'firing',
    summary: `${name} is high`,
    startsAt: start,
    source: 'monitor',
    ...overrides,
    ...(overrides.labels ? { labels: { alertname: name, ...overrides.labels } } : {}),
  }
}

/** A started manager on a fake clock, a memory storage and a recording sink. */
export async function startManager(
  options: Partial<AlertManagerOptions> = {},
  shared: { clock?: FakeClock; storage?: Storage } = {},
) {
  const clock = shared.clock ?? createFakeClock({ now: start })
  const storage = shared.storage ?? createMemoryStorage()
  const sink = createRecordingSink(clock)
  const manager: AlertManager = createAlertManager({ clock, storage, sink, ...options })
  await manager.start()
  return { clock, storage, sink, manager }
}
