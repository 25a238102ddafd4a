import { describe, expect, it } from 'vitest'
import { alert, hour, minute, second, start, startManager } from './alert-manager-fixtures'

describe('AlertManager grouping and timing', () => {
  it('sends two alerts raised 5 s apart together, once group_wait (30 s) has passed', async () => {
    const { clock, sink, manager } = await startManager({ groupBy: [] })
    manager.raise(alert('cpu:utilization'))
    await clock.advance(5 * second)
    manager.raise(alert('memory:utilization', { startsAt: start + 5 * second }))
    await clock.advance(24 * second)
    expect(sink.sent).toHaveLength(0)
    await clock.advance(1 * second)
    expect(sink.sent).toHaveLength(1)
    expect(sink.sent[0]).toMatchObject({ receiver: 'default', at: 30 * second })
    expect(sink.sent[0]?.notification.title).toBe('🚨 Critical System Issues Detected')
    expect(sink.sent[0]?.notification.items.map((item) => item.title)).toEqual([
      'cpu:utilization is high',
      'memory:utilization is high',
    ])
  })

  it('holds a third alert raised 1 min after the first send until group_interval (5 min after it)', async () => {
    const { clock, sink, manager } = await startManager({ groupBy: [] })
    manager.raise(alert('cpu:utilization'))
    manager.raise(alert('memory:utilization'))
    await clock.advance(30 * second)
    expect(sink.sent).toHaveLength(1)
    await clock.advance(1 * minute)
    manager.raise(alert('disk:utilization', { startsAt: clock.now() }))
    await clock.advance(4 * minute - 1)
    expect(sink.sent).toHaveLength(1)
    await clock.advance(1)
    expect(sink.sent).toHaveLength(2)
    expect(sink.sent[1]?.at).toBe(30 * second + 5 * minute)
    expect(sink.sent[1]?.notification.items).toHaveLength(3)
  })

  it('re-sends an unchanged firing group after repeat_interval (4 h) and not before', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    await clock.advance(4 * hour - 1)
    expect(sink.sent).toHaveLength(1)
    await clock.advance(1)
    expect(sink.sent.map((sent) => sent.at)).toEqual([30 * second, 30 * second + 4 * hour])
    expect(sink.sent[1]?.notification.id).not.toBe(sink.sent[0]?.notification.id)
  })

  it('sends one resolved notification when the alert resolves, then forgets the group', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization', { summary: 'CPU at 92% (threshold: 85%)' }))
    await clock.advance(30 * second)
    await clock.advance(1 * minute)
    expect(manager.resolve({ alertname: 'cpu:utilization' })).toBe(1)
    await clock.advance(10 * minute)
    await clock.advance(8 * hour)
    expect(sink.sent.map((sent) => sent.notification.kind)).toEqual(['alert', 'resolved'])
    expect(sink.sent[1]).toMatchObject({
      at: 30 * second + 5 * minute,
      notification: { title: '✅ Resolved: CPU at 92% (threshold: 85%)', severity: 'info' },
    })
    expect(sink.sent[1]?.notification.items[0]?.fields?.Lasted).toBe('2 minutes')
    expect(manager.alerts()).toEqual([])
    expect(manager.stats().groups).toBe(0)
  })

  it('resolves through raise() with status resolved too', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    manager.raise(alert('cpu:utilization', { status: 'resolved', endsAt: clock.now() }))
    await clock.advance(5 * minute)
    expect(sink.sent.map((sent) => sent.notification.kind)).toEqual(['alert', 'resolved'])
  })

  it('sends nothing for an alert that resolves before group_wait ends', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization'))
    await clock.advance(10 * second)
    manager.resolve({ alertname: 'cpu:utilization' })
    await clock.advance(1 * hour)
    expect(sink.sent).toEqual([])
    expect(manager.stats()).toMatchObject({ alerts: 0, groups: 0 })
  })

  it('sends one notification for the same alert raised 100 times', async () => {
    const { clock, sink, manager } = await startManager()
    for (let round = 0; round < 100; round++) {
      manager.raise(alert('cpu:utilization', { startsAt: clock.now(), value: 90 + (round % 5) }))
      await clock.advance(second)
    }
    await clock.advance(3 * minute)
    expect(sink.sent).toHaveLength(1)
    expect(manager.alerts()).toHaveLength(1)
    expect(manager.alerts()[0]).toMatchObject({ startsAt: start, value: 94 })
  })

  it('puts alerts with different groupBy values in separate groups', async () => {
    const { clock, sink, manager } = await startManager({ groupBy: ['alertname'] })
    manager.raise(alert('cpu:utilization'))
    manager.raise(alert('memory:utilization'))
    manager.raise(alert('memory:utilization', { labels: { instance: 'b' } }))
    await clock.advance(30 * second)
    expect(sink.sent.map((sent) => sent.notification.items.length).sort()).toEqual([1, 2])
    expect(new Set(sink.sent.map((sent) => sent.notification.groupKey)).size).toBe(2)
    expect(sink.sent.map((sent) => sent.notification.labels)).toContainEqual({
      alertname: 'memory:utilization',
    })
  })

  it('titles groups of predictor alerts "⚠️ Potential Issues Predicted"', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(
      alert('disk:full', { source: 'predictor', severity: 'warning', recommendation: 'Clean up logs' }),
    )
    await clock.advance(30 * second)
    expect(sink.sent[0]?.notification).toMatchObject({
      kind: 'prediction',
      title: '⚠️ Potential Issues Predicted',
      severity: 'warning',
    })
    expect(sink.sent[0]?.notification.items[0]?.fields?.Recommendation).toBe('Clean up logs')
  })
})

