import type { PostgresPool } from 'kysely'
import { withoutPassword, type PostgresTarget } from './postgres-connection'
import { invalidOption } from '../errors/codes'

/** Options for {@link createPostgresStorage}: `connectionString` or `pool`, not both. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database`; the storage creates and ends its own pool. */
  connectionString?: string
  /** A pg `Pool` the host already has; `close()` leaves it open. Pool settings are the host's. */
  pool?: PostgresPool
  /** The schema that holds every table; created if missing. Default `proactive`. */
  schema?: string
  /** Connections in the storage's own pool. Default 5. */
  poolSize?: number
  /** Server-side limit per statement in the storage's own pool; 0 disables it. Default 10_000. */
  statementTimeoutMs?: number
  /** How long the storage's own pool waits for a new connection. Default 5_000. */
  connectTimeoutMs?: number
  /** `application_name` of the storage's own connections, as `pg_stat_activity` shows them. Default `proactive`. */
  applicationName?: string
}

/** The defaults of {@link PostgresStorageOptions}. */
export const postgresStorageDefaults = Object.freeze({
  schema: 'proactive',
  poolSize: 5,
  statementTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  applicationName: 'proactive',
})

/**
 * Validates {@link PostgresStorageOptions} and fills in {@link postgresStorageDefaults}; messages name
 * the bad value, with any password masked.
 *
 * @example
 * resolvePostgresOptions({ connectionString: 'postgres://db/app', poolSize: 0 }) // throws: …poolSize must be a positive integer, received 0
 */
export function resolvePostgresOptions(options: PostgresStorageOptions): PostgresTarget {
  const { connectionString, pool } = options ?? {}
  const shownString =
    typeof connectionString === 'string' ? withoutPassword(connectionString) : connectionString
  if (pool !== undefined) {
    if (typeof (pool as { connect?: unknown } | null)?.connect !== 'function')
      throw invalidOption('PostgresStorageOptions.pool', 'a pg Pool (with connect() and end())', typeof pool)
    if (connectionString !== undefined)
      throw invalidOption('PostgresStorageOptions.connectionString', 'absent when pool is given', shownString)
  } else if (typeof connectionString !== 'string' || connectionString.trim() === '')
    throw invalidOption(
      'PostgresStorageOptions.connectionString',
      'a postgres:// URL (or pass pool)',
      shownString,
    )
  const schema = options.schema ?? postgresStorageDefaults.schema
  if (typeof schema !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
    throw invalidOption(
      'PostgresStorageOptions.schema',
      'an identifier of letters, digits and _ (≤ 63)',
      schema,
    )
  const poolSize = options.poolSize ?? postgresStorageDefaults.poolSize
  if (!Number.isSafeInteger(poolSize) || poolSize < 1)
    throw invalidOption('PostgresStorageOptions.poolSize', 'a positive integer', poolSize)
  const statementTimeoutMs = options.statementTimeoutMs ?? postgresStorageDefaults.statementTimeoutMs
  if (!Number.isSafeInteger(statementTimeoutMs) || statementTimeoutMs < 0)
    throw invalidOption(
      'PostgresStorageOptions.statementTimeoutMs',
      'a non-negative integer',
      statementTimeoutMs,
    )
  const connectTimeoutMs = options.connectTimeoutMs ?? postgresStorageDefaults.connectTimeoutMs
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs < 1)
    throw invalidOption('PostgresStorageOptions.connectTimeoutMs', 'a positive integer', connectTimeoutMs)
  const applicationName = options.applicationName ?? postgresStorageDefaults.applicationName
  if (typeof applicationName !== 'string' || applicationName.length > 63)
    throw invalidOption(
      'PostgresStorageOptions.applicationName',
      'a string of at most 63 characters',
      applicationName,
    )
  return Object.freeze({
    connectionString,
    pool,
    schema,
    poolSize,
    statementTimeoutMs,
    connectTimeoutMs,
    applicationName,
  })
}
