import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import {
  createSqliteStorage,
  sqliteStorageDefaults,
  type SqliteStorage,
} from '../../src/storage/sqlite-storage'
import { sqliteSchemaVersion } from '../../src/storage/sqlite-schema'
import { runStorageConformance } from '../../src/testing'

const directory = mkdtempSync(join(tmpdir(), 'proactive-sqlite-'))
let files = 0
const nextFile = () => join(directory, `storage-${++files}.db`)

afterAll(() => rmSync(directory, { recursive: true, force: true }))

runStorageConformance('sqlite (file)', () => createSqliteStorage({ filename: nextFile() }))
runStorageConformance('sqlite (:memory:)', () => createSqliteStorage({ filename: ':memory:' }))

const start = Date.parse('2026-01-01T00:00:00Z')

describe('createSqliteStorage', () => {
  const opened: SqliteStorage[] = []
  const open = async (filename: string) => {
    const storage = createSqliteStorage({ filename })
    opened.push(storage)
    await storage.init()
    return storage
  }
  const schemaVersion = (filename: string) => {
    const database = new Database(filename, { readonly: true })
    try {
      return database.prepare("select value from proactive_meta where key = 'schema_version'").pluck().get()
    } finally {
      database.close()
    }
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((storage) => storage.close()))
  })

  it('is named sqlite, exposes its filename and uses the documented defaults', () => {
    const storage = createSqliteStorage({ filename: ':memory:' })
    expect(storage).toMatchObject({ name: 'sqlite', filename: ':memory:' })
    expect(sqliteStorageDefaults).toEqual({ busyTimeoutMs: 5_000 })
    expect(Object.isFrozen(sqliteStorageDefaults)).toBe(true)
  })

  it('keeps samples, series and records across close and reopen of the same file', async () => {
    const filename = nextFile()
    const first = await open(filename)
    await first.appendSamples([
      { metric: 'disk.utilization', value: 71.5, time: start, labels: { mount: '/' } },
      { metric: 'disk.utilization', value: 72, time: start + 1_000, labels: { mount: '/' } },
    ])
    await first.putRecord('alerts', { id: 'disk', time: start, type: 'firing', data: { value: 72 } })
    await first.close()

    const second = await open(filename)
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

  it('runs migrations once: reopening a migrated file keeps its schema version and data', async () => {
    const filename = nextFile()
    const first = await open(filename)
    await first.putRecord('fixes', { id: 'a', time: start, data: 1 })
    await first.close()
    expect(schemaVersion(filename)).toBe(String(sqliteSchemaVersion))
    for (let round = 0; round < 2; round++) {
      const again = await open(filename)
      expect(await again.listRecords('fixes')).toHaveLength(1)
      await again.close()
    }
    expect(schemaVersion(filename)).toBe(String(sqliteSchemaVersion))
  })

  it('refuses a file written by a newer schema version, saying what to do', async () => {
    const filename = nextFile()
    await (await open(filename)).close()
    const database = new Database(filename)
    database.prepare("update proactive_meta set value = '999' where key = 'schema_version'").run()
    database.close()
    await expect(open(filename)).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_STORAGE',
      message: expect.stringContaining('schema version 999'),
    })
  })

  it('creates the directory of a file that does not exist yet and writes in WAL mode', async () => {
    const filename = join(directory, 'nested', 'deeper', 'proactive.db')
    await open(filename)
    const database = new Database(filename, { readonly: true })
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal')
    database.close()
  })

  it('stores an append larger than one insert batch in full', async () => {
    const storage = await open(':memory:')
    const samples = Array.from({ length: 1_234 }, (_, index) => ({
      metric: 'm',
      value: index,
      time: start + index,
    }))
    await storage.appendSamples(samples)
    const [series] = await storage.querySamples({ metric: 'm' })
    expect(series?.points).toHaveLength(1_234)
  })

  it('rejects methods called before init() with PROACTIVE_ERR_STORAGE', async () => {
    const storage = createSqliteStorage({ filename: ':memory:' })
    await expect(storage.listSeries()).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_STORAGE',
      message: 'sqlite storage: used before init()',
    })
  })

  it('rejects bad options at construction, naming the option and the value', () => {
    expect(() => createSqliteStorage({ filename: '' })).toThrow(
      `SqliteStorageOptions.filename must be a file path or ':memory:', received ""`,
    )
    expect(() => createSqliteStorage({ filename: ':memory:', busyTimeoutMs: -1 })).toThrow(
      'SqliteStorageOptions.busyTimeoutMs must be a non-negative integer, received -1',
    )
  })
})

describe('createSqliteStorage without its optional peer dependencies', () => {
  afterEach(() => {
    vi.doUnmock('kysely')
    vi.resetModules()
  })

  it('rejects init() with PROACTIVE_ERR_MISSING_DEPENDENCY naming both packages', async () => {
    vi.resetModules()
    vi.doMock('kysely', () => {
      throw Object.assign(new Error("Cannot find package 'kysely'"), { code: 'ERR_MODULE_NOT_FOUND' })
    })
    const { createSqliteStorage: create } = await import('../../src/storage/sqlite-storage')
    await expect(create({ filename: ':memory:' }).init()).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_MISSING_DEPENDENCY',
      message:
        'SQLite storage needs better-sqlite3 kysely; install it with `npm install better-sqlite3 kysely`',
    })
  })
})
