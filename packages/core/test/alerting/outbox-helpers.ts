import type { FakeClock } from '../../src/clock/fake-clock'
import type { Notification, NotificationSeverity } from '../../src/notifiers/notification'
import type { Notifier } from '../../src/notifiers/notifier'
import type { Outbox } from '../../src/alerting/outbox'

/** A notification with a given id; the title repeats the id so receivers can tell them apart. */
export function note(id: string, severity: NotificationSeverity = 'critical', time = 0): Notification {
  return { id, kind: 'alert', severity, title: `alert ${id}`, summary: `summary of ${id}`, items: [], time }
}

/** One call of a {@link RecordingNotifier}. */
export interface SendCall {
  readonly id: string
  readonly at: number
}

/** A notifier that records every attempt and answers with `answer` (default: success). */
export interface RecordingNotifier extends Notifier {
  readonly attempts: SendCall[]
  /** Attempts that succeeded. */
  readonly delivered: SendCall[]
  answer: (notification: Notification) => Promise<void>
}

export function recordingNotifier(name: string, clock: FakeClock): RecordingNotifier {
  const notifier: RecordingNotifier = {
    name,
    attempts: [],
    delivered: [],
    answer: async () => {},
    async send(notification) {
      const call = { id: notification.id, at: clock.now() }
      notifier.attempts.push(call)
      await notifier.answer(notification)
      notifier.delivered.push(call)
    },
  }
  return notifier
}

/**
 * Sends what is due now, then moves the fake clock in steps, letting every send started at a step's end
 * finish before the next step (real HTTP takes real time, which a fake clock does not wait for). Retries
 * due at multiples of `stepMs` start at exactly their time.
 */
export async function runFor(clock: FakeClock, outboxes: Outbox | Outbox[], ms: number, stepMs = 500) {
  const all = Array.isArray(outboxes) ? outboxes : [outboxes]
  for (const outbox of all) await outbox.flush()
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    await clock.advance(Math.min(stepMs, ms - elapsed))
    for (const outbox of all) await outbox.flush()
  }
}

/** Counts how often each id occurs. */
export function countById(calls: readonly { id: string }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const { id } of calls) counts[id] = (counts[id] ?? 0) + 1
  return counts
}
