import { EventEmitter } from 'eventemitter3'
import type { Sample } from '../metrics/sample'
import type { HealthReport } from '../monitor/health-report'
import type { MonitorIssue } from '../monitor/monitor-issue'
import type { CapturedException } from '../http/captured-exception'
import type { Prediction } from '../predictor/prediction'
import type { OutboxEvent } from '../alerting/outbox-entry'

/**
 * Every event Proactive publishes, with its payload. Later components add `optimization`, `fix` and
 * `rollback`.
 */
export interface ProactiveEvents {
  /** One collection round of one source. */
  sample: [samples: readonly Sample[]]
  /** The health report after each evaluation. */
  health: [report: HealthReport]
  /** An issue started (a threshold was crossed) or changed severity. */
  'issue.raised': [issue: MonitorIssue]
  /** An issue ended. */
  'issue.resolved': [issue: MonitorIssue]
  /** A prediction started or changed severity. */
  prediction: [prediction: Prediction]
  /** A prediction no longer holds. */
  'prediction.cleared': [prediction: Prediction]
  /** A notification was delivered, failed for good, or was dropped from a full outbox. */
  notification: [event: OutboxEvent]
  /** An error thrown in the host's request handlers, captured by an adapter. */
  exception: [exception: CapturedException]
  /** A failure inside Proactive itself (a source, storage); it never reaches the host. */
  'internal-error': [error: unknown, context: { component: string }]
}

/**
 * The typed event bus the components publish on and the host subscribes to. Listener errors are
 * caught and reported as `internal-error`, so a faulty listener cannot break sampling.
 *
 * @example
 * proactive.events.on('issue.raised', (issue) => console.log(issue.message))
 */
export class EventBus extends EventEmitter<ProactiveEvents> {
  override emit<Name extends keyof ProactiveEvents>(name: Name, ...args: ProactiveEvents[Name]): boolean {
    try {
      return (super.emit as (event: string, ...values: unknown[]) => boolean)(name, ...args)
    } catch (error) {
      if (name !== 'internal-error')
        super.emit('internal-error', error, { component: `listener:${String(name)}` })
      return true
    }
  }
}
