import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresStorage } from '../../src/storage/postgres-storage'
import { useTestProactive } from '../support/test-proactive'
import { postgresUrl, requireServices } from '../support/services'

const url = postgresUrl
const run = randomBytes(4).toString('hex')
const schema = `proactive_test_outage_${run}`
// Only this test's sessions carry this name, so killing them cannot disturb other test files.
const applicationName = `proactive-outage-${run}`
const { postgres: reachable } = await requireServices('the PostgreSQL outage test', { postgres: true })

async function admin<T>(query: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(query, values)).rows as T[]
  } finally {
    await client.end()
  }
}

afterAll(async () => {
  if (reachable) await admin(`drop schema if exists ${schema} cascade`)
})

const start = useTestProactive()

describe.skipIf(!reachable)('PostgreSQL storage when its connections are killed under load', () => {
  it('keeps sampling, reconnects and stores every sample once', async () => {
    const storage = createPostgresStorage({ connectionString: url, schema, applicationName })
    const { proactive, clock } = await start(
      { 'cpu.utilization': (elapsedMs) => elapsedMs / 1000 },
      { storage },
    )
    await clock.advance(10_000)
    await proactive.monitor.flush()

    // The server drops every connection of this storage, as a failover or restart would.
    const killed = await admin<{ killed: boolean }>(
      'select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = $1',
      [applicationName],
    )
    expect(killed.length).toBeGreaterThan(0)

    for (let second = 0; second < 10; second++) {
      await clock.advance(1_000)
      await proactive.monitor.flush()
    }
    // Sent: 21 samples (t = 0 … 20 s). Stored: all 21, in order, none twice, none lost across the cut.
    const [series] = await storage.querySamples({ metric: 'cpu.utilization' })
    expect(series?.points.map(([, value]) => value)).toEqual(Array.from({ length: 21 }, (_, i) => i))
    expect(await storage.ping()).toBe(true)
  })
})