describe('AlertManager routing', () => {
  it('sends critical alerts to pager and warnings to chat when configured', async () => {
    const { clock, sink, manager } = await startManager({
      routes: { critical: ['pager'], warning: ['chat'] },
    })
    manager.raise(alert('cpu:utilization', { severity: 'critical' }))
    manager.raise(alert('memory:utilization', { severity: 'warning' }))
    await clock.advance(30 * second)
    const byReceiver = Object.fromEntries(sink.sent.map((sent) => [sent.receiver, sent.notification]))
    expect(Object.keys(byReceiver).sort()).toEqual(['chat', 'pager'])
    expect(byReceiver.pager?.items[0]?.title).toBe('cpu:utilization is high')
    expect(byReceiver.chat?.items[0]?.title).toBe('memory:utilization is high')
  })

  it('checks route rules in order, honours continue, and falls back to the default receiver', async () => {
    const { clock, sink, manager } = await startManager({
      routes: [
        { match: { team: 'db' }, receivers: ['dba'], continue: true },
        { match: { severity: 'critical' }, receivers: ['pager'] },
        { match: { severity: 'critical' }, receivers: ['never'] },
      ],
      defaultReceiver: 'fallback',
    })
    manager.raise(alert('db:connections', { labels: { team: 'db' } }))
    manager.raise(alert('cpu:utilization', { severity: 'warning' }))
    await clock.advance(30 * second)
    const pairs = sink.sent.map((sent) => `${sent.receiver}<-${sent.notification.items[0]?.title}`).sort()
    expect(pairs).toEqual([
      'dba<-db:connections is high',
      'fallback<-cpu:utilization is high',
      'pager<-db:connections is high',
    ])
    expect(manager.alerts().find((a) => a.labels.alertname === 'db:connections')?.receivers).toEqual([
      'dba',
      'pager',
    ])
  })
})

describe('AlertManager notification ids', () => {
  it('gives a retried send the same id, so a durable outbox can deduplicate it', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization'))
    sink.failing = true
    await clock.advance(30 * second)
    const ids: string[] = []
    const original = sink.enqueue.bind(sink)
    sink.enqueue = (receiver, notification) => {
      ids.push(notification.id)
      return original(receiver, notification)
    }
    await clock.advance(5 * minute)
    sink.failing = false
    await clock.advance(5 * minute)
    expect(manager.stats().sinkFailures).toBe(2)
    expect(sink.sent).toHaveLength(1)
    expect(new Set(ids).size).toBe(1)
    expect(sink.sent[0]?.at).toBe(30 * second + 10 * minute)
  })

  it('derives ids from the group state, so a new manager builds the same id for the same alerts', async () => {
    const first = await startManager()
    const second_ = await startManager()
    for (const { manager, clock } of [first, second_]) {
      manager.raise(alert('cpu:utilization'))
      await clock.advance(30 * second)
    }
    expect(first.sink.sent[0]?.notification.id).toBe(second_.sink.sent[0]?.notification.id)
  })
})

