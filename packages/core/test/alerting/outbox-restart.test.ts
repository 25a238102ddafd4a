import { mkdtempSync, rmSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock'
import { createOutbox } from '../../src/alerting/outbox'
import { createSlackNotifier } from '../../src/notifiers/slack-notifier'
import { createSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite-storage'
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../notifiers/http-receiver'
import { note, runFor } from './outbox-helpers'

const start = Date.parse('2026-01-01T00:00:00Z')
const directory = mkdtempSync(join(tmpdir(), 'proactive-outbox-'))
let files = 0
const receivers: HttpReceiver[] = []
const storages: SqliteStorage[] = []

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()))
  await Promise.all(storages.splice(0).map((storage) => storage.close().catch(() => {})))
})
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const alertId = (request: ReceivedRequest) =>
  /alert (\S+)/.exec((JSON.parse(request.body) as { text: string }).text)?.[1] ?? '?'

/** One "process": its own clock, its own connection to the SQLite file, its own outbox. */
async function processOn(filename: string, webhookUrl: string, now: number, sendTimeoutMs?: number) {
  const clock = createFakeClock({ now })
  const storage = createSqliteStorage({ filename })
  storages.push(storage)
  await storage.init()
  const slack = createSlackNotifier({ webhookUrl, clock, minIntervalMs: 0 })
  const outbox = createOutbox({
    clock,
    storage,
    notifiers: { slack },
    retry: { jitter: 0 },
    ...(sendTimeoutMs === undefined ? {} : { sendTimeoutMs }),
  })
  await outbox.start()
  return { clock, storage, outbox }
}

async function receiver(clock: () => FakeClock, reply: (response: ServerResponse) => void) {
  const started = await startHttpReceiver(reply, () => clock().now())
  receivers.push(started)
  return started
}

describe('createOutbox across a restart (SQLite)', () => {
  it('delivers after a restart what was still pending when the first process stopped mid-retry', async () => {
    const filename = join(directory, `outbox-${++files}.db`)
    let down = true
    let clock = createFakeClock({ now: start })
    const slack = await receiver(
      () => clock,
      (response) => (down ? response.writeHead(503).end('down') : response.end('ok')),
    )

    const first = await processOn(filename, slack.url, start)
    clock = first.clock
    for (const id of ['a', 'b', 'c']) await first.outbox.enqueue('slack', note(id))
    await runFor(first.clock, first.outbox, 3_000)
    // 'a' was tried at 0 s, 1 s and 3 s and waits for 7 s; 'b' and 'c' wait behind it.
    expect(slack.requests.map(alertId)).toEqual(['a', 'a', 'a'])
    await first.outbox.stop()
    await first.storage.close()

    down = false
    const second = await processOn(filename, slack.url, start + 60_000)
    clock = second.clock
    expect(second.outbox.stats()).toMatchObject({ pending: 3 })
    await runFor(second.clock, second.outbox, 1_000)

    // Sent: a, b, c once each. Arrived after the restart: a, b, c in order, once each. Lost: nothing.
    expect(slack.requests.slice(3).map(alertId)).toEqual(['a', 'b', 'c'])
    expect(second.outbox.list('delivered')).toMatchObject([
      { id: 'slack:a', attempts: 4 },
      { id: 'slack:b', attempts: 1 },
      { id: 'slack:c', attempts: 1 },
    ])
    expect((await second.storage.listRecords('outbox', { type: 'delivered' })).length).toBe(3)
    // The delivered entries are stored, so a re-enqueue after the restart is still a no-op.
    await second.outbox.enqueue('slack', note('a'))
    await runFor(second.clock, second.outbox, 1_000)
    expect(slack.requests).toHaveLength(6)
    await second.outbox.stop()
  })

  it('re-sends after a crash mid-send (at least once, same id), then the rest in order', async () => {
    const filename = join(directory, `outbox-${++files}.db`)
    let clock = createFakeClock({ now: start })
    const held: ServerResponse[] = []
    const slack = await receiver(
      () => clock,
      (response) => (held.length === 0 ? held.push(response) : response.end('ok')),
    )

    // A short send timeout keeps the first process's lease on x short (sendTimeoutMs + 100 ms, real time).
    const first = await processOn(filename, slack.url, start, 100)
    clock = first.clock
    await first.outbox.enqueue('slack', note('x'))
    await first.outbox.enqueue('slack', note('y'))
    await first.clock.advance(0)
    await vi.waitFor(() => expect(slack.requests).toHaveLength(1))
    // The crash: the first process never hears back and writes nothing more.
    await first.storage.close()
    // Another process cannot tell a crashed sender from a slow one: it sends x once the lease has expired.
    await new Promise((resolve) => setTimeout(resolve, 250))

    const second = await processOn(filename, slack.url, start + 60_000)
    clock = second.clock
    await runFor(second.clock, second.outbox, 1_000)

    // Sent: x, y. Arrived: x (unanswered, before the crash), then x again and y. Lost: nothing.
    expect(slack.requests.map(alertId)).toEqual(['x', 'x', 'y'])
    expect(second.outbox.stats()).toMatchObject({ pending: 0, delivered: 2, failed: 0 })
    await second.outbox.stop()
  })
})
