import { randomBytes } from 'node:crypto'
import type { StoredRecord } from './storage'

/**
 * The keys of one Redis storage under its prefix: a sorted set of points per series, a hash of
 * series metadata, a set of series keys per metric, per record collection a hash of documents plus a
 * sorted set of ids by time, and a string (the owner, with a TTL) per lease.
 *
 * @example
 * redisKeys('proactive:').points('cpu.utilization') // 'proactive:s:cpu.utilization'
 */
export function redisKeys(prefix: string) {
  return Object.freeze({
    series: `${prefix}series`,
    collections: `${prefix}collections`,
    points: (seriesKey: string) => `${prefix}s:${seriesKey}`,
    metric: (metric: string) => `${prefix}m:${metric}`,
    records: (collection: string) => `${prefix}r:${collection}`,
    recordTimes: (collection: string) => `${prefix}rt:${collection}`,
    lease: (key: string) => `${prefix}lease:${key}`,
  })
}

/** The key layout {@link redisKeys} returns. */
export type RedisKeys = ReturnType<typeof redisKeys>

/**
 * Makes sorted-set members `<value>:<tag>` whose tag is unique across processes (a random instance
 * id plus a counter), so two points with the same time and value both survive.
 *
 * @example
 * const member = createPointMembers()
 * member(42.5) // '42.5:k2f9a1x0'
 */
export function createPointMembers(): (value: number) => string {
  const instance = randomBytes(6).readUIntBE(0, 6).toString(36)
  let counter = 0
  return (value) => `${value}:${instance}${(counter++).toString(36)}`
}

/**
 * Turns a flat `ZRANGE … WITHSCORES` reply into `[time, value]` points.
 *
 * @example
 * parsePoints(['42.5:k2f9a1x0', '1767225600000']) // [[1767225600000, 42.5]]
 */
export function parsePoints(reply: unknown): (readonly [number, number])[] {
  const flat = reply as string[]
  const points: (readonly [number, number])[] = []
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const member = flat[index] as string
    points.push([Number(flat[index + 1]), Number(member.slice(0, member.indexOf(':')))])
  }
  return points
}

/** A record as stored in its collection's hash: everything but the id, which is the field. */
export function encodeRecord(record: StoredRecord): string {
  // Like SQLite storage: undefined data comes back as null rather than vanishing.
  const stored: { time: number; type?: string; data: unknown } = {
    time: record.time,
    data: record.data ?? null,
  }
  if (record.type !== undefined) stored.type = record.type
  return JSON.stringify(stored)
}

/** The inverse of {@link encodeRecord}. */
export function decodeRecord(id: string, json: string): StoredRecord {
  const stored = JSON.parse(json) as { time: number; type?: string; data: unknown }
  const record = { id, time: stored.time, data: stored.data }
  return stored.type === undefined ? record : { ...record, type: stored.type }
}

/** A score bound for ZRANGE BYSCORE; `exclusive` adds Redis's `(`. */
export function scoreBound(value: number | undefined, fallback: '-inf' | '+inf', exclusive = false): string {
  if (value === undefined) return fallback
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : '-inf'
  return `${exclusive ? '(' : ''}${value}`
}

/**
 * KEYS: records hash, record times, collections set. ARGV: id, time, JSON, cap, collection name.
 * Puts the record and evicts the oldest beyond the cap, atomically.
 */
export const putRecordScript = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[5])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local ids = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  for _, id in ipairs(ids) do redis.call('HDEL', KEYS[1], id) end
end
return excess`

/** KEYS: records hash, record times. ARGV: id. Answers 1 when the record existed. */
export const deleteRecordScript = `
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])`

/** KEYS: records hash, record times. ARGV: exclusive upper score bound such as `(1767225600000`. */
export const pruneRecordsScript = `
local ids = redis.call('ZRANGE', KEYS[2], '-inf', ARGV[1], 'BYSCORE')
for i = 1, #ids, 500 do redis.call('HDEL', KEYS[1], unpack(ids, i, math.min(i + 499, #ids))) end
return redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])`

/**
 * KEYS: series points, series hash, metric set. ARGV: exclusive upper bound, series key. Drops the
 * old points and, when none is left, the series itself, atomically so a concurrent append is never
 * orphaned.
 */
export const pruneSeriesScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('SREM', KEYS[3], ARGV[2])
end
return 0`

/** KEYS: lease. ARGV: owner, ttl ms. Extends the lease when `owner` holds it; answers 1 then, else 0. */
export const extendLeaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`

/** KEYS: lease. ARGV: owner. Deletes the lease only when `owner` holds it. */
export const releaseLeaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`
