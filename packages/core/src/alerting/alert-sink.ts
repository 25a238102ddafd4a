import type { Notification } from '../notifiers/notification'

/**
 * Where the alert manager hands finished notifications: the durable outbox in production, a list in
 * tests. `enqueue` resolves once the notification is safely recorded (not when it is delivered).
 */
export interface AlertSink {
  enqueue(receiver: string, notification: Notification): Promise<void>
}
