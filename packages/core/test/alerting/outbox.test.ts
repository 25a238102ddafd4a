import { describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock'
import { createOutbox, type Outbox } from '../../src/alerting/outbox'
import type { OutboxEvent } from '../../src/alerting/outbox-entry'
import { outboxDefaults, type OutboxOptions } from '../../src/alerting/outbox-options'
import { retryDelayMs, seededRandom } from '../../src/alerting/outbox-backoff'
import type { Logger } from '../../src/logging/logger'
import { deliveryFailure } from '../../src/notifiers/notifier'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import type { Storage } from '../../src/storage/storage'
import { countById, note, recordingNotifier, runFor, type RecordingNotifier } from './outbox-helpers'

const start = Date.parse('2026-01-01T00:00:00Z')
const noJitter = { jitter: 0 }

interface Setup {
  clock: FakeClock
  storage: Storage
  outbox: Outbox
  slack: RecordingNotifier
  email: RecordingNotifier
  events: OutboxEvent[]
  logs: { level: string; message: string; details: Record<string, unknown> }[]
}

async function setup(overrides: Partial<OutboxOptions> = {}): Promise<Setup> {
  const clock = createFakeClock({ now: start })
  const storage = createMemoryStorage()
  await storage.init()
  const slack = recordingNotifier('slack', clock)
  const email = recordingNotifier('email', clock)
  const events: OutboxEvent[] = []
  const logs: Setup['logs'] = []
  const log =
    (level: string) =>
    (details: Record<string, unknown>, message: string): void =>
      void logs.push({ level, message, details })
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
  const outbox = createOutbox({
    clock,
    storage,
    logger,
    notifiers: { slack, email },
    retry: noJitter,
    onEvent: (event) => events.push(event),
    ...overrides,
  })
  return { clock, storage, outbox, slack, email, events, logs }
}

const retryable = () => Promise.reject(deliveryFailure('slack', 'answered 503', { retryable: true }))

describe('createOutbox', () => {
  it('stores the entry before enqueue resolves, sends it in the background and marks it delivered', async () => {
    const { clock, storage, outbox, slack, events } = await setup()
    await outbox.start()

    await outbox.enqueue('slack', note('a'))
    // Written first, not yet sent: delivery is never on the caller's path.
    expect(await storage.getRecord('outbox', 'slack:a')).toMatchObject({ type: 'pending' })
    expect(slack.attempts).toEqual([])

    await clock.advance(0)
    expect(slack.delivered).toEqual([{ id: 'a', at: start }])
    expect(await storage.getRecord('outbox', 'slack:a')).toMatchObject({
      type: 'delivered',
      data: { status: 'delivered', attempts: 1, finishedAt: start },
    })
    expect(events.map((event) => event.type)).toEqual(['sent'])
    expect(outbox.stats()).toEqual({ pending: 0, inFlight: 0, delivered: 1, failed: 0, dropped: 0 })
    await outbox.stop()
  })

  it('sends a notification enqueued twice only once, while pending and after delivery', async () => {
    const { clock, outbox, slack, email } = await setup()
    await outbox.start()
    await Promise.all([outbox.enqueue('slack', note('a')), outbox.enqueue('slack', note('a'))])
    await outbox.enqueue('slack', note('a'))
    await clock.advance(0)
    await outbox.enqueue('slack', note('a'))
    await outbox.enqueue('email', note('a'))
    await runFor(clock, outbox, 10_000)

    // Sent: 'a' four times to slack, once to email. Arrived: once per receiver. Lost: nothing.
    expect(countById(slack.delivered)).toEqual({ a: 1 })
    expect(countById(email.delivered)).toEqual({ a: 1 })
    await outbox.stop()
  })

  it('keeps the order per receiver while the oldest entry is retried', async () => {
    const { clock, outbox, slack } = await setup()
    let failures = 2
    slack.answer = () => (failures-- > 0 ? retryable() : Promise.resolve())
    await outbox.start()
    for (const id of ['1', '2', '3', '4']) await outbox.enqueue('slack', note(id))
    await runFor(clock, outbox, 10_000)

    // Sent 1–4; '1' failed twice; arrived 1, 2, 3, 4 in order, each once.
    expect(slack.attempts.map((call) => call.id)).toEqual(['1', '1', '1', '2', '3', '4'])
    expect(slack.delivered.map((call) => call.id)).toEqual(['1', '2', '3', '4'])
    await outbox.stop()
  })

  it('does not let a slow receiver hold up another', async () => {
    const { clock, outbox, slack, email } = await setup()
    let release = () => {}
    slack.answer = () => new Promise<void>((resolve) => (release = resolve))
    await outbox.start()
    await outbox.enqueue('slack', note('s1'))
    await outbox.enqueue('slack', note('s2'))
    for (const id of ['e1', 'e2', 'e3']) await outbox.enqueue('email', note(id))
    await clock.advance(0)
    await clock.advance(0)

    // Slack is still busy with s1; email delivered all three meanwhile.
    expect(slack.attempts.map((call) => call.id)).toEqual(['s1'])
    expect(email.delivered.map((call) => call.id)).toEqual(['e1', 'e2', 'e3'])
    expect(outbox.stats()).toMatchObject({ pending: 2, inFlight: 1, delivered: 3 })

    slack.answer = async () => {}
    release()
    await outbox.flush()
    expect(slack.delivered.map((call) => call.id)).toEqual(['s1', 's2'])
    await outbox.stop()
  })

  it('drops the oldest pending entries of the lowest severity first when over maxPending, and counts them', async () => {
    const { clock, outbox, slack, events, logs } = await setup({ maxPending: 3 })
    // Not started: everything stays pending, as when the receiver is down.
    await outbox.enqueue('slack', note('crit-1', 'critical'))
    await outbox.enqueue('slack', note('info-1', 'info'))
    await outbox.enqueue('slack', note('warn-1', 'warning'))
    await outbox.enqueue('slack', note('info-2', 'info'))
    await outbox.enqueue('slack', note('crit-2', 'critical'))
    await outbox.enqueue('slack', note('warn-2', 'warning'))

    expect(outbox.stats()).toMatchObject({ pending: 3, dropped: 3 })
    const dropped = events.filter((event) => event.type === 'dropped')
    expect(dropped.map((event) => event.entry.notification.id)).toEqual(['info-1', 'info-2', 'warn-1'])
    expect(dropped.map((event) => (event.type === 'dropped' ? event.droppedCount : 0))).toEqual([1, 2, 3])
    expect(logs.filter((log) => log.message.startsWith('outbox full'))).toHaveLength(1)

    await outbox.start()
    await runFor(clock, outbox, 1_000)
    // Sent 6 into an outbox of 3: the 3 most severe arrived, the 3 dropped are counted.
    expect(slack.delivered.map((call) => call.id)).toEqual(['crit-1', 'crit-2', 'warn-2'])
    expect(logs.filter((log) => log.message === 'outbox has room again')).toHaveLength(1)
    await outbox.stop()
  })

  it('marks a non-retryable failure failed at once and keeps it for inspection', async () => {
    const { clock, storage, outbox, slack, events } = await setup()
    slack.answer = () => Promise.reject(deliveryFailure('slack', 'answered 400', { retryable: false }))
    await outbox.start()
    await outbox.enqueue('slack', note('bad'))
    await runFor(clock, outbox, 60_000)

    expect(slack.attempts).toHaveLength(1)
    expect(outbox.list('failed')).toMatchObject([{ id: 'slack:bad', attempts: 1 }])
    expect((await storage.listRecords('outbox', { type: 'failed' })).map((record) => record.id)).toEqual([
      'slack:bad',
    ])
    expect(events).toMatchObject([{ type: 'failed', reason: expect.stringContaining('400') }])
    // A failed entry may be enqueued again, for a new try.
    slack.answer = async () => {}
    await outbox.enqueue('slack', note('bad'))
    await outbox.flush()
    expect(countById(slack.delivered)).toEqual({ bad: 1 })
    await outbox.stop()
  })

  it('gives up after maxAttempts', async () => {
    const { clock, outbox, slack } = await setup({ maxAttempts: 3 })
    slack.answer = retryable
    await outbox.start()
    await outbox.enqueue('slack', note('s'))
    await runFor(clock, outbox, 60_000, 1_000)
    expect(slack.attempts.map((call) => call.at - start)).toEqual([0, 1_000, 3_000])
    expect(outbox.list('failed')).toMatchObject([
      { id: 'slack:s', lastError: expect.stringContaining('503') },
    ])
    await outbox.stop()
  })

  it('gives up after maxAgeMs and prunes finished entries after keepFinishedMs', async () => {
    const { clock, storage, outbox, email } = await setup({ maxAgeMs: 60_000, keepFinishedMs: 120_000 })
    email.answer = retryable
    await outbox.start()
    await outbox.enqueue('email', note('e'))
    await runFor(clock, outbox, 60_000, 1_000)
    // Exponential attempts until the entry is 60 s old, then failed and kept.
    expect(email.attempts.map((call) => call.at - start)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000])
    expect(outbox.list('failed').map((entry) => entry.id)).toEqual(['email:e'])

    await runFor(clock, outbox, 120_000, 10_000)
    expect(outbox.list()).toEqual([])
    expect(await storage.listRecords('outbox')).toEqual([])
    await outbox.stop()
  })

  it('keeps delivering from memory when storage fails, and rejects the enqueue so the caller knows', async () => {
    const { clock, storage, outbox, slack } = await setup()
    await outbox.start()
    const putRecord = storage.putRecord.bind(storage)
    let storageDown = true
    storage.putRecord = (collection, record) =>
      storageDown ? Promise.reject(new Error('disk full')) : putRecord(collection, record)

    await expect(outbox.enqueue('slack', note('a'))).rejects.toThrow('disk full')
    await outbox.flush()
    expect(slack.delivered.map((call) => call.id)).toEqual(['a'])

    storageDown = false
    await runFor(clock, outbox, 1_000)
    expect(await storage.getRecord('outbox', 'slack:a')).toMatchObject({ type: 'delivered' })
    await outbox.stop()
  })

  it('rejects an unknown receiver, naming it and the known ones', async () => {
    const { outbox, storage } = await setup()
    await expect(outbox.enqueue('pager', note('a'))).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_INVALID_OPTION',
      message: 'enqueue(receiver) must be one of slack, email, received "pager"',
    })
    expect(await storage.listRecords('outbox')).toEqual([])
  })

  it('rejects invalid options, naming the bad value', async () => {
    const { clock, storage, slack } = await setup()
    const base = { clock, storage, notifiers: { slack } }
    const cases: [Partial<OutboxOptions>, string][] = [
      [{ maxPending: 0 }, 'OutboxOptions.maxPending must be a positive integer, received 0'],
      [{ pollIntervalMs: -1 }, 'OutboxOptions.pollIntervalMs must be a positive integer, received -1'],
      [{ maxAgeMs: 1.5 }, 'OutboxOptions.maxAgeMs must be a positive integer, received 1.5'],
      [{ maxAttempts: 0 }, 'OutboxOptions.maxAttempts must be a positive integer or Infinity, received 0'],
      [{ retry: { jitter: 1 } }, 'OutboxOptions.retry.jitter must be a number in [0, 1), received 1'],
      [{ retry: { multiplier: 0.5 } }, 'OutboxOptions.retry.multiplier must be a number of at least 1'],
      [{ retry: { initialDelayMs: 10, maxDelayMs: 5 } }, 'OutboxOptions.retry.maxDelayMs must be at least'],
      [{ notifiers: {} }, 'OutboxOptions.notifiers must be an object of receiver name → Notifier'],
      [{ notifiers: { slack: {} as never } }, 'OutboxOptions.notifiers.slack must be a Notifier with send()'],
      [{ storage: undefined as never }, 'OutboxOptions.storage must be a Storage'],
    ]
    for (const [options, message] of cases)
      expect(() => createOutbox({ ...base, ...options }), message).toThrow(message)
  })

  it('cannot start again after stop', async () => {
    const { outbox } = await setup()
    await outbox.start()
    await outbox.stop()
    await expect(outbox.start()).rejects.toMatchObject({ code: 'PROACTIVE_ERR_INVALID_STATE' })
  })
})

