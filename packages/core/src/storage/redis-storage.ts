import type { RecordQuery, SampleQuery, SeriesInfo, SeriesPoints, Storage } from './storage'
import { asRedisStorageError, openRedisClient, type RedisClientLike } from './redis-connection'
import { resolveRedisOptions, type RedisStorageOptions } from './redis-options'
import {
  appendCommands,
  execMulti,
  listRedisRecords,
  pointRangeCommand,
  withTimeout,
  type SeriesMeta,
} from './redis-queries'
import {
  createPointMembers,
  decodeRecord,
  deleteRecordScript,
  encodeRecord,
  extendLeaseScript,
  parsePoints,
  pruneRecordsScript,
  pruneSeriesScript,
  putRecordScript,
  redisKeys,
  releaseLeaseScript,
  scoreBound,
} from './redis-scripts'
import { checkLease, checkPruneTime, checkRecord, checkSampleQuery } from './storage-checks'
import { labelsMatch } from '../metrics/sample'
import { storageFailure } from '../errors/codes'

export { redisStorageDefaults, type RedisStorageOptions } from './redis-options'
export type { RedisClientLike } from './redis-connection'

/** The Redis {@link Storage}; every key it writes starts with `keyPrefix`. */
export interface RedisStorage extends Storage {
  readonly name: 'redis'
  readonly keyPrefix: string
}

/**
 * Samples and records in Redis through ioredis (an optional peer dependency loaded by `init()`),
 * bounded per series and per collection because Redis keeps everything in memory.
 *
 * @example
 * const storage = createRedisStorage({ url: 'redis://127.0.0.1:6379', keyPrefix: 'shop:' })
 * await storage.init()
 */
