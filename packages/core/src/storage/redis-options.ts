import type { RedisClientLike } from './redis-connection'
import { redactRedisUrl } from './redis-connection'
import { invalidOption } from '../errors/codes'

/** Options for `createRedisStorage`: either `url` or `client`, never both. */
export interface RedisStorageOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url?: string
  /** An ioredis client the host already has; used as is, and left open by `close()`. */
  client?: RedisClientLike
  /** Put before every key, so several apps can share one Redis. Default `'proactive:'`. */
  keyPrefix?: string
  /** Points kept per series; the oldest go first. Default 10_800: three hours at one sample a second. */
  maxPointsPerSeries?: number
  /** Records kept per collection; the oldest by `time` go first. Default 10_000. */
  maxRecordsPerCollection?: number
  /** How long one storage call may take, connecting included, before it fails. Default 5_000. */
  commandTimeoutMs?: number
}

/** The defaults of {@link RedisStorageOptions}. */
export const redisStorageDefaults = Object.freeze({
  keyPrefix: 'proactive:',
  maxPointsPerSeries: 10_800,
  maxRecordsPerCollection: 10_000,
  commandTimeoutMs: 5_000,
})

/** {@link RedisStorageOptions} with defaults applied and checked. */
export interface ResolvedRedisOptions {
  readonly url: string | undefined
  readonly client: RedisClientLike | undefined
  readonly keyPrefix: string
  readonly maxPointsPerSeries: number
  readonly maxRecordsPerCollection: number
  readonly commandTimeoutMs: number
}

/**
 * Applies {@link redisStorageDefaults} and throws `PROACTIVE_ERR_INVALID_OPTION` naming the bad value
 * (with any password in a URL hidden).
 *
 * @example
 * resolveRedisOptions({ url: 'redis://127.0.0.1:6379' }).keyPrefix // 'proactive:'
 */
export function resolveRedisOptions(options: RedisStorageOptions): ResolvedRedisOptions {
  const given: RedisStorageOptions = options ?? {}
  const { client } = given
  // ioredis turns on TLS only for a lower-case rediss://.
  const url =
    typeof given.url === 'string'
      ? given.url.replace(/^rediss?:/i, (scheme) => scheme.toLowerCase())
      : given.url
  if ((url === undefined) === (client === undefined))
    throw invalidOption(
      'RedisStorageOptions',
      'either url or client (not both)',
      url === undefined ? 'neither' : 'both',
    )
  if (url !== undefined && !isRedisUrl(url))
    throw invalidOption(
      'RedisStorageOptions.url',
      'a redis:// or rediss:// URL',
      typeof url === 'string' ? redactRedisUrl(url) : url,
    )
  if (client !== undefined && !isRedisClient(client))
    throw invalidOption('RedisStorageOptions.client', 'an ioredis client', typeof client)
  const keyPrefix = given.keyPrefix ?? redisStorageDefaults.keyPrefix
  if (typeof keyPrefix !== 'string' || keyPrefix === '')
    throw invalidOption('RedisStorageOptions.keyPrefix', 'a non-empty string', keyPrefix)
  const counts = {
    maxPointsPerSeries: given.maxPointsPerSeries ?? redisStorageDefaults.maxPointsPerSeries,
    maxRecordsPerCollection: given.maxRecordsPerCollection ?? redisStorageDefaults.maxRecordsPerCollection,
    commandTimeoutMs: given.commandTimeoutMs ?? redisStorageDefaults.commandTimeoutMs,
  }
  for (const [name, value] of Object.entries(counts))
    if (!Number.isSafeInteger(value) || value < 1)
      throw invalidOption(`RedisStorageOptions.${name}`, 'a positive integer', value)
  return Object.freeze({ url, client, keyPrefix, ...counts })
}

function isRedisUrl(url: unknown): url is string {
  if (typeof url !== 'string' || !/^rediss?:\/\//i.test(url)) return false
  try {
    return new URL(url).hostname !== ''
  } catch {
    return false
  }
}

function isRedisClient(client: unknown): client is RedisClientLike {
  const candidate = client as Partial<Record<keyof RedisClientLike, unknown>> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'string' &&
    ['connect', 'call', 'multi', 'quit', 'disconnect'].every(
      (method) => typeof candidate[method as keyof RedisClientLike] === 'function',
    )
  )
}
