import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStorageFromSpec } from '../../src/storage/storage-from-spec'
import type { SqliteStorage } from '../../src/storage/sqlite-storage'
import type { Storage } from '../../src/storage/storage'

const directory = mkdtempSync(join(tmpdir(), 'proactive-spec-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const filenameOf = (storage: Storage) => (storage as SqliteStorage).filename
/** The rejection of a spec that must be refused. */
const rejectionOf = (spec: string) =>
  createStorageFromSpec(spec).then(
    (storage) => new Error(`accepted ${JSON.stringify(spec)} as ${storage.name} storage`),
    (error: Error) => error,
  )

describe('createStorageFromSpec', () => {
  it('creates memory storage for "memory", without calling init()', async () => {
    const storage = await createStorageFromSpec('memory')
    expect(storage.name).toBe('memory')
    expect((await createStorageFromSpec(' Memory ')).name).toBe('memory')
  })

  it.each([
    ['sqlite:<path>', 'sqlite:/var/lib/proactive/data.db', '/var/lib/proactive/data.db'],
    ['sqlite://<absolute path>', 'sqlite:///var/lib/proactive/data.db', '/var/lib/proactive/data.db'],
    ['sqlite://<relative path>', 'sqlite://data/proactive.db', resolve(process.cwd(), 'data/proactive.db')],
    ['sqlite:<relative path>', 'sqlite:./proactive', resolve(process.cwd(), 'proactive')],
    ['a bare .db path', './proactive.db', resolve(process.cwd(), 'proactive.db')],
    ['a bare .sqlite path', '/tmp/proactive.sqlite', '/tmp/proactive.sqlite'],
    ['a bare .sqlite3 path', 'data/proactive.SQLITE3', resolve(process.cwd(), 'data/proactive.SQLITE3')],
    ['sqlite::memory:', 'sqlite::memory:', ':memory:'],
    ['sqlite://:memory:', 'sqlite://:memory:', ':memory:'],
  ])('creates SQLite storage for %s', async (_form, spec, filename) => {
    const storage = await createStorageFromSpec(spec)
    expect(storage.name).toBe('sqlite')
    expect(filenameOf(storage)).toBe(filename)
  })

  it('returns a SQLite storage that works once the caller runs init()', async () => {
    const filename = join(directory, 'from-spec.db')
    const storage = await createStorageFromSpec(`sqlite:${filename}`)
    await storage.init()
    await storage.appendSamples([{ metric: 'cpu.utilization', value: 42, time: 1 }])
    expect(await storage.listSeries()).toEqual([
      { metric: 'cpu.utilization', labels: {}, lastTime: 1, lastValue: 42 },
    ])
    await storage.close()
  })

  it.each([
    'postgres://localhost/proactive',
    'postgresql://app:s3cret@db:5432/proactive',
    ' POSTGRES://db/x ',
  ])('creates PostgreSQL storage for %j, without calling init()', async (spec) => {
    const storage = await createStorageFromSpec(spec)
    expect(storage).toMatchObject({ name: 'postgres', schema: 'proactive' })
    await storage.close()
  })

  it.each(['redis://cache:6379', 'rediss://user:pass@cache/2', ' REDIS://cache '])(
    'creates Redis storage for %j, without calling init()',
    async (spec) => {
      const storage = await createStorageFromSpec(spec)
      expect(storage).toMatchObject({ name: 'redis', keyPrefix: 'proactive:' })
      await storage.close()
    },
  )

  it('rejects a Redis URL without a host, leaving its password out', async () => {
    const error = await rejectionOf('redis://:s3cret@')
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_INVALID_OPTION' })
    expect(error.message).toContain('RedisStorageOptions.url must be a redis:// or rediss:// URL')
    expect(error.message).not.toContain('s3cret')
  })

  it('leaves the password of a rejected URL out of the message', async () => {
    const error = await rejectionOf('mysql://proactive:s3cret@db/proactive')
    expect(error.message).toContain('PROACTIVE_STORAGE')
    expect(error.message).toContain('mysql://proactive:***@db/proactive')
    expect(error.message).not.toContain('s3cret')
  })

  it.each(['', 'mysql://db/proactive', 'mem', 'data.json', 'sqlite:', 'sqlite://'])(
    'rejects %j, naming PROACTIVE_STORAGE, the forms it accepts and the value',
    async (spec) => {
      const error = await rejectionOf(spec)
      expect(error).toMatchObject({ code: 'PROACTIVE_ERR_INVALID_OPTION' })
      expect(error.message).toMatch(/^PROACTIVE_STORAGE must be (memory|sqlite:<path>)/)
      expect(error.message).toContain(`received ${JSON.stringify(spec)}`)
    },
  )
})
