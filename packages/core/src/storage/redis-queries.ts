import type { RecordQuery, SampleQuery, StoredRecord } from './storage'
import type { RedisClientLike } from './redis-connection'
import { decodeRecord, scoreBound, type RedisKeys } from './redis-scripts'
import { checkRecordQuery, isStorableSample } from './storage-checks'
import { seriesKey, type Labels, type Sample } from '../metrics/sample'

/** What the series hash holds per series key. */
export interface SeriesMeta {
  readonly metric: string
  readonly labels: Labels
}

/** One Redis command with its arguments. */
export type Command = (string | number)[]

/** Score/member pairs per ZADD, so one huge append does not become one huge command. */
const zaddChunkPoints = 1_000

/**
 * The commands that store `samples` (non-finite ones skipped) and trim each touched series to
 * `maxPoints`, meant to run in one MULTI.
 *
 * @example
 * await execMulti(redis, appendCommands(samples, keys, member, 10_800))
 */
export function appendCommands(
  samples: readonly Sample[],
  keys: RedisKeys,
  member: (value: number) => string,
  maxPoints: number,
): Command[] {
  const bySeries = new Map<string, { meta: SeriesMeta; points: Command }>()
  for (const sample of samples) {
    if (!isStorableSample(sample)) continue
    const key = seriesKey(sample.metric, sample.labels)
    let entry = bySeries.get(key)
    if (!entry) {
      const meta = { metric: sample.metric, labels: { ...sample.labels } }
      bySeries.set(key, (entry = { meta, points: [] }))
    }
    entry.points.push(sample.time, member(sample.value))
  }
  const commands: Command[] = []
  for (const [key, { meta, points }] of bySeries) {
    commands.push(['hset', keys.series, key, JSON.stringify(meta)])
    commands.push(['sadd', keys.metric(meta.metric), key])
    for (let start = 0; start < points.length; start += zaddChunkPoints * 2)
      commands.push(['zadd', keys.points(key), ...points.slice(start, start + zaddChunkPoints * 2)])
    commands.push(['zremrangebyrank', keys.points(key), 0, -maxPoints - 1])
  }
  return commands
}

/**
 * The ZRANGE that reads one series for `query`: the points between `from` and `to`, or with a
 * limit the newest N of them, newest first (the caller reverses them).
 *
 * @example
 * pointRangeCommand('proactive:s:m', { metric: 'm', limit: 2 }) // zrange … +inf -inf BYSCORE REV LIMIT 0 2 …
 */
export function pointRangeCommand(key: string, query: SampleQuery): Command {
  const from = scoreBound(query.from, '-inf')
  const to = scoreBound(query.to, '+inf')
  if (query.limit === undefined) return ['zrange', key, from, to, 'BYSCORE', 'WITHSCORES']
  return ['zrange', key, to, from, 'BYSCORE', 'REV', 'LIMIT', 0, query.limit, 'WITHSCORES']
}

/**
 * Lists a collection newest first (ties by id, descending) with the filters of `query`.
 *
 * @example
 * await listRedisRecords(redis, keys, 'alerts', { type: 'firing', limit: 10 })
 */
export async function listRedisRecords(
  redis: RedisClientLike,
  keys: RedisKeys,
  collection: string,
  query: RecordQuery,
): Promise<StoredRecord[]> {
  checkRecordQuery(query)
  if (query.limit === 0) return []
  const range = ['ZRANGE', keys.recordTimes(collection), scoreBound(query.to, '+inf')]
  range.push(scoreBound(query.from, '-inf'), 'BYSCORE', 'REV')
  // With a type filter the newest N of that type can sit anywhere in the range; read it all.
  if (query.limit !== undefined && query.type === undefined) range.push('LIMIT', '0', String(query.limit))
  const ids = (await redis.call(...(range as [string, ...string[]]))) as string[]
  if (ids.length === 0) return []
  const documents = (await redis.call('HMGET', keys.records(collection), ...ids)) as (string | null)[]
  const records: StoredRecord[] = []
  for (const [index, id] of ids.entries()) {
    const json = documents[index]
    // A record deleted between the two reads is simply not listed.
    if (json === null || json === undefined) continue
    const record = decodeRecord(id, json)
    if (query.type !== undefined && record.type !== query.type) continue
    records.push(record)
    if (records.length === query.limit) break
  }
  return records
}

/**
 * Runs commands in one MULTI and returns their replies, rejecting with the first failure.
 *
 * @example
 * const [card] = await execMulti(redis, [['zcard', key]])
 */
export async function execMulti(redis: RedisClientLike, commands: Command[]): Promise<unknown[]> {
  if (commands.length === 0) return []
  const replies = await redis.multi(commands).exec()
  if (!replies) throw new Error('MULTI was aborted')
  return replies.map(([error, reply]) => {
    if (error) throw error
    return reply
  })
}

/**
 * Rejects when `promise` takes longer than `ms`; the timer never keeps the process alive.
 *
 * @example
 * await withTimeout(redis.call('PING'), 1_000, 'PING')
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${operation} took longer than ${ms} ms`)), ms)
    timer.unref()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
