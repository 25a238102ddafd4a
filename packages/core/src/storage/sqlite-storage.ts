import type { Kysely } from 'kysely'
import type { RecordQuery, SampleQuery, SeriesInfo, SeriesPoints, Storage, StoredRecord } from './storage'
import type { RecordsTable, SqliteSchema } from './sqlite-schema'
import { asSqliteStorageError, openSqliteDatabase } from './sqlite-connection'
import {
  checkLease,
  checkPruneTime,
  checkRecord,
  checkRecordQuery,
  checkSampleQuery,
  isStorableSample,
} from './storage-checks'
import { labelsMatch, seriesKey, type Labels, type Sample } from '../metrics/sample'
import { invalidOption, storageFailure } from '../errors/codes'

/** Options for {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /** The database file (created with its directory if missing), or `':memory:'`. */
  filename: string
  /** How long a statement waits for another process's lock before failing. Default 5_000. */
  busyTimeoutMs?: number
}

/** The defaults of {@link SqliteStorageOptions}. */
export const sqliteStorageDefaults = Object.freeze({ busyTimeoutMs: 5_000 })

/** The SQLite {@link Storage}; `filename` is where it writes. */
export interface SqliteStorage extends Storage {
  readonly name: 'sqlite'
  readonly filename: string
}

/** Rows per INSERT: 3 parameters each, well under SQLite's limit of 32,766. */
const insertBatchRows = 500
/** Series ids cached between appends; past this the cache starts over rather than grow. */
const maxCachedSeriesIds = 20_000

/**
 * Samples and records in one SQLite file (WAL mode), through Kysely and better-sqlite3, both optional
 * peer dependencies loaded by `init()`.
 *
 * @example
 * const storage = createSqliteStorage({ filename: './data/proactive.db' })
 * await storage.init() // creates the file and tables, or migrates an older file
 */
