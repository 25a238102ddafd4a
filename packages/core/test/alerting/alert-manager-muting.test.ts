import { describe, expect, it } from 'vitest'
import type { Storage } from '../../src/storage/storage'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import { createAlertManager } from '../../src/alerting/alert-manager'
import {
  alert,
  createRecordingSink,
  hour,
  minute,
  second,
  start,
  startManager,
} from './alert-manager-fixtures'

describe('AlertManager inhibition', () => {
  it('mutes the warning of the same metric while the critical fires, and not the warning of another metric', async () => {
    const { clock, sink, manager } = await startManager({ groupBy: [] })
    manager.raise(alert('disk:utilization', { severity: 'critical', labels: { mount: '/' } }))
    manager.raise(alert('disk:utilization', { severity: 'warning', labels: { mount: '/' }, summary: 'same' }))
    manager.raise(
      alert('disk:utilization', { severity: 'warning', labels: { mount: '/data' }, summary: 'other' }),
    )
    await clock.advance(30 * second)
    expect(sink.sent).toHaveLength(1)
    expect(sink.sent[0]?.notification.items.map((item) => item.title).sort()).toEqual([
      'disk:utilization is high',
      'other',
    ])
    const flags = manager.alerts().map((a) => `${a.labels.mount}/${a.severity}:${a.inhibited}`)
    expect(flags.sort()).toEqual(['//critical:false', '//warning:true', '/data/warning:false'])
  })

  it('lets the warning through once the critical resolves', async () => {
    const { clock, sink, manager } = await startManager()
    manager.raise(alert('cpu:utilization', { severity: 'critical' }))
    manager.raise(alert('cpu:utilization', { severity: 'warning', summary: 'CPU at 80%' }))
    await clock.advance(30 * second)
    manager.resolve({ alertname: 'cpu:utilization', severity: 'critical' })
    await clock.advance(5 * minute)
    const last = sink.sent.map((sent) => `${sent.notification.kind}:${sent.notification.items.length}`)
    expect(last).toEqual(['alert:1', 'alert:1', 'resolved:1'])
    expect(sink.sent[1]?.notification.items[0]?.title).toBe('CPU at 80%')
  })

  it('applies custom inhibit rules, and none when the list is empty', async () => {
    const { clock, sink, manager } = await startManager({ inhibitRules: [] })
    manager.raise(alert('cpu:utilization', { severity: 'critical' }))
    manager.raise(alert('cpu:utilization', { severity: 'warning' }))
    await clock.advance(30 * second)
    expect(sink.sent[0]?.notification.items).toHaveLength(2)
  })
})

describe('AlertManager silences', () => {
  it('mutes matching alerts until the silence expires, then sends them at the next group tick', async () => {
    const { clock, sink, manager } = await startManager()
    const id = await manager.silence({ matchers: { alertname: 'cpu:utilization' }, durationMs: '1h' })
    manager.raise(alert('cpu:utilization'))
    manager.raise(alert('memory:utilization'))
    await clock.advance(30 * second)
    expect(sink.sent.map((sent) => sent.notification.items[0]?.title)).toEqual(['memory:utilization is high'])
    expect(manager.alerts().find((a) => a.labels.alertname === 'cpu:utilization')).toMatchObject({
      silenced: true,
      silencedBy: id,
    })
    await clock.advance(1 * hour - 30 * second)
    expect(sink.sent).toHaveLength(1)
    await clock.advance(5 * minute)
    expect(sink.sent.map((sent) => sent.notification.items[0]?.title)).toEqual([
      'memory:utilization is high',
      'cpu:utilization is high',
    ])
  })

  it('stops muting when the silence is expired by hand', async () => {
    const { clock, sink, manager } = await startManager()
    const id = await manager.silence({
      matchers: { alertname: 'cpu:utilization' },
      endsAt: start + 24 * hour,
    })
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    expect(await manager.expireSilence(id)).toBe(true)
    expect(await manager.expireSilence('no-such-silence')).toBe(false)
    await clock.advance(5 * minute)
    expect(sink.sent).toHaveLength(1)
    expect(manager.silences()[0]?.endsAt).toBe(start + 30 * second)
  })

  it('survives a restart: a new manager on the same storage loads the silence', async () => {
    const first = await startManager()
    await first.manager.silence({
      matchers: { alertname: 'cpu:utilization' },
      durationMs: 2 * hour,
      createdBy: 'ops',
      comment: 'maintenance',
    })
    await first.manager.stop()
    const { clock, sink, manager } = await startManager({}, { storage: first.storage })
    expect(manager.silences()).toMatchObject([{ createdBy: 'ops', comment: 'maintenance' }])
    manager.raise(alert('cpu:utilization'))
    await clock.advance(1 * hour)
    expect(sink.sent).toEqual([])
  })

  it('picks up a silence another instance stored within one group interval', async () => {
    const storage = createMemoryStorage()
    const a = await startManager({}, { storage })
    const b = await startManager({}, { storage, clock: a.clock })
    await a.manager.silence({ matchers: { alertname: 'cpu:utilization' }, durationMs: '4h' })
    expect(b.manager.silences()).toHaveLength(0)
    await a.clock.advance(5 * minute)
    expect(b.manager.silences()).toHaveLength(1)
  })

  it('keeps the cached silences and sends nothing wrong when storage fails to reload', async () => {
    const storage = createMemoryStorage()
    const { clock, sink, manager } = await startManager({}, { storage })
    await manager.silence({ matchers: { alertname: 'cpu:utilization' }, durationMs: '1h' })
    storage.listRecords = () => Promise.reject(new Error('storage down'))
    manager.raise(alert('cpu:utilization'))
    await clock.advance(20 * minute)
    expect(manager.silences()).toHaveLength(1)
    expect(sink.sent).toEqual([])
  })

  it('starts even when storage cannot list silences', async () => {
    const storage: Storage = createMemoryStorage()
    storage.listRecords = () => Promise.reject(new Error('storage down'))
    const clock = (await startManager()).clock
    const sink = createRecordingSink(clock)
    const manager = createAlertManager({ clock, storage, sink })
    await expect(manager.start()).resolves.toBeUndefined()
    manager.raise(alert('cpu:utilization'))
    await clock.advance(30 * second)
    expect(sink.sent).toHaveLength(1)
  })

  it('rejects invalid silences with messages that name the field', async () => {
    const { manager } = await startManager()
    await expect(manager.silence({ matchers: {}, durationMs: '1h' })).rejects.toThrow(
      /SilenceOptions.matchers/,
    )
    await expect(manager.silence({ matchers: { alertname: 'x' } })).rejects.toThrow(/SilenceOptions.endsAt/)
    await expect(manager.silence({ matchers: { alertname: 'x' }, durationMs: 'soon' })).rejects.toThrow(
      /SilenceOptions.durationMs must be .* received "soon"/,
    )
    await expect(manager.silence({ matchers: { alertname: 'x' }, endsAt: start - 1 })).rejects.toThrow(
      /SilenceOptions.endsAt/,
    )
    await expect(manager.silence({ matchers: { alertname: 1 as never }, durationMs: 1 })).rejects.toThrow(
      /SilenceOptions.matchers/,
    )
    expect(manager.silences()).toEqual([])
  })

  it('keeps at most maxSilences in memory, the newest', async () => {
    const { clock, manager } = await startManager({ maxSilences: 2 })
    for (const name of ['a', 'b', 'c']) {
      await manager.silence({ matchers: { alertname: name }, durationMs: '1h' })
      await clock.advance(1)
    }
    expect(manager.silences().map((s) => s.matchers.alertname)).toEqual(['c', 'b'])
  })
})