describe('AlertManager bounds and safety', () => {
  it('keeps at most maxAlerts, dropping the oldest resolved first, then the oldest firing, and counts them', async () => {
    const { clock, manager } = await startManager({ maxAlerts: 3 })
    manager.raise(alert('a'))
    manager.raise(alert('b'))
    manager.raise(alert('c'))
    manager.resolve({ alertname: 'b' })
    manager.raise(alert('d'))
    expect(manager.alerts().map((a) => a.labels.alertname)).toEqual(['a', 'c', 'd'])
    manager.raise(alert('e'))
    expect(manager.alerts().map((a) => a.labels.alertname)).toEqual(['c', 'd', 'e'])
    expect(manager.stats()).toMatchObject({ alerts: 3, droppedAlerts: 2 })
    await clock.advance(30 * second)
    expect(manager.stats().groups).toBe(3)
  })

  it('ignores malformed alerts without throwing, and counts them', async () => {
    const { manager } = await startManager()
    expect(() => manager.raise({ ...alert('x'), labels: {} })).not.toThrow()
    expect(() => manager.raise(null as never)).not.toThrow()
    expect(() => manager.raise({ ...alert('x'), severity: 'fatal' as never })).not.toThrow()
    expect(manager.stats().rejectedAlerts).toBe(3)
    expect(manager.alerts()).toEqual([])
  })

  it('adds severity and service labels when missing', async () => {
    const { manager } = await startManager({ serviceName: 'api' })
    manager.raise(alert('cpu:utilization'))
    expect(manager.alerts()[0]?.labels).toEqual({
      alertname: 'cpu:utilization',
      severity: 'critical',
      service: 'api',
    })
  })

  it('survives a throwing onNotify callback and still records the send', async () => {
    const { clock, sink, manager } = await startManager({
      onNotify: () => {
        throw new Error('listener broke')
      },
    })
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    expect(sink.sent).toHaveLength(1)
    expect(manager.stats().notificationsSent).toBe(1)
  })

  it('calls onNotify with the receiver and the notification', async () => {
    const calls: string[] = []
    const { clock, manager } = await startManager({
      onNotify: (receiver, notification) => calls.push(`${receiver}:${notification.kind}`),
    })
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    expect(calls).toEqual(['default:alert'])
  })

  it('flush() sends pending groups at once, and stop() leaves no timer behind', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization'))
    await manager.flush()
    expect(sink.sent).toHaveLength(1)
    await manager.flush()
    expect(sink.sent).toHaveLength(1)
    await manager.stop()
    expect(clock.pendingTimers()).toBe(0)
    await clock.advance(5 * hour)
    expect(sink.sent).toHaveLength(1)
  })

  it('waits for start() before it sends alerts raised earlier', async () => {
    const { clock, sink, manager } = await startManager()
    await manager.stop()
    manager.raise(alert('cpu:utilization'))
    await clock.advance(1 * minute)
    expect(sink.sent).toHaveLength(0)
    await manager.start()
    await clock.advance(0)
    expect(sink.sent).toHaveLength(1)
  })

  it('keeps one timer however many groups there are', async () => {
    const { clock, manager } = await startManager()
    for (let index = 0; index < 500; index++) manager.raise(alert(`check-${index}`))
    // One flush timer plus the silence reload interval.
    expect(clock.pendingTimers()).toBe(2)
    await clock.advance(30 * second)
    expect(manager.stats()).toMatchObject({ groups: 500, notificationsSent: 500 })
  })
})