export function createSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const filename = options?.filename
  if (typeof filename !== 'string' || filename === '')
    throw invalidOption('SqliteStorageOptions.filename', "a file path or ':memory:'", filename)
  const busyTimeoutMs = options.busyTimeoutMs ?? sqliteStorageDefaults.busyTimeoutMs
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0)
    throw invalidOption('SqliteStorageOptions.busyTimeoutMs', 'a non-negative integer', busyTimeoutMs)

  let db: Kysely<SqliteSchema> | undefined
  let starting: Promise<void> | undefined
  let closed = false
  const pending = new Set<Promise<unknown>>()
  const seriesIds = new Map<string, number>()

  /** Runs one operation: rejects when not open, maps driver errors to PROACTIVE_ERR_STORAGE, lets close() wait. */
  const use = <T>(operation: string, work: (db: Kysely<SqliteSchema>) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(storageFailure('sqlite', 'used after close()'))
    if (!db) return Promise.reject(storageFailure('sqlite', 'used before init()'))
    const running = work(db).catch((error: unknown) => {
      throw asSqliteStorageError(operation, error)
    })
    const settled: Promise<unknown> = running.then(
      () => pending.delete(settled),
      () => pending.delete(settled),
    )
    pending.add(settled)
    return running
  }

  const seriesIdFor = async (transaction: Kysely<SqliteSchema>, key: string, sample: Sample) => {
    await transaction
      .insertInto('series')
      .values({ key, metric: sample.metric, labels: JSON.stringify(sample.labels ?? {}) })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute()
    const row = await transaction
      .selectFrom('series')
      .select('id')
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
    return row.id
  }

  return {
    name: 'sqlite',
    filename,

    init() {
      if (closed) return Promise.reject(storageFailure('sqlite', 'used after close()'))
      starting ??= openSqliteDatabase(filename, busyTimeoutMs).then(
        (opened) => {
          db = opened
        },
        (error: unknown) => {
          starting = undefined
          throw error
        },
      )
      return starting
    },

    appendSamples: (samples) =>
      use('appendSamples', async (db) => {
        const storable = samples.filter(isStorableSample)
        if (storable.length === 0) return
        const created = new Map<string, number>()
        await db.transaction().execute(async (transaction) => {
          const rows: { series_id: number; time: number; value: number }[] = []
          for (const sample of storable) {
            const key = seriesKey(sample.metric, sample.labels)
            let id = seriesIds.get(key) ?? created.get(key)
            if (id === undefined) created.set(key, (id = await seriesIdFor(transaction, key, sample)))
            rows.push({ series_id: id, time: sample.time, value: sample.value })
          }
          for (let start = 0; start < rows.length; start += insertBatchRows)
            await transaction
              .insertInto('samples')
              .values(rows.slice(start, start + insertBatchRows))
              .execute()
        })
        // Cached only after commit, so a rolled-back series id is never reused.
        if (seriesIds.size + created.size > maxCachedSeriesIds) seriesIds.clear()
        for (const [key, id] of created) seriesIds.set(key, id)
      }),

    querySamples: (query: SampleQuery) =>
      use('querySamples', async (db) => {
        checkSampleQuery(query)
        const candidates = await db
          .selectFrom('series')
          .select(['id', 'labels'])
          .where('metric', '=', query.metric)
          .orderBy('id')
          .execute()
        const result: SeriesPoints[] = []
        for (const candidate of candidates) {
          const labels = JSON.parse(candidate.labels) as Labels
          if (!labelsMatch(labels, query.labels)) continue
          let select = db
            .selectFrom('samples')
            .select(['time', 'value'])
            .where('series_id', '=', candidate.id)
          if (query.from !== undefined) select = select.where('time', '>=', query.from)
          if (query.to !== undefined) select = select.where('time', '<=', query.to)
          if (query.limit === undefined) select = select.orderBy('time').orderBy('rowid')
          else select = select.orderBy('time', 'desc').orderBy('rowid', 'desc').limit(query.limit)
          const rows = await select.execute()
          // A limit keeps the newest rows, fetched newest first; points go out oldest first.
          if (query.limit !== undefined) rows.reverse()
          if (rows.length > 0)
            result.push({
              metric: query.metric,
              labels,
              points: rows.map((row) => [row.time, row.value] as const),
            })
        }
        return result
      }),

    listSeries: () =>
      use('listSeries', async (db): Promise<SeriesInfo[]> => {
        const rows = await db
          .selectFrom('series')
          .innerJoin('samples', (join) =>
            join.on((eb) =>
              eb(
                'samples.rowid',
                '=',
                eb
                  .selectFrom('samples as newest')
                  .select('newest.rowid')
                  .whereRef('newest.series_id', '=', 'series.id')
                  .orderBy('newest.time', 'desc')
                  .orderBy('newest.rowid', 'desc')
                  .limit(1),
              ),
            ),
          )
          .select(['series.metric', 'series.labels', 'samples.time', 'samples.value'])
          .orderBy('series.id')
          .execute()
        return rows.map((row) => ({
          metric: row.metric,
          labels: JSON.parse(row.labels) as Labels,
          lastTime: row.time,
          lastValue: row.value,
        }))
      }),

    putRecord: (collection, record) =>
      use('putRecord', async (db) => {
        checkRecord(record)
        const row = {
          time: record.time,
          type: record.type ?? null,
          data: JSON.stringify(record.data) ?? 'null',
        }
        await db
          .insertInto('records')
          .values({ collection, id: record.id, ...row })
          .onConflict((conflict) => conflict.columns(['collection', 'id']).doUpdateSet(row))
          .execute()
      }),

    getRecord: (collection, id) =>
      use('getRecord', async (db) => {
        const row = await db
          .selectFrom('records')
          .selectAll()
          .where('collection', '=', collection)
          .where('id', '=', id)
          .executeTakeFirst()
        return row && toRecord(row)
      }),

    listRecords: (collection, query: RecordQuery = {}) =>
      use('listRecords', async (db) => {
        checkRecordQuery(query)
        let select = db.selectFrom('records').selectAll().where('collection', '=', collection)
        if (query.from !== undefined) select = select.where('time', '>=', query.from)
        if (query.to !== undefined) select = select.where('time', '<=', query.to)
        if (query.type !== undefined) select = select.where('type', '=', query.type)
        select = select.orderBy('time', 'desc').orderBy('id', 'desc')
        if (query.limit !== undefined) select = select.limit(query.limit)
        return (await select.execute()).map(toRecord)
      }),

    deleteRecord: (collection, id) =>
      use('deleteRecord', async (db) => {
        const result = await db
          .deleteFrom('records')
          .where('collection', '=', collection)
          .where('id', '=', id)
          .executeTakeFirst()
        return result.numDeletedRows > 0n
      }),

    prune: (before) =>
      use('prune', async (db) => {
        checkPruneTime(before)
        await db.transaction().execute(async (transaction) => {
          // One delete per series walks the (series_id, time) index instead of scanning every sample.
          for (const { id } of await transaction.selectFrom('series').select('id').execute())
            await transaction
              .deleteFrom('samples')
              .where('series_id', '=', id)
              .where('time', '<', before)
              .execute()
          await transaction.deleteFrom('records').where('time', '<', before).execute()
        })
      }),

    acquireLease: (key, owner, ttlMs) =>
      use('acquireLease', async (db) => {
        checkLease('acquireLease', key, owner, ttlMs)
        return db.transaction().execute(async (transaction) => {
          const now = Date.now()
          // Updates only an expired lease or the owner's own; an unchanged row means another owner holds it.
          const result = await transaction
            .insertInto('leases')
            .values({ key, owner, expires_at: now + ttlMs })
            .onConflict((conflict) =>
              conflict
                .column('key')
                .doUpdateSet({ owner, expires_at: now + ttlMs })
                .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.owner', '=', owner)])),
            )
            .executeTakeFirst()
          return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
        })
      }),

    releaseLease: (key, owner) =>
      use('releaseLease', async (db) => {
        checkLease('releaseLease', key, owner)
        await db.deleteFrom('leases').where('key', '=', key).where('owner', '=', owner).execute()
      }),

    ping: () =>
      use('ping', async (db) => {
        await db.selectNoFrom((eb) => eb.val(1).as('one')).execute()
        return true
      }),

    async close() {
      if (closed) return
      closed = true
      await starting?.catch(() => {})
      await Promise.allSettled(pending)
      await db?.destroy()
      db = undefined
      seriesIds.clear()
    },
  }
}

function toRecord(row: RecordsTable): StoredRecord {
  const record = { id: row.id, time: row.time, data: JSON.parse(row.data) as unknown }
  return row.type === null ? record : { ...record, type: row.type }
}
