import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { createOutbox, type Outbox } from '../../src/alerting/outbox'
import { createSlackNotifier } from '../../src/notifiers/slack-notifier'
import { createPostgresStorage } from '../../src/storage/postgres-storage'
import { createRedisStorage } from '../../src/storage/redis-storage'
import type { Storage } from '../../src/storage/storage'
import { postgresUrl, redisUrl, requireServices } from '../support/services'
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../notifiers/http-receiver'
import { countById, note, runFor } from './outbox-helpers'

const start = Date.parse('2026-01-01T00:00:00Z')
const run = randomBytes(4).toString('hex')
const { postgres: postgresUp, redis: redisUp } = await requireServices('outbox fleet tests', {
  postgres: true,
  redis: true,
})

const schema = `proactive_test_fleet_${run}`
const keyPrefix = `proactive-test:${run}:fleet:`
let tests = 0
/** Each call is another instance's connection to the same data; every test gets its own data. */
const backends: [string, boolean, (test: number) => Storage][] = [
  [
    'postgres',
    postgresUp,
    (test) => createPostgresStorage({ connectionString: postgresUrl, schema: `${schema}_${test}` }),
  ],
  ['redis', redisUp, (test) => createRedisStorage({ url: redisUrl, keyPrefix: `${keyPrefix}${test}:` })],
]

const receivers: HttpReceiver[] = []
const storages: Storage[] = []
const outboxes: Outbox[] = []

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop()))
  await Promise.all(storages.splice(0).map((storage) => storage.close()))
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()))
})

afterAll(async () => {
  if (postgresUp) {
    const admin = new pg.Client({ connectionString: postgresUrl })
    await admin.connect()
    for (let test = 1; test <= tests; test++)
      await admin.query(`drop schema if exists "${schema}_${test}" cascade`)
    await admin.end()
  }
  if (redisUp) {
    const admin = new Redis(redisUrl)
    const keys = await admin.keys(`${keyPrefix}*`)
    if (keys.length > 0) await admin.del(...keys)
    await admin.quit()
  }
})

const alertId = (request: ReceivedRequest) =>
  /alert (\S+)/.exec((JSON.parse(request.body) as { text: string }).text)?.[1] ?? '?'

describe.each(backends)('createOutbox fleet on %s storage', (_name, available, open) => {
  /** Two instances (own storage connection, own outbox) on one store, sending to one local Slack receiver. */
  async function fleet() {
    const test = ++tests
    const clock = createFakeClock({ now: start })
    const slack = await startHttpReceiver(undefined, () => clock.now())
    receivers.push(slack)
    const instances: Outbox[] = []
    for (const _ of [1, 2]) {
      const storage = open(test)
      storages.push(storage)
      await storage.init()
      const notifier = createSlackNotifier({ webhookUrl: slack.url, clock, minIntervalMs: 0 })
      const outbox = createOutbox({ clock, storage, notifiers: { slack: notifier }, retry: { jitter: 0 } })
      outboxes.push(outbox)
      await outbox.start()
      instances.push(outbox)
    }
    return { clock, slack, instances }
  }

  it.skipIf(!available)('sends a notification both instances enqueue exactly once', async () => {
    const { clock, slack, instances } = await fleet()
    for (const outbox of instances) await outbox.enqueue('slack', note('cpu-1'))
    await Promise.all(instances.map((outbox) => outbox.flush()))
    await runFor(clock, instances, 3_000)

    // Sent: cpu-1 by both instances. Arrived: cpu-1 once. Lost: nothing; both instances see it delivered.
    expect(slack.requests.map(alertId)).toEqual(['cpu-1'])
    for (const outbox of instances)
      expect(outbox.list()).toMatchObject([{ id: 'slack:cpu-1', status: 'delivered' }])
  })

  it.skipIf(!available)(
    'does not send again when the second instance enqueues after the first delivered',
    async () => {
      const { clock, slack, instances } = await fleet()
      const [first, second] = instances as [Outbox, Outbox]
      await first.enqueue('slack', note('late-1'))
      await first.flush()
      await runFor(clock, instances, 1_000)
      await second.enqueue('slack', note('late-1'))
      await second.flush()
      await runFor(clock, instances, 3_000)

      // Sent: late-1 by the first; the second enqueued it late. Arrived: once. The second adopts 'delivered'.
      expect(slack.requests.map(alertId)).toEqual(['late-1'])
      expect(second.list()).toMatchObject([{ id: 'slack:late-1', status: 'delivered' }])
    },
  )

  it.skipIf(!available)('sends each of 20 notifications enqueued on both instances once', async () => {
    const { clock, slack, instances } = await fleet()
    const ids = Array.from({ length: 20 }, (_, index) => `alert-${index}`)
    for (const id of ids) await Promise.all(instances.map((outbox) => outbox.enqueue('slack', note(id))))
    await Promise.all(instances.map((outbox) => outbox.flush()))
    await runFor(clock, instances, 30_000)

    // Sent: 20 notifications by each instance. Arrived: each once. Lost: nothing.
    expect(countById(slack.requests.map((request) => ({ id: alertId(request) })))).toEqual(
      Object.fromEntries(ids.map((id) => [id, 1])),
    )
    for (const outbox of instances) expect(outbox.stats()).toMatchObject({ pending: 0 })
  })
})
