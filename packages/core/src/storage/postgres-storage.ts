import type { Kysely } from 'kysely'
import type { RecordQuery, SeriesInfo, Storage } from './storage'
import type { PostgresSchema } from './postgres-schema'
import { asPostgresStorageError, openPostgresDatabase } from './postgres-connection'
import { resolvePostgresOptions, type PostgresStorageOptions } from './postgres-options'
import {
  ensureSeries,
  insertBatchRows,
  lowerBound,
  selectSeriesPoints,
  storedTime,
  toRecord,
  upperBound,
} from './postgres-queries'
import {
  checkLease,
  checkPruneTime,
  checkRecord,
  checkRecordQuery,
  checkSampleQuery,
  isStorableSample,
} from './storage-checks'
import { seriesKey } from '../metrics/sample'
import { storageFailure } from '../errors/codes'

export { postgresStorageDefaults, type PostgresStorageOptions } from './postgres-options'

/** The PostgreSQL {@link Storage}; `schema` is where its tables live. */
export interface PostgresStorage extends Storage {
  readonly name: 'postgres'
  readonly schema: string
}

/** ping() answers false rather than wait longer than this. */
const pingTimeoutMs = 2_000
/** Series ids cached between appends; past this the cache starts over rather than grow. */
const maxCachedSeriesIds = 20_000

/**
 * Samples and records in a PostgreSQL schema, through Kysely and pg, both optional peer dependencies
 * loaded by `init()`, which also runs the migrations (serialised by an advisory lock).
 *
 * @example
 * const storage = createPostgresStorage({ connectionString: process.env.DATABASE_URL })
 * await storage.init() // creates the schema "proactive" and its tables, or migrates them
 */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  const target = resolvePostgresOptions(options)
  const { connectionString } = target

  let db: Kysely<PostgresSchema> | undefined
  let starting: Promise<void> | undefined
  let closed = false
  const pending = new Set<Promise<unknown>>()
  const seriesIds = new Map<string, string>()

  /** Runs one operation: rejects when not open, maps driver errors to PROACTIVE_ERR_STORAGE, lets close() wait. */
  const use = <T>(operation: string, work: (db: Kysely<PostgresSchema>) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(storageFailure('postgres', 'used after close()'))
    if (!db) return Promise.reject(storageFailure('postgres', 'used before init()'))
    const running = work(db).catch((error: unknown) => {
      throw asPostgresStorageError(operation, error, connectionString)
    })
    const settled: Promise<unknown> = running.then(
      () => pending.delete(settled),
      () => pending.delete(settled),
    )
    pending.add(settled)
    return running
  }

  return {
    name: 'postgres',
    schema: target.schema,

    init() {
      if (closed) return Promise.reject(storageFailure('postgres', 'used after close()'))
      starting ??= openPostgresDatabase(target).then(
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
        // Series rows commit on their own: a series without points is invisible to every query.
        const created = await ensureSeries(db, storable, seriesIds)
        const rows = storable.map((sample) => {
          const key = seriesKey(sample.metric, sample.labels)
          const id = seriesIds.get(key) ?? created.get(key)
          if (id === undefined) throw new Error(`no series id for ${key}`)
          return { series_id: id, time: storedTime(sample.time), value: sample.value }
        })
        if (seriesIds.size + created.size > maxCachedSeriesIds) seriesIds.clear()
        for (const [key, id] of created) seriesIds.set(key, id)
        if (rows.length <= insertBatchRows) await db.insertInto('samples').values(rows).execute()
        else
          await db.transaction().execute(async (transaction) => {
            for (let start = 0; start < rows.length; start += insertBatchRows)
              await transaction
                .insertInto('samples')
                .values(rows.slice(start, start + insertBatchRows))
                .execute()
          })
      }),

    querySamples: (query) =>
      use('querySamples', async (db) => {
        checkSampleQuery(query)
        return selectSeriesPoints(db, query)
      }),

    listSeries: () =>
      use('listSeries', async (db): Promise<SeriesInfo[]> => {
        const rows = await db
          .selectFrom('series')
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('samples')
                .select(['samples.time', 'samples.value'])
                .whereRef('samples.series_id', '=', 'series.id')
                .orderBy('samples.time', 'desc')
                .orderBy('samples.id', 'desc')
                .limit(1)
                .as('newest'),
            (join) => join.onTrue(),
          )
          .select(['series.metric', 'series.labels', 'newest.time', 'newest.value'])
          .orderBy('series.id')
          .execute()
        return rows.map((row) => ({
          metric: row.metric,
          labels: row.labels,
          lastTime: Number(row.time),
          lastValue: row.value,
        }))
      }),

    putRecord: (collection, record) =>
      use('putRecord', async (db) => {
        checkRecord(record)
        const row = {
          time: storedTime(record.time),
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
        if (query.from !== undefined) select = select.where('time', '>=', lowerBound(query.from))
        if (query.to !== undefined) select = select.where('time', '<=', upperBound(query.to))
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
        // Stored times are whole milliseconds, so `< ceil(before)` is `< before`.
        const cutoff = lowerBound(before)
        await db.transaction().execute(async (transaction) => {
          await transaction.deleteFrom('samples').where('time', '<', cutoff).execute()
          await transaction.deleteFrom('records').where('time', '<', cutoff).execute()
        })
      }),

    // Leases are rows, not session advisory locks: a pooled connection goes back to the pool after each
    // call, so a session lock taken in acquireLease could not be held until releaseLease (nor released
    // by it, from another connection), and a transaction lock would end before the action it guards.
    // Expiry is decided by the server's clock, so instances with skewed clocks still agree.
    acquireLease: (key, owner, ttlMs) =>
      use('acquireLease', async (db) => {
        checkLease('acquireLease', key, owner, ttlMs)
        // One statement: expires_at is the server's now + ttlMs, so `excluded.expires_at - ttlMs` is now.
        const row = await db
          .insertInto('leases')
          .values({
            key,
            owner,
            expires_at: (eb) =>
              eb(
                eb.fn<number>('floor', [
                  eb(eb.fn<number>('date_part', [eb.val('epoch'), eb.fn('clock_timestamp', [])]), '*', 1000),
                ]),
                '+',
                ttlMs,
              ).$castTo<number>(),
          })
          .onConflict((conflict) =>
            conflict
              .column('key')
              .doUpdateSet({
                owner: (eb) => eb.ref('excluded.owner'),
                expires_at: (eb) => eb.ref('excluded.expires_at'),
              })
              .where((eb) =>
                eb.or([
                  eb('leases.expires_at', '<=', eb(eb.ref('excluded.expires_at'), '-', ttlMs)),
                  eb('leases.owner', '=', eb.ref('excluded.owner')),
                ]),
              ),
          )
          .returning('owner')
          .executeTakeFirst()
        return row?.owner === owner
      }),

    releaseLease: (key, owner) =>
      use('releaseLease', async (db) => {
        checkLease('releaseLease', key, owner)
        await db.deleteFrom('leases').where('key', '=', key).where('owner', '=', owner).execute()
      }),

    ping: () =>
      use('ping', async (db) => {
        let timer: NodeJS.Timeout | undefined
        const timedOut = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), pingTimeoutMs).unref()
        })
        const answered = db
          .selectNoFrom((eb) => eb.val(1).as('one'))
          .execute()
          .then(
            () => true,
            () => false,
          )
        return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer))
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
