import type { TimerHandle } from '../clock/clock'
import type { Labels } from '../metrics/sample'
import type { Notification } from '../notifiers/notification'
import { silentLogger } from '../logging/logger'
import type { Alert } from './alert'
import { resolveAlertManagerOptions, type AlertManagerOptions } from './alert-manager-options'
import {
  alertFingerprint,
  groupKeyOf,
  groupLabelsOf,
  InhibitionIndex,
  routeReceivers,
} from './alert-matching'
import { firingNotificationId, normalizeAlert, resolvedNotificationId, type AlertGroup } from './alert-group'
import { firingAlertsNotification, resolvedAlertsNotification } from './alert-notification'
import { createSilenceStore, type Silence, type SilenceOptions } from './silence-store'

/** An alert as the manager holds it, with why it is (not) being sent. */
export interface ManagedAlert extends Alert {
  readonly fingerprint: string
  readonly receivers: readonly string[]
  readonly silenced: boolean
  /** The id of the silence that mutes it. */
  readonly silencedBy?: string
  readonly inhibited: boolean
}

/** Counters of an {@link AlertManager}. */
export interface AlertManagerStats {
  readonly alerts: number
  readonly groups: number
  readonly silences: number
  readonly notificationsSent: number
  /** Alerts dropped to stay within `maxAlerts`. */
  readonly droppedAlerts: number
  /** Alerts ignored because they were malformed (no `alertname`, bad severity, …). */
  readonly rejectedAlerts: number
  /** Notifications the sink refused; they are tried again at the group's next tick. */
  readonly sinkFailures: number
}

/** Groups, deduplicates, silences, inhibits and routes alerts, then hands notifications to the sink. */
export interface AlertManager {
  /** Adds or updates an alert (the same labels are the same alert); `status: 'resolved'` resolves it. Never throws. */
  raise(alert: Alert): void
  /** Resolves every firing alert whose labels include all of `labels`; returns how many. */
  resolve(labels: Labels): number
  /** Current alerts: firing ones, and resolved ones whose resolved notification is still due. */
  alerts(): ManagedAlert[]
  /** Stores a silence (shared through storage) and returns its id; rejects on invalid options. */
  silence(options: SilenceOptions): Promise<string>
  /** Ends a silence now; false when the id is unknown. */
  expireSilence(id: string): Promise<boolean>
  /** Known silences, newest first, including recently expired ones. */
  silences(): Silence[]
  /** Loads silences and starts the timers. */
  start(): Promise<void>
  /** Clears the timers and waits for a flush in progress. Alerts stay in memory. */
  stop(): Promise<void>
  /** Flushes every group now, as if its timer fired (changes are sent; unchanged groups are not repeated early). */
  flush(): Promise<void>
  stats(): AlertManagerStats
}

interface Entry {
  readonly fingerprint: string
  alert: Alert
  readonly receivers: readonly string[]
  readonly groupKeys: readonly string[]
}

/**
 * Creates an {@link AlertManager} with Alertmanager's semantics: a new group waits `groupWaitMs`,
 * then is evaluated every `groupIntervalMs`; a group is sent when it has firing alerts not sent before
 * or alerts that resolved, and repeated unchanged after `repeatIntervalMs`.
 *
 * Notification ids are deduplication keys derived from the group state, not from in-memory counters,
 * so they survive a restart: firing = receiver + group key + each alert's fingerprint and `startsAt` +
 * the repeat bucket `floor((now - earliest startsAt) / repeatIntervalMs)`; resolved = receiver + group key +
 * each alert's fingerprint, `startsAt` and `endsAt`. A retry of the same send gets the same id.
 *
 * @example
 * const alerts = createAlertManager({ clock, storage, sink: outbox, routes: { critical: ['pager'], warning: ['chat'] } })
 * await alerts.start()
 * alerts.raise({ labels: { alertname: 'cpu:utilization' }, severity: 'critical', status: 'firing',
 *   summary: 'CPU at 92% (threshold: 85%)', startsAt: clock.now(), source: 'monitor' })
 */
