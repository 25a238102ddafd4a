import type { Kysely, PostgresPool } from 'kysely'
import type * as KyselyModule from 'kysely'
import { migratePostgres, type PostgresSchema } from './postgres-schema'
import { missingDependency, storageFailure } from '../errors/codes'
import { ProactiveError } from '../errors/proactive-error'
import { isModuleNotFound } from '../errors/module-not-found'

/** Where {@link openPostgresDatabase} connects: its own pool from a URL, or a pool the host owns. */
export interface PostgresTarget {
  readonly connectionString?: string
  readonly pool?: PostgresPool
  readonly schema: string
  readonly poolSize: number
  readonly statementTimeoutMs: number
  readonly connectTimeoutMs: number
  readonly applicationName: string
}

/** The part of pg's `Pool` constructor used here, typed by shape so the package stays optional. */
type PgPoolConstructor = new (config: Record<string, unknown>) => PostgresPool & {
  on(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * Loads pg and Kysely, connects (creating a pool unless the host gave one) and brings `schema` up to
 * date. Rejects with `PROACTIVE_ERR_MISSING_DEPENDENCY` when either package is absent.
 *
 * @example
 * const db = await openPostgresDatabase({ connectionString, schema: 'proactive', poolSize: 5, … })
 */
export async function openPostgresDatabase(target: PostgresTarget): Promise<Kysely<PostgresSchema>> {
  const { Pool, kysely } = await loadModules()
  const db = new kysely.Kysely<PostgresSchema>({
    dialect: new kysely.PostgresDialect({
      pool: target.pool ? borrowed(target.pool) : ownPool(Pool, target),
    }),
  })
  try {
    await migratePostgres(db, target.schema)
  } catch (error) {
    await db.destroy().catch(() => {})
    throw asPostgresStorageError(`init (${describeTarget(target)})`, error, target.connectionString)
  }
  return db.withSchema(target.schema)
}

/**
 * Passes a `ProactiveError` through and wraps anything else (a driver error) as `PROACTIVE_ERR_STORAGE`,
 * with the password of `connectionString` masked wherever the driver repeated it.
 *
 * @example
 * throw asPostgresStorageError('putRecord', error) // postgres storage: putRecord failed: Connection terminated
 */
export function asPostgresStorageError(
  operation: string,
  error: unknown,
  connectionString?: string,
): ProactiveError {
  if (error instanceof ProactiveError) return error
  const message = error instanceof Error ? error.message || String(error) : String(error)
  const problem = maskPassword(`${operation} failed: ${message}`, connectionString)
  return Object.assign(storageFailure('postgres', problem), { cause: error })
}

/**
 * A connection string fit for logs: the password replaced by `***`.
 *
 * @example
 * withoutPassword('postgres://app:s3cret@db/app') // 'postgres://app:***@db/app'
 */
export function withoutPassword(connectionString: string): string {
  try {
    const url = new URL(connectionString)
    if (url.password === '') return connectionString
    url.password = '***'
    return url.toString()
  } catch {
    // Not a URL (a libpq key/value string, say): show nothing that could hold a password.
    return /password/i.test(connectionString)
      ? '(connection string hidden: it holds a password)'
      : connectionString
  }
}

function describeTarget(target: PostgresTarget): string {
  const where = target.connectionString === undefined ? 'host pool' : withoutPassword(target.connectionString)
  return `${where}, schema ${target.schema}`
}

function maskPassword(text: string, connectionString: string | undefined): string {
  if (connectionString === undefined) return text
  let password = ''
  try {
    password = new URL(connectionString).password
  } catch {
    password = /password\s*=\s*(\S+)/i.exec(connectionString)?.[1] ?? ''
  }
  if (password === '') return text
  let decoded = password
  try {
    decoded = decodeURIComponent(password)
  } catch {
    // A malformed escape: mask the raw form only.
  }
  let masked = text
  for (const form of new Set([password, decoded])) masked = masked.split(form).join('***')
  return masked
}

function ownPool(Pool: PgPoolConstructor, target: PostgresTarget): PostgresPool {
  const pool = new Pool({
    connectionString: target.connectionString,
    max: target.poolSize,
    connectionTimeoutMillis: target.connectTimeoutMs,
    statement_timeout: target.statementTimeoutMs,
    application_name: target.applicationName,
    // The SDK's idle connections must not keep the host process alive.
    allowExitOnIdle: true,
  })
  // Without a listener, an idle client's error (a server restart) would crash the host process.
  pool.on('error', () => {})
  return pool
}

/** Kysely ends its pool on destroy(); a pool the host owns must outlive the storage. */
function borrowed(pool: PostgresPool): PostgresPool {
  return { connect: () => pool.connect(), end: async () => {} }
}

async function loadModules(): Promise<{ Pool: PgPoolConstructor; kysely: typeof KyselyModule }> {
  try {
    const [driver, kysely] = await Promise.all([import('pg'), import('kysely')])
    const pg = ((driver as { default?: unknown }).default ?? driver) as { Pool: PgPoolConstructor }
    return { Pool: pg.Pool, kysely }
  } catch (error) {
    if (isModuleNotFound(error)) throw missingDependency('pg kysely', 'PostgreSQL storage')
    throw asPostgresStorageError('loading pg and kysely', error)
  }
}