export function createRedisStorage(options: RedisStorageOptions): RedisStorage {
  const settings = resolveRedisOptions(options)
  const keys = redisKeys(settings.keyPrefix)
  const member = createPointMembers()
  let client: RedisClientLike | undefined
  let starting: Promise<void> | undefined
  let closed = false
  const pending = new Set<Promise<unknown>>()

  /** Runs one operation: rejects when not open, maps errors to PROACTIVE_ERR_STORAGE, bounds its time, lets close() wait. */
  const use = <T>(operation: string, work: (redis: RedisClientLike) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(storageFailure('redis', 'used after close()'))
    if (!client) return Promise.reject(storageFailure('redis', 'used before init()'))
    const running = withTimeout(work(client), settings.commandTimeoutMs, operation).catch(
      (error: unknown) => {
        throw asRedisStorageError(operation, error, settings.url)
      },
    )
    const settled: Promise<unknown> = running.then(
      () => pending.delete(settled),
      () => pending.delete(settled),
    )
    pending.add(settled)
    return running
  }

  const connect = async () => {
    if (settings.client) {
      if (settings.client.status === 'wait') await settings.client.connect()
      await withTimeout(settings.client.call('PING'), settings.commandTimeoutMs, 'PING')
      return settings.client
    }
    return openRedisClient(settings.url as string, settings.commandTimeoutMs)
  }

  const seriesMetas = async (redis: RedisClientLike, seriesKeys: string[]) => {
    if (seriesKeys.length === 0) return []
    const metas = (await redis.call('HMGET', keys.series, ...seriesKeys)) as (string | null)[]
    return seriesKeys.flatMap((key, index) => {
      const json = metas[index]
      return json ? [{ key, ...(JSON.parse(json) as SeriesMeta) }] : []
    })
  }

  return {
    name: 'redis',
    keyPrefix: settings.keyPrefix,

    init() {
      if (closed) return Promise.reject(storageFailure('redis', 'used after close()'))
      starting ??= connect().then(
        (connected) => {
          if (closed && !settings.client) connected.disconnect()
          else client = connected
        },
        (error: unknown) => {
          starting = undefined
          throw asRedisStorageError('init', error, settings.url)
        },
      )
      return starting
    },

    appendSamples: (samples) =>
      use('appendSamples', async (redis) => {
        const commands = appendCommands(samples, keys, member, settings.maxPointsPerSeries)
        await execMulti(redis, commands)
      }),

    querySamples: (query: SampleQuery) =>
      use('querySamples', async (redis) => {
        checkSampleQuery(query)
        if (query.limit === 0) return []
        const members = (await redis.call('SMEMBERS', keys.metric(query.metric))) as string[]
        const matching = (await seriesMetas(redis, members.sort())).filter(
          (meta) => meta.metric === query.metric && labelsMatch(meta.labels, query.labels),
        )
        const replies = await execMulti(
          redis,
          matching.map(({ key }) => pointRangeCommand(keys.points(key), query)),
        )
        const result: SeriesPoints[] = []
        matching.forEach(({ metric, labels }, index) => {
          const points = parsePoints(replies[index])
          // A limit fetches the newest points newest first; points go out oldest first.
          if (query.limit !== undefined) points.reverse()
          if (points.length > 0) result.push({ metric, labels, points })
        })
        return result
      }),

    listSeries: () =>
      use('listSeries', async (redis): Promise<SeriesInfo[]> => {
        const metas = await seriesMetas(redis, (await redis.call('HKEYS', keys.series)) as string[])
        const newest = await execMulti(
          redis,
          metas.map(({ key }) => ['zrange', keys.points(key), -1, -1, 'WITHSCORES']),
        )
        return metas.flatMap(({ metric, labels }, index) => {
          const [point] = parsePoints(newest[index])
          return point ? [{ metric, labels, lastTime: point[0], lastValue: point[1] }] : []
        })
      }),

    putRecord: (collection, record) =>
      use('putRecord', async (redis) => {
        checkRecord(record)
        const json = encodeRecord(record)
        await redis.call(
          'EVAL',
          putRecordScript,
          3,
          keys.records(collection),
          keys.recordTimes(collection),
          keys.collections,
          record.id,
          record.time,
          json,
          settings.maxRecordsPerCollection,
          collection,
        )
      }),

    getRecord: (collection, id) =>
      use('getRecord', async (redis) => {
        const json = (await redis.call('HGET', keys.records(collection), id)) as string | null
        return json === null ? undefined : decodeRecord(id, json)
      }),

    listRecords: (collection, query: RecordQuery = {}) =>
      use('listRecords', (redis) => listRedisRecords(redis, keys, collection, query)),

    deleteRecord: (collection, id) =>
      use('deleteRecord', async (redis) => {
        const args = [keys.records(collection), keys.recordTimes(collection), id]
        return (await redis.call('EVAL', deleteRecordScript, 2, ...args)) === 1
      }),

    prune: (before) =>
      use('prune', async (redis) => {
        checkPruneTime(before)
        const bound = scoreBound(before, '-inf', true)
        const metas = await seriesMetas(redis, (await redis.call('HKEYS', keys.series)) as string[])
        const collections = (await redis.call('SMEMBERS', keys.collections)) as string[]
        await execMulti(redis, [
          ...metas.map(({ key, metric }) => [
            'eval',
            pruneSeriesScript,
            3,
            keys.points(key),
            keys.series,
            keys.metric(metric),
            bound,
            key,
          ]),
          ...collections.map((name) => [
            'eval',
            pruneRecordsScript,
            2,
            keys.records(name),
            keys.recordTimes(name),
            bound,
          ]),
        ])
      }),

    acquireLease: (key, owner, ttlMs) =>
      use('acquireLease', async (redis) => {
        checkLease('acquireLease', key, owner, ttlMs)
        // Redis expires the key itself; only renewing one's own lease needs the owner check of a script.
        if ((await redis.call('SET', keys.lease(key), owner, 'NX', 'PX', ttlMs)) === 'OK') return true
        return (await redis.call('EVAL', extendLeaseScript, 1, keys.lease(key), owner, ttlMs)) === 1
      }),

    releaseLease: (key, owner) =>
      use('releaseLease', async (redis) => {
        checkLease('releaseLease', key, owner)
        await redis.call('EVAL', releaseLeaseScript, 1, keys.lease(key), owner)
      }),

    ping() {
      if (closed) return Promise.reject(storageFailure('redis', 'used after close()'))
      const redis = client
      if (!redis) return Promise.resolve(false)
      const pingTimeoutMs = Math.min(1_000, settings.commandTimeoutMs)
      return withTimeout(redis.call('PING'), pingTimeoutMs, 'PING').then(
        (reply) => reply === 'PONG',
        () => false,
      )
    },

    async close() {
      if (closed) return
      closed = true
      await starting?.catch(() => {})
      await Promise.allSettled(pending)
      const owned = settings.client ? undefined : client
      client = undefined
      // A host-provided client stays open: the host owns it.
      if (owned) await owned.quit().catch(() => owned.disconnect())
    },
  }
}
