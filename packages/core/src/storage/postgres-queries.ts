import type { Kysely, Selectable } from 'kysely'
import type { PostgresRecordsTable, PostgresSchema } from './postgres-schema'
import type { SampleQuery, SeriesPoints, StoredRecord } from './storage'
import { seriesKey, type Labels, type Sample } from '../metrics/sample'

/** Rows per INSERT: 3 parameters each, far under PostgreSQL's limit of 65,535. */
export const insertBatchRows = 1_000

/**
 * The ids of the series of `samples` (keys not yet in `known`), creating the missing ones: one round
 * trip, plus one more only for keys another instance was inserting at the same moment.
 *
 * @example
 * const created = await ensureSeries(db, samples, cachedIds) // Map { 'cpu.utilization' => '1' }
 */
export async function ensureSeries(
  db: Kysely<PostgresSchema>,
  samples: readonly Sample[],
  known: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const wanted = new Map<string, { key: string; metric: string; labels: string }>()
  for (const sample of samples) {
    const key = seriesKey(sample.metric, sample.labels)
    if (!known.has(key) && !wanted.has(key))
      wanted.set(key, { key, metric: sample.metric, labels: JSON.stringify(sample.labels ?? {}) })
  }
  const found = new Map<string, string>()
  // Sorted, so concurrent appends lock new keys in the same order and cannot deadlock.
  const rows = [...wanted.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  for (let start = 0; start < rows.length; start += insertBatchRows) {
    const batch = rows.slice(start, start + insertBatchRows)
    const keys = batch.map((row) => row.key)
    const ids = await db
      .with('inserted', (db) =>
        db
          .insertInto('series')
          .values(batch)
          .onConflict((conflict) => conflict.column('key').doNothing())
          .returning(['id', 'key']),
      )
      .selectFrom('inserted')
      .select(['inserted.id', 'inserted.key'])
      .unionAll((db) => db.selectFrom('series').select(['series.id', 'series.key']).where('key', 'in', keys))
      .execute()
    for (const { id, key } of ids) found.set(key, id)
    // A key that another transaction committed after this statement's snapshot: neither part saw it.
    const late = keys.filter((key) => !found.has(key))
    if (late.length > 0)
      for (const { id, key } of await db
        .selectFrom('series')
        .select(['id', 'key'])
        .where('key', 'in', late)
        .execute())
        found.set(key, id)
  }
  return found
}

/**
 * The points of every series of `query.metric` whose labels contain `query.labels`, in one query
 * (a lateral join applies `limit` per series, on the `(series_id, time)` index).
 *
 * @example
 * await selectSeriesPoints(db, { metric: 'cpu.utilization', from, limit: 100 })
 */
export async function selectSeriesPoints(
  db: Kysely<PostgresSchema>,
  query: SampleQuery,
): Promise<SeriesPoints[]> {
  let select = db
    .selectFrom('series')
    .innerJoinLateral(
      (eb) => {
        let points = eb
          .selectFrom('samples')
          .select(['samples.id', 'samples.time', 'samples.value'])
          .whereRef('samples.series_id', '=', 'series.id')
        if (query.from !== undefined) points = points.where('samples.time', '>=', lowerBound(query.from))
        if (query.to !== undefined) points = points.where('samples.time', '<=', upperBound(query.to))
        // A limit keeps the newest points; the outer query puts them back oldest first.
        if (query.limit !== undefined)
          points = points.orderBy('samples.time', 'desc').orderBy('samples.id', 'desc').limit(query.limit)
        return points.as('point')
      },
      (join) => join.onTrue(),
    )
    .select(['series.id as seriesId', 'series.labels', 'point.time', 'point.value'])
    .where('series.metric', '=', query.metric)
  if (query.labels && Object.keys(query.labels).length > 0)
    select = select.where('series.labels', '@>', JSON.stringify(query.labels) as unknown as Labels)
  const rows = await select.orderBy('series.id').orderBy('point.time').orderBy('point.id').execute()
  const bySeries = new Map<
    string,
    { metric: string; labels: Labels; points: (readonly [number, number])[] }
  >()
  for (const row of rows) {
    let series = bySeries.get(row.seriesId)
    if (!series)
      bySeries.set(row.seriesId, (series = { metric: query.metric, labels: row.labels, points: [] }))
    series.points.push([Number(row.time), row.value])
  }
  return [...bySeries.values()]
}

/** Times are stored as whole milliseconds: inclusive bounds round inwards and stay within bigint. */
export function lowerBound(time: number): number {
  return clamp(Math.ceil(time))
}

/** See {@link lowerBound}. */
export function upperBound(time: number): number {
  return clamp(Math.floor(time))
}

/** Whole epoch milliseconds for a `bigint` column; sub-millisecond parts are rounded away. */
export function storedTime(time: number): number {
  return clamp(Math.round(time))
}

/** A stored record as the Storage interface returns it: `type` omitted when absent. */
export function toRecord(row: Selectable<PostgresRecordsTable>): StoredRecord {
  const record = { id: row.id, time: Number(row.time), data: row.data }
  return row.type === null ? record : { ...record, type: row.type }
}

function clamp(time: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, time))
}
