import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import { createAlertManager } from '../../src/alerting/alert-manager'
import {
  alertManagerDefaults,
  resolveAlertManagerOptions,
  type AlertManagerOptions,
} from '../../src/alerting/alert-manager-options'
import { createRecordingSink } from './alert-manager-fixtures'

const clock = createFakeClock()
const base = { clock, storage: createMemoryStorage(), sink: createRecordingSink(clock) }
const resolve = (options: Partial<AlertManagerOptions>) => resolveAlertManagerOptions({ ...base, ...options })

describe('alertManagerDefaults', () => {
  it("are Alertmanager's: group_wait 30 s, group_interval 5 m, repeat_interval 4 h, grouped by alertname", () => {
    expect(alertManagerDefaults).toMatchObject({
      groupBy: ['alertname'],
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
      routes: { critical: ['default'], warning: ['default'] },
      maxAlerts: 10_000,
    })
    expect(Object.isFrozen(alertManagerDefaults)).toBe(true)
    expect(Object.isFrozen(alertManagerDefaults.inhibitRules[0])).toBe(true)
  })

  it('resolve to a frozen form with severity routes turned into rules', () => {
    const resolved = resolve({})
    expect(Object.isFrozen(resolved)).toBe(true)
    expect(resolved.routes).toEqual([
      { match: { severity: 'critical' }, receivers: ['default'] },
      { match: { severity: 'warning' }, receivers: ['default'] },
    ])
  })
})

describe('resolveAlertManagerOptions', () => {
  it("accepts durations as milliseconds or text such as '2s', '5m', '4h'", () => {
    expect(resolve({ groupWaitMs: '2s', groupIntervalMs: '5m', repeatIntervalMs: '4h' })).toMatchObject({
      groupWaitMs: 2_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
    })
    expect(resolve({ groupWaitMs: 0 }).groupWaitMs).toBe(0)
  })

  it.each([
    ['groupWaitMs', { groupWaitMs: 'soon' }, /AlertManagerOptions.groupWaitMs must be .*received "soon"/],
    ['groupWaitMs', { groupWaitMs: -1 }, /AlertManagerOptions.groupWaitMs must be a non-negative duration/],
    ['groupIntervalMs', { groupIntervalMs: 0 }, /AlertManagerOptions.groupIntervalMs must be .*received 0/],
    ['groupIntervalMs', { groupIntervalMs: '30d' }, /AlertManagerOptions.groupIntervalMs/],
    ['repeatIntervalMs', { repeatIntervalMs: Number.NaN }, /AlertManagerOptions.repeatIntervalMs/],
    [
      'repeatIntervalMs below groupIntervalMs',
      { groupIntervalMs: '10m', repeatIntervalMs: '5m' },
      /AlertManagerOptions.repeatIntervalMs must be a duration of at least 600000 ms/,
    ],
    ['groupBy', { groupBy: 'alertname' as never }, /AlertManagerOptions.groupBy must be a list/],
    ['groupBy', { groupBy: [''] }, /AlertManagerOptions.groupBy/],
    ['maxAlerts', { maxAlerts: 0 }, /AlertManagerOptions.maxAlerts must be a positive integer, received 0/],
    ['maxSilences', { maxSilences: 1.5 }, /AlertManagerOptions.maxSilences must be a positive integer/],
    ['routes', { routes: { critical: [] } }, /AlertManagerOptions.routes.critical must be a non-empty list/],
    ['routes', { routes: { info: ['x'] } as never }, /AlertManagerOptions.routes.info/],
    ['routes', { routes: [{ match: { a: 1 }, receivers: ['x'] }] as never }, /routes\[0\].match/],
    ['routes', { routes: [{ match: {}, receivers: [] }] }, /routes\[0\].receivers/],
    [
      'inhibitRules',
      { inhibitRules: [{ sourceMatch: {}, targetMatch: {} }] as never },
      /inhibitRules\[0\].equal/,
    ],
    ['defaultReceiver', { defaultReceiver: '' }, /AlertManagerOptions.defaultReceiver/],
    ['sink', { sink: {} as never }, /AlertManagerOptions.sink must be an object with method enqueue\(\)/],
    ['storage', { storage: undefined as never }, /AlertManagerOptions.storage/],
    ['onNotify', { onNotify: 'log' as never }, /AlertManagerOptions.onNotify must be a function/],
  ])('rejects a bad %s with a message naming it', (_name, options, message) => {
    expect(() => resolve(options as Partial<AlertManagerOptions>)).toThrow(message)
    expect(() => createAlertManager({ ...base, ...(options as Partial<AlertManagerOptions>) })).toThrow(
      expect.objectContaining({ code: 'PROACTIVE_ERR_INVALID_OPTION' }),
    )
  })
})
