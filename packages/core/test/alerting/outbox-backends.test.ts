import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { postgresUrl, redisUrl, requireServices } from '../support/services'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { createOutbox } from '../../src/alerting/outbox'
import { createPostgresStorage } from '../../src/storage/postgres-storage'
import { createRedisStorage } from '../../src/storage/redis-storage'
import { createSqliteStorage } from '../../src/storage/sqlite-storage'
import type { Storage } from '../../src/storage/storage'
import { deliveryFailure } from '../../src/notifiers/notifier'
import { countById, note, recordingNotifier, runFor } from './outbox-helpers'

const start = Date.parse('2026-01-01T00:00:00Z')
const run = randomBytes(4).toString('hex')
const directory = mkdtempSync(join(tmpdir(), 'proactive-outbox-backends-'))
const { postgres: postgresUp, redis: redisUp } = await requireServices('outbox backend tests', {
  postgres: true,
  redis: true,
})

const schema = `proactive_test_outbox_${run}`
const keyPrefix = `proactive-test:${run}:outbox:`
/** Each backend opens a second connection to the same data, as a restarted process would. */
const backends: [string, boolean, () => Storage][] = [
  ['sqlite', true, () => createSqliteStorage({ filename: join(directory, 'outbox.db') })],
  ['postgres', postgresUp, () => createPostgresStorage({ connectionString: postgresUrl, schema })],
  ['redis', redisUp, () => createRedisStorage({ url: redisUrl, keyPrefix })],
]

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true })
  if (postgresUp) {
    const admin = new pg.Client({ connectionString: postgresUrl })
    await admin.connect()
    await admin.query(`drop schema if exists "${schema}" cascade`)
    await admin.end()
  }
  if (redisUp) {
    const admin = new Redis(redisUrl)
    const keys = await admin.keys(`${keyPrefix}*`)
    if (keys.length > 0) await admin.del(...keys)
    await admin.quit()
  }
})

describe.each(backends)('createOutbox on %s storage', (_name, available, open) => {
  it.skipIf(!available)('keeps entries across a restart and delivers each once, in order', async () => {
    const clock = createFakeClock({ now: start })
    const firstStorage = open()
    await firstStorage.init()
    const down = recordingNotifier('slack', clock)
    down.answer = () => Promise.reject(deliveryFailure('slack', 'answered 503', { retryable: true }))
    const first = createOutbox({
      clock,
      storage: firstStorage,
      notifiers: { slack: down },
      retry: { jitter: 0 },
    })
    await first.start()
    const sent = ['1', '2', '3', '4']
    for (const id of sent) await first.enqueue('slack', note(id, 'warning'))
    await runFor(clock, first, 5_000)
    await first.stop()
    await firstStorage.close()

    const secondStorage = open()
    await secondStorage.init()
    const up = recordingNotifier('slack', clock)
    const second = createOutbox({ clock, storage: secondStorage, notifiers: { slack: up } })
    await second.start()
    await runFor(clock, second, 10_000)
    await second.enqueue('slack', note('1', 'warning'))
    await runFor(clock, second, 1_000)

    // Sent: 1–4 (and 1 again after delivery). Arrived: 1–4 in order, once each. Lost: nothing.
    expect(down.delivered).toEqual([])
    expect(up.delivered.map((call) => call.id)).toEqual(sent)
    expect(countById(up.delivered)).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1 })
    const stored = await secondStorage.listRecords('outbox', { type: 'delivered' })
    expect(stored.map((record) => record.id).sort()).toEqual(sent.map((id) => `slack:${id}`))
    await second.stop()
    await secondStorage.close()
  })
})