export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const settings = resolveAlertManagerOptions(options)
  const { clock, sink, onNotify } = options
  const logger = options.logger ?? silentLogger
  const store = createSilenceStore({ ...options, logger, maxSilences: settings.maxSilences })
  const inhibition = new InhibitionIndex(settings.inhibitRules)
  const entries = new Map<string, Entry>()
  // Insertion-ordered, so the oldest of each is the first: O(1) eviction.
  const firingOrder = new Set<string>()
  const resolvedOrder = new Set<string>()
  const groups = new Map<string, AlertGroup>()
  const counts = { notificationsSent: 0, droppedAlerts: 0, rejectedAlerts: 0, sinkFailures: 0 }
  let started = false
  let timer: TimerHandle | undefined
  let timerDueAt = Infinity
  let reloadTimer: TimerHandle | undefined
  let queue: Promise<void> = Promise.resolve()

  const exclusive = (work: () => Promise<void>): Promise<void> => {
    queue = queue.then(work).catch((error: unknown) => {
      logger.error({ component: 'alert-manager', error }, 'alert manager flush failed')
    })
    return queue
  }

  const wakeAt = (dueAt: number) => {
    if (!started || dueAt >= timerDueAt) return
    if (timer) clock.clearTimer(timer)
    timerDueAt = dueAt
    timer = clock.setTimeout(
      () => {
        timer = undefined
        timerDueAt = Infinity
        void exclusive(() => flushGroups(false))
      },
      Math.max(0, dueAt - clock.now()),
    )
    timer.unref()
  }

  const rescheduleAll = () => {
    if (timer) clock.clearTimer(timer)
    timer = undefined
    timerDueAt = Infinity
    let earliest = Infinity
    for (const group of groups.values()) earliest = Math.min(earliest, group.nextFlushAt)
    if (earliest < Infinity) wakeAt(earliest)
  }

  const normalize = (input: Alert): Alert | undefined => {
    const alert = normalizeAlert(input, options.serviceName)
    if (alert) return alert
    counts.rejectedAlerts++
    logger.warn(
      { component: 'alert-manager', alert: input },
      'ignored a malformed alert (needs labels.alertname, severity, status, summary, startsAt)',
    )
    return undefined
  }

  const drop = (entry: Entry) => {
    for (const key of entry.groupKeys) {
      const group = groups.get(key)
      if (!group) continue
      group.members.delete(entry.fingerprint)
      group.notified.delete(entry.fingerprint)
      if (group.members.size === 0) groups.delete(key)
    }
    if (entry.alert.status === 'firing') inhibition.remove(entry.fingerprint, entry.alert.labels)
    entries.delete(entry.fingerprint)
    firingOrder.delete(entry.fingerprint)
    resolvedOrder.delete(entry.fingerprint)
  }

  const addAlert = (fingerprint: string, alert: Alert) => {
    while (entries.size >= settings.maxAlerts) {
      const [oldest] = resolvedOrder.size > 0 ? resolvedOrder : firingOrder
      const victim = oldest === undefined ? undefined : entries.get(oldest)
      if (!victim) break
      drop(victim)
      counts.droppedAlerts++
    }
    const receivers = routeReceivers(alert.labels, settings.routes, settings.defaultReceiver)
    const groupKeys = receivers.map((receiver) => groupKeyOf(receiver, alert.labels, settings.groupBy))
    entries.set(fingerprint, { fingerprint, alert, receivers, groupKeys })
    firingOrder.add(fingerprint)
    inhibition.add(fingerprint, alert.labels)
    receivers.forEach((receiver, index) => {
      const key = groupKeys[index] as string
      let group = groups.get(key)
      if (!group) {
        group = {
          key,
          receiver,
          labels: groupLabelsOf(alert.labels, settings.groupBy),
          members: new Set(),
          notified: new Set(),
          nextFlushAt: clock.now() + settings.groupWaitMs,
        }
        groups.set(key, group)
        wakeAt(group.nextFlushAt)
      }
      group.members.add(fingerprint)
    })
  }

  const markResolved = (entry: Entry, endsAt: number) => {
    if (entry.alert.status !== 'firing') return
    entry.alert = { ...entry.alert, status: 'resolved', endsAt }
    inhibition.remove(entry.fingerprint, entry.alert.labels)
    firingOrder.delete(entry.fingerprint)
    resolvedOrder.add(entry.fingerprint)
  }

  const accept = (input: Alert) => {
    const alert = normalize(input)
    if (!alert) return
    const fingerprint = alertFingerprint(alert.labels)
    const entry = entries.get(fingerprint)
    if (alert.status === 'resolved') {
      if (entry) markResolved(entry, alert.endsAt ?? clock.now())
      return
    }
    if (!entry) return addAlert(fingerprint, alert)
    if (entry.alert.status === 'firing') {
      // An update of the same alert: new text and value, the original start.
      entry.alert = { ...alert, startsAt: Math.min(entry.alert.startsAt, alert.startsAt) }
      return
    }
    // Fired again before its resolution was sent: firing once more, nothing to announce twice.
    entry.alert = alert
    resolvedOrder.delete(fingerprint)
    firingOrder.add(fingerprint)
    inhibition.add(fingerprint, alert.labels)
  }

  const muting = (entry: Entry, now: number) => {
    const silencedBy = store.silencing(entry.alert.labels, now)
    return { silencedBy, inhibited: inhibition.inhibits(entry.fingerprint, entry.alert.labels) }
  }
  const isMuted = (entry: Entry, now: number) => {
    const { silencedBy, inhibited } = muting(entry, now)
    return silencedBy !== undefined || inhibited
  }

  const send = async (group: AlertGroup, notification: Notification): Promise<boolean> => {
    try {
      await sink.enqueue(group.receiver, notification)
    } catch (error) {
      counts.sinkFailures++
      logger.warn(
        { component: 'alert-manager', error, receiver: group.receiver, notification: notification.id },
        'alert sink refused a notification; trying again at the next group interval',
      )
      return false
    }
    counts.notificationsSent++
    try {
      onNotify?.(group.receiver, notification)
    } catch (error) {
      logger.warn({ component: 'alert-manager', error }, 'onNotify callback threw')
    }
    return true
  }

  const forget = (group: AlertGroup, fingerprint: string) => {
    group.members.delete(fingerprint)
    group.notified.delete(fingerprint)
    const entry = entries.get(fingerprint)
    if (entry && !entry.groupKeys.some((key) => groups.get(key)?.members.has(fingerprint))) {
      entries.delete(fingerprint)
      resolvedOrder.delete(fingerprint)
    }
  }

  const flushGroup = async (group: AlertGroup, now: number) => {
    group.nextFlushAt = now + settings.groupIntervalMs
    const firing: Entry[] = []
    const resolved: Entry[] = []
    const silentlyGone: string[] = []
    for (const fingerprint of group.members) {
      const entry = entries.get(fingerprint)
      if (!entry) continue
      const muted = isMuted(entry, now)
      if (entry.alert.status === 'firing') {
        if (!muted) firing.push(entry)
      } else if (group.notified.has(fingerprint) && !muted) resolved.push(entry)
      else silentlyGone.push(fingerprint)
    }
    const context = { groupKey: group.key, labels: group.labels }
    const fresh = firing.some((entry) => !group.notified.has(entry.fingerprint))
    const repeatDue =
      group.lastFiringSentAt !== undefined && now - group.lastFiringSentAt >= settings.repeatIntervalMs
    if (firing.length > 0 && (fresh || repeatDue)) {
      const id = firingNotificationId(group, firing, now, settings.repeatIntervalMs)
      const alerts = firing.map((entry) => entry.alert)
      if (await send(group, firingAlertsNotification(alerts, { ...context, id }))) {
        for (const entry of firing) group.notified.add(entry.fingerprint)
        group.lastFiringSentAt = now
      }
    }
    if (resolved.length > 0) {
      const id = resolvedNotificationId(group, resolved)
      const alerts = resolved.map((entry) => entry.alert)
      if (await send(group, resolvedAlertsNotification(alerts, { ...context, id })))
        for (const entry of resolved) forget(group, entry.fingerprint)
    }
    for (const fingerprint of silentlyGone) {
      const entry = entries.get(fingerprint)
      // Resolved while muted or before it was ever sent: it leaves without a message.
      if (entry?.alert.status === 'resolved') forget(group, fingerprint)
    }
    if (group.members.size === 0) groups.delete(group.key)
  }

  const flushGroups = async (all: boolean) => {
    for (const group of groups.values())
      if (all || group.nextFlushAt <= clock.now()) await flushGroup(group, clock.now())
    rescheduleAll()
  }

  return {
    raise(alert) {
      try {
        accept(alert)
      } catch (error) {
        logger.error({ component: 'alert-manager', error }, 'raise failed')
      }
    },
    resolve(labels) {
      let count = 0
      const now = clock.now()
      for (const fingerprint of [...firingOrder]) {
        const entry = entries.get(fingerprint)
        if (
          !entry ||
          !Object.entries(labels ?? {}).every(([key, value]) => entry.alert.labels[key] === value)
        )
          continue
        markResolved(entry, now)
        count++
      }
      return count
    },
    alerts() {
      const now = clock.now()
      return [...entries.values()].map((entry) => {
        const { silencedBy, inhibited } = muting(entry, now)
        return {
          ...entry.alert,
          fingerprint: entry.fingerprint,
          receivers: entry.receivers,
          silenced: silencedBy !== undefined,
          ...(silencedBy === undefined ? {} : { silencedBy }),
          inhibited,
        }
      })
    },
    silence: async (silenceOptions) => (await store.add(silenceOptions)).id,
    expireSilence: (id) => store.expire(id),
    silences: () => store.list(),
    async start() {
      if (started) return
      started = true
      await store.load()
      if (!started) return
      reloadTimer = clock.setInterval(() => void store.load(), settings.groupIntervalMs)
      reloadTimer.unref()
      rescheduleAll()
    },
    async stop() {
      started = false
      if (timer) clock.clearTimer(timer)
      if (reloadTimer) clock.clearTimer(reloadTimer)
      timer = reloadTimer = undefined
      timerDueAt = Infinity
      await queue
    },
    flush: () => exclusive(() => flushGroups(true)),
    stats: () => ({ alerts: entries.size, groups: groups.size, silences: store.list().length, ...counts }),
  }
}
