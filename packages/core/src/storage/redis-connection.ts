import { missingDependency, storageFailure } from '../errors/codes'
import { ProactiveError } from '../errors/proactive-error'
import { isModuleNotFound } from '../errors/module-not-found'

/** A reply of one command of a MULTI, as ioredis gives it. */
type MultiReply = [error: Error | null, result: unknown][]

/**
 * The part of an ioredis client that Redis storage uses, typed by shape so ioredis stays an optional
 * peer dependency. Any `new Redis(…)` from ioredis 5 fits.
 *
 * @example
 * const client: RedisClientLike = new Redis(process.env.REDIS_URL)
 */
export interface RedisClientLike {
  readonly status: string
  connect(): Promise<void>
  call(command: string, ...args: (string | number)[]): Promise<unknown>
  multi(commands: (string | number)[][]): { exec(): Promise<MultiReply | null> }
  quit(): Promise<unknown>
  disconnect(): void
}

interface OwnedRedisClient extends RedisClientLike {
  on(event: 'error', listener: (error: Error) => void): unknown
}

type RedisConstructor = new (url: string, options: Record<string, unknown>) => OwnedRedisClient

/**
 * Loads ioredis and connects to `url`, failing fast: a down server rejects within a few hundred
 * milliseconds instead of queueing commands forever. Rejects with `PROACTIVE_ERR_MISSING_DEPENDENCY`
 * when ioredis is absent and `PROACTIVE_ERR_STORAGE` (password hidden) when the server is unreachable.
 *
 * @example
 * const client = await openRedisClient('redis://127.0.0.1:6379', 5_000)
 */
export async function openRedisClient(url: string, commandTimeoutMs: number): Promise<RedisClientLike> {
  const Redis = await loadIoredis()
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: commandTimeoutMs,
    commandTimeout: commandTimeoutMs,
    // Commands wait through two reconnection attempts (about 150 ms), then fail; the SDK buffers.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  })
  // Without a listener ioredis prints every reconnection failure; each failing call reports its own.
  let socketError: Error | undefined
  client.on('error', (error) => {
    socketError = error
  })
  try {
    await client.connect()
  } catch (error) {
    client.disconnect()
    // connect() only says "Connection is closed."; the socket error says why (ECONNREFUSED, …).
    throw asRedisStorageError(`connecting to ${redactRedisUrl(url)}`, socketError ?? error, url)
  }
  return client
}

/**
 * Passes a `ProactiveError` through and wraps anything else as `PROACTIVE_ERR_STORAGE`, keeping the
 * original as `cause` and replacing the password of `url` (if given) with `***`.
 *
 * @example
 * throw asRedisStorageError('appendSamples', error) // redis storage: appendSamples failed: Connection is closed.
 */
export function asRedisStorageError(operation: string, error: unknown, url?: string): ProactiveError {
  if (error instanceof ProactiveError) return error
  let message = error instanceof Error ? error.message : String(error)
  for (const secret of secretsOf(url)) message = message.split(secret).join('***')
  return Object.assign(storageFailure('redis', `${operation} failed: ${message}`), { cause: error })
}

/**
 * The URL with its password replaced by `***`, fit for logs and error messages.
 *
 * @example
 * redactRedisUrl('redis://:s3cret@cache:6379') // 'redis://:***@cache:6379'
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password === '') return url
    parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}

/** The password as written in the URL and decoded, so neither form leaks into a message. */
function secretsOf(url: string | undefined): string[] {
  if (url === undefined) return []
  try {
    const { password } = new URL(url)
    if (password === '') return []
    return [...new Set([password, decodeURIComponent(password)])].sort((a, b) => b.length - a.length)
  } catch {
    return []
  }
}

async function loadIoredis(): Promise<RedisConstructor> {
  try {
    const module = (await import('ioredis')) as { default?: unknown; Redis?: unknown }
    return (module.Redis ?? module.default) as RedisConstructor
  } catch (error) {
    if (isModuleNotFound(error)) throw missingDependency('ioredis', 'Redis storage')
    throw asRedisStorageError('loading ioredis', error)
  }
}
