import { randomUUID } from 'node:crypto'
import { createMemoryStorage, type Storage } from '@proactive/core'
import { createSqliteStorage } from '@proactive/core/storage/sqlite'
import { createPostgresStorage } from '@proactive/core/storage/postgres'
import { createRedisStorage } from '@proactive/core/storage/redis'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One storage backend under test, with how to clean up after it. */
export interface Backend {
  readonly name: string
  create(): Storage
  cleanup(): Promise<void>
}

const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** The four built-in backends, each in a throwaway namespace (schema, key prefix, temp file). */
export function backends(): Backend[] {
  const run = randomUUID().slice(0, 8)
  const schema = `proactive_bench_${run}`
  const keyPrefix = `proactive-bench:${run}:`
  const directory = mkdtempSync(join(tmpdir(), 'proactive-bench-'))
  let file = 0
  return [
    {
      name: 'memory',
      create: () => createMemoryStorage({ maxRecordsPerCollection: 100_000 }),
      cleanup: async () => {},
    },
    {
      name: 'sqlite',
      create: () => createSqliteStorage({ filename: join(directory, `bench-${++file}.db`) }),
      cleanup: async () => {},
    },
    {
      name: 'postgres',
      create: () => createPostgresStorage({ connectionString: postgresUrl, schema }),
      cleanup: async () => {
        const { default: pg } = await import('pg')
        const client = new pg.Client({ connectionString: postgresUrl })
        await client.connect()
        await client.query(`drop schema if exists ${schema} cascade`)
        await client.end()
      },
    },
    {
      name: 'redis',
      create: () => createRedisStorage({ url: redisUrl, keyPrefix, maxRecordsPerCollection: 100_000 }),
      cleanup: async () => {
        const { Redis } = await import('ioredis')
        const client = new Redis(redisUrl)
        let cursor = '0'
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000)
          if (keys.length > 0) await client.del(...keys)
          cursor = next
        } while (cursor !== '0')
        client.disconnect()
      },
    },
  ]
}
