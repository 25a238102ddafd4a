import { Redis } from 'ioredis'
import pg from 'pg'
import { withoutPassword } from '../../src/storage/storage-from-spec'

/** The PostgreSQL the tests use (CI and every dev machine run one on 127.0.0.1:5432). */
export const postgresUrl =
  process.env.PROACTIVE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** The Redis the tests use. */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
/** Under CI, tests that need a server must fail when it is missing, never skip. */
export const underCi = ['true', '1'].includes(process.env.CI ?? '')

/** True when PostgreSQL answers within 3 s. */
export async function postgresReachable(url = postgresUrl): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  return client.connect().then(
    () => client.end().then(() => true),
    () => false,
  )
}

/** True when Redis answers, without retrying. */
export async function redisReachable(url = redisUrl): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  return client.connect().then(
    () => client.quit().then(() => true),
    () => false,
  )
}

/**
 * Whether the servers a test file needs are up; under CI a missing server fails the file with a message
 * that names it, so CI never passes by skipping.
 *
 * @example
 * const { postgres } = await requireServices('outbox backend tests', { postgres: true })
 */
export async function requireServices(
  what: string,
  needs: { postgres?: boolean; redis?: boolean },
): Promise<{ postgres: boolean; redis: boolean }> {
  const postgres = needs.postgres ? await postgresReachable() : false
  const redis = needs.redis ? await redisReachable() : false
  const missing = [
    needs.postgres && !postgres ? `PostgreSQL (${String(withoutPassword(postgresUrl))})` : '',
    needs.redis && !redis ? `Redis (${String(withoutPassword(redisUrl))})` : '',
  ].filter((name) => name !== '')
  if (underCi && missing.length > 0) throw new Error(`${what} need ${missing.join(' and ')} under CI`)
  return { postgres, redis }
}
