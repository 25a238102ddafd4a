import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPostgresStorage,
  postgresStorageDefaults,
  type PostgresStorage,
  type PostgresStorageOptions,
} from '../../src/storage/postgres-storage'
import { postgresSchemaVersion } from '../../src/storage/postgres-schema'
import { runStorageConformance } from '../../src/testing'
import { postgresUrl, requireServices } from '../support/services'

const connectionString = postgresUrl
const { postgres: reachable } = await requireServices('PostgreSQL storage tests', { postgres: true })
const describeWithPostgres = reachable ? describe : describe.skip
const suiteName = reachable
  ? 'postgres storage'
  : `postgres storage (skipped: ${connectionString} unreachable)`

const admin = new pg.Pool({ connectionString, max: 2 })
const schemas: string[] = []
/** A fresh schema name, dropped after the file. */
const nextSchema = () => {
  const schema = `proactive_test_${randomBytes(6).toString('hex')}`
  schemas.push(schema)
  return schema
}
const schemaVersion = async (schema: string) =>
  (
    await admin.query<{ value: string }>(
      `select value from "${schema}".proactive_meta where key = 'schema_version'`,
    )
  ).rows[0]?.value

afterAll(async () => {
  if (reachable) for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`)
  await admin.end()
})

const start = Date.parse('2026-01-01T00:00:00Z')

describeWithPostgres(suiteName, () => {
  runStorageConformance('postgres', () => createPostgresStorage({ connectionString, schema: nextSchema() }))

  describe('createPostgresStorage', () => {
    const opened: PostgresStorage[] = []
    const open = async (options: Partial<PostgresStorageOptions> = {}) => {
      const storage = createPostgresStorage({ connectionString, schema: nextSchema(), ...options })
      opened.push(storage)
      await storage.init()
      return storage
    }

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((storage) => storage.close()))
    })

    it('is named postgres, exposes its schema and uses the documented defaults', () => {
      const storage = createPostgresStorage({ connectionString })
      expect(storage).toMatchObject({ name: 'postgres', schema: 'proactive' })
      expect(postgresStorageDefaults).toEqual({
        schema: 'proactive',
        poolSize: 5,
        statementTimeoutMs: 10_000,
        connectTimeoutMs: 5_000,
        applicationName: 'proactive',
      })
      expect(Object.isFrozen(postgresStorageDefaults)).toBe(true)
    })

    it('keeps samples, series and records across close and reopen of the same schema', async () => {
      const schema = nextSchema()
      const first = await open({ schema })
      await first.appendSamples([
        { metric: 'disk.utilization', value: 71.5, time: start, labels: { mount: '/' } },
        { metric: 'disk.utilization', value: 72, time: start + 1_000, labels: { mount: '/' } },
      ])
      await first.putRecord('alerts', { id: 'disk', time: start, type: 'firing', data: { value: 72 } })
      await first.close()

      const second = await open({ schema })
      await second.appendSamples([
        { metric: 'disk.utilization', value: 73, time: start + 2_000, labels: { mount: '/' } },
      ])
      expect(await second.querySamples({ metric: 'disk.utilization' })).toEqual([
        {
          metric: 'disk.utilization',
          labels: { mount: '/' },
          points: [
            [start, 71.5],
            [start + 1_000, 72],
            [start + 2_000, 73],
          ],
        },
      ])
      expect(await second.listSeries()).toHaveLength(1)
      expect(await second.getRecord('alerts', 'disk')).toEqual({
        id: 'disk',
        time: start,
        type: 'firing',
        data: { value: 72 },
      })
    })

    it('runs migrations once: reopening a migrated schema keeps its version and data', async () => {
      const schema = nextSchema()
      const first = await open({ schema })
      await first.putRecord('fixes', { id: 'a', time: start, data: 1 })
      await first.close()
      expect(await schemaVersion(schema)).toBe(String(postgresSchemaVersion))
      for (let round = 0; round < 2; round++) {
        const again = await open({ schema })
        expect(await again.listRecords('fixes')).toHaveLength(1)
        await again.close()
      }
      expect(await schemaVersion(schema)).toBe(String(postgresSchemaVersion))
    })

    it('migrates a new schema once when six instances init at the same moment', async () => {
      const schema = nextSchema()
      const storages = Array.from({ length: 6 }, () => createPostgresStorage({ connectionString, schema }))
      opened.push(...storages)
      await Promise.all(storages.map((storage) => storage.init()))
      expect(await schemaVersion(schema)).toBe(String(postgresSchemaVersion))
      const tables = await admin.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      )
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        'leases',
        'proactive_meta',
        'records',
        'samples',
        'series',
      ])
      await Promise.all(
        storages.map((storage, index) =>
          storage.putRecord('alerts', { id: `${index}`, time: start, data: index }),
        ),
      )
      expect(await storages[0]?.listRecords('alerts')).toHaveLength(6)
    })

    it('lets two instances create the same new series at once without losing a point', async () => {
      const schema = nextSchema()
      const [a, b] = [await open({ schema }), await open({ schema })]
      const batch = (offset: number) =>
        Array.from({ length: 300 }, (_, index) => ({
          metric: 'http.latency',
          value: index,
          time: start + offset,
          labels: { route: `/r/${index}` },
        }))
      await Promise.all([a.appendSamples(batch(0)), b.appendSamples(batch(1)), a.appendSamples(batch(2))])
      const series = await b.querySamples({ metric: 'http.latency' })
      expect(series).toHaveLength(300)
      expect(series.every((entry) => entry.points.length === 3)).toBe(true)
    })

    it('stores appends larger than one insert batch, of samples and of new series, in full', async () => {
      const storage = await open()
      await storage.appendSamples(
        Array.from({ length: 2_345 }, (_, index) => ({ metric: 'm', value: index, time: start + index })),
      )
      expect((await storage.querySamples({ metric: 'm' }))[0]?.points).toHaveLength(2_345)
      await storage.appendSamples(
        Array.from({ length: 1_500 }, (_, index) => ({
          metric: 'n',
          value: index,
          time: start,
          labels: { i: `${index}` },
        })),
      )
      expect(await storage.querySamples({ metric: 'n' })).toHaveLength(1_500)
    })

    it('stores times as whole milliseconds and rounds bounds inwards', async () => {
      const storage = await open()
      await storage.appendSamples([
        { metric: 'm', value: 1, time: start + 0.4 },
        { metric: 'm', value: 2, time: start + 1.6 },
      ])
      expect((await storage.querySamples({ metric: 'm', from: start + 0.5 }))[0]?.points).toEqual([
        [start + 2, 2],
      ])
      expect(
        (await storage.querySamples({ metric: 'm', from: -Infinity, to: Infinity }))[0]?.points,
      ).toHaveLength(2)
    })

    it('leaves a pool the host passed in open after close()', async () => {
      const pool = new pg.Pool({ connectionString, max: 2 })
      try {
        const storage = await open({ connectionString: undefined, pool })
        await storage.putRecord('alerts', { id: 'a', time: start, data: {} })
        await storage.close()
        expect(pool.ended).toBe(false)
        expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }])
      } finally {
        await pool.end()
      }
    })

    it('answers ping() with false, not an error, when the database fails or hangs', async () => {
      const pool = new pg.Pool({ connectionString, max: 2 })
      let mode: 'up' | 'failing' | 'hanging' = 'up'
      const flaky = {
        connect: () =>
          mode === 'up'
            ? pool.connect()
            : mode === 'failing'
              ? Promise.reject(new Error('down'))
              : new Promise<never>(() => {}),
        end: () => pool.end(),
      }
      try {
        const storage = await open({ connectionString: undefined, pool: flaky })
        await expect(storage.ping()).resolves.toBe(true)
        mode = 'failing'
        await expect(storage.ping()).resolves.toBe(false)
        mode = 'hanging'
        await expect(storage.ping()).resolves.toBe(false)
      } finally {
        await pool.end()
      }
    })

    it('refuses a schema written by a newer version, saying what to do', async () => {
      const schema = nextSchema()
      await (await open({ schema })).close()
      await admin.query(`update "${schema}".proactive_meta set value = '999' where key = 'schema_version'`)
      await expect(open({ schema })).rejects.toMatchObject({
        code: 'PROACTIVE_ERR_STORAGE',
        message: expect.stringContaining('schema version 999'),
      })
    })

    it.each([
      ['an unreachable port', 'postgres://proactive:s3cret-pw@127.0.0.1:1/test'],
      ['a missing database', 'postgres://postgres:s3cret-pw@127.0.0.1:5432/proactive_no_such_database'],
    ])(
      'rejects init() on %s with PROACTIVE_ERR_STORAGE naming postgres, never the password',
      async (_case, url) => {
        const storage = createPostgresStorage({ connectionString: url, connectTimeoutMs: 2_000 })
        const error = (await storage.init().then(
          () => new Error('init() resolved'),
          (rejection: Error) => rejection,
        )) as Error & { code?: string }
        expect(error.code).toBe('PROACTIVE_ERR_STORAGE')
        expect(error.message).toMatch(/^postgres storage: init \(postgres:\/\/\w+:\*\*\*@127\.0\.0\.1/)
        expect(error.message).not.toContain('s3cret')
        expect(String(error.stack)).not.toContain('s3cret')
        await storage.close()
      },
    )

    it('rejects methods called before init() with PROACTIVE_ERR_STORAGE', async () => {
      await expect(createPostgresStorage({ connectionString }).listSeries()).rejects.toMatchObject({
        code: 'PROACTIVE_ERR_STORAGE',
        message: 'postgres storage: used before init()',
      })
    })
  })
})

describe('createPostgresStorage options', () => {
  it('rejects bad options at construction, naming the option and the value, never a password', () => {
    const secret = 'postgres://app:s3cret@db/app'
    expect(() => createPostgresStorage({})).toThrow(
      'PostgresStorageOptions.connectionString must be a postgres:// URL (or pass pool), received undefined',
    )
    const both = () => createPostgresStorage({ connectionString: secret, pool: new pg.Pool() })
    expect(both).toThrow(
      'PostgresStorageOptions.connectionString must be absent when pool is given, received "postgres://app:***@db/app"',
    )
    expect(() => createPostgresStorage({ pool: {} as never })).toThrow(
      'PostgresStorageOptions.pool must be a pg Pool',
    )
    expect(() => createPostgresStorage({ connectionString: secret, schema: 'bad-name; drop' })).toThrow(
      'PostgresStorageOptions.schema must be an identifier of letters, digits and _ (≤ 63), received "bad-name; drop"',
    )
    expect(() => createPostgresStorage({ connectionString: secret, poolSize: 0 })).toThrow(
      'PostgresStorageOptions.poolSize must be a positive integer, received 0',
    )
    expect(() => createPostgresStorage({ connectionString: secret, statementTimeoutMs: -1 })).toThrow(
      'PostgresStorageOptions.statementTimeoutMs must be a non-negative integer, received -1',
    )
    expect(() => createPostgresStorage({ connectionString: secret, connectTimeoutMs: 0.5 })).toThrow(
      'PostgresStorageOptions.connectTimeoutMs must be a positive integer, received 0.5',
    )
  })
})

describe('createPostgresStorage without its optional peer dependencies', () => {
  afterEach(() => {
    vi.doUnmock('kysely')
    vi.resetModules()
  })

  it('rejects init() with PROACTIVE_ERR_MISSING_DEPENDENCY naming both packages', async () => {
    vi.resetModules()
    vi.doMock('kysely', () => {
      throw Object.assign(new Error("Cannot find package 'kysely'"), { code: 'ERR_MODULE_NOT_FOUND' })
    })
    const { createPostgresStorage: create } = await import('../../src/storage/postgres-storage')
    await expect(create({ connectionString }).init()).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_MISSING_DEPENDENCY',
      message: 'PostgreSQL storage needs pg kysely; install it with `npm install pg kysely`',
    })
  })
})
