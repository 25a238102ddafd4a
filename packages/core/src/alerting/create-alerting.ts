import type { Clock } from '../clock/clock'
import type { EventBus } from '../events/event-bus'
import type { Logger } from '../logging/logger'
import type { Notifier } from '../notifiers/notifier'
import type { Storage } from '../storage/storage'
import type { AlertManager } from './alert-manager'
import type { AlertManagerOptions } from './alert-manager-options'
import type { Outbox } from './outbox'
import { invalidOption } from '../errors/codes'
import { createAlertManager } from './alert-manager'
import { connectAlerting } from './connect-alerting'
import { createOutbox } from './outbox'

/** What a host passes as `createProactive({ alerting })`. */
export interface AlertingOptions {
  /** Receiver name → notifier, e.g. `{ slack: createSlackNotifier(…), email: createEmailNotifier(…) }`. */
  notifiers: Readonly<Record<string, Notifier>>
  /** Which receivers get which alerts. Default: every receiver gets every alert. */
  routes?: AlertManagerOptions['routes']
  groupBy?: AlertManagerOptions['groupBy']
  groupWaitMs?: AlertManagerOptions['groupWaitMs']
  groupIntervalMs?: AlertManagerOptions['groupIntervalMs']
  repeatIntervalMs?: AlertManagerOptions['repeatIntervalMs']
}

/** The running pipeline: the alert manager in front, the durable outbox behind it. */
export interface Alerting {
  readonly manager: AlertManager
  readonly outbox: Outbox
  start(): Promise<void>
  stop(): Promise<void>
}

/**
 * Builds the alert pipeline of one Proactive instance: monitor issues and predictions → alert manager
 * (grouping, inhibition, silences, routing) → durable outbox → notifiers, with every step published on
 * the event bus as `notification`.
 *
 * @example
 * createProactive({ alerting: { notifiers: { slack: createSlackNotifier({ webhookUrl }) } } })
 */
export function createAlerting(
  options: AlertingOptions,
  parts: { clock: Clock; storage: Storage; events: EventBus; logger: Logger; serviceName: string },
): Alerting {
  const receivers = Object.keys(options.notifiers ?? {})
  if (receivers.length === 0)
    throw invalidOption(
      'alerting.notifiers',
      'at least one receiver, e.g. { slack: createSlackNotifier(…) }',
      options.notifiers,
    )
  const outbox = createOutbox({
    clock: parts.clock,
    storage: parts.storage,
    notifiers: options.notifiers,
    logger: parts.logger,
    onEvent: (event) => parts.events.emit('notification', event),
  })
  const manager = createAlertManager({
    clock: parts.clock,
    storage: parts.storage,
    sink: outbox,
    logger: parts.logger,
    serviceName: parts.serviceName,
    routes: options.routes ?? { critical: receivers, warning: receivers },
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    ...(options.groupWaitMs === undefined ? {} : { groupWaitMs: options.groupWaitMs }),
    ...(options.groupIntervalMs === undefined ? {} : { groupIntervalMs: options.groupIntervalMs }),
    ...(options.repeatIntervalMs === undefined ? {} : { repeatIntervalMs: options.repeatIntervalMs }),
  })
  let disconnect: (() => void) | undefined
  return {
    manager,
    outbox,
    async start() {
      await outbox.start()
      await manager.start()
      disconnect ??= connectAlerting(parts.events, manager, parts.serviceName)
    },
    async stop() {
      disconnect?.()
      await manager.stop()
      await outbox.stop()
    },
  }
}