describe('outboxDefaults', () => {
  it('is frozen and has the documented values', () => {
    expect(Object.isFrozen(outboxDefaults)).toBe(true)
    expect(Object.isFrozen(outboxDefaults.retry)).toBe(true)
    expect(outboxDefaults).toMatchObject({
      maxPending: 1_000,
      retry: { initialDelayMs: 1_000, maxDelayMs: 300_000, multiplier: 2, jitter: 0.2 },
      maxAttempts: Number.POSITIVE_INFINITY,
      maxAgeMs: 86_400_000,
      pollIntervalMs: 1_000,
    })
  })
})

describe('retryDelayMs', () => {
  const retry = { ...outboxDefaults.retry, jitter: 0, random: Math.random }

  it('doubles from 1 s up to 5 minutes and honours a longer Retry-After', () => {
    expect([1, 2, 3, 9, 10, 20].map((failures) => retryDelayMs(failures, retry))).toEqual([
      1_000, 2_000, 4_000, 256_000, 300_000, 300_000,
    ])
    expect(retryDelayMs(1, retry, 5_000)).toBe(5_000)
    expect(retryDelayMs(3, retry, 500)).toBe(4_000)
  })

  it('spreads waits within ± jitter, repeatably with a seed', () => {
    const jittered = (seed: number) =>
      [1, 2, 3, 4].map((failures) =>
        retryDelayMs(failures, { ...retry, jitter: 0.2, random: seededRandom(seed) }),
      )
    expect(jittered(7)).toEqual(jittered(7))
    jittered(7).forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(800 * 2 ** index)
      expect(delay).toBeLessThanOrEqual(1_200 * 2 ** index)
    })
  })
})
