import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Kysely, SqliteDatabase } from 'kysely'
import type * as KyselyModule from 'kysely'
import { migrateSqlite, type SqliteSchema } from './sqlite-schema'
import { missingDependency, storageFailure } from '../errors/codes'
import { ProactiveError } from '../errors/proactive-error'
import { isModuleNotFound } from '../errors/module-not-found'

/** The part of better-sqlite3's `Database` used here, typed by shape so the package stays optional. */
interface BetterSqliteDatabase extends SqliteDatabase {
  pragma(source: string): unknown
}

type BetterSqliteConstructor = new (filename: string, options?: { timeout?: number }) => BetterSqliteDatabase

/**
 * Loads better-sqlite3 and Kysely, opens `filename` (creating its directory) in WAL mode and brings
 * its schema up to date. Rejects with `PROACTIVE_ERR_MISSING_DEPENDENCY` when either package is absent.
 *
 * @example
 * const db = await openSqliteDatabase('./data/proactive.db', 5_000)
 */
export async function openSqliteDatabase(
  filename: string,
  busyTimeoutMs: number,
): Promise<Kysely<SqliteSchema>> {
  const { Database, kysely } = await loadModules()
  if (filename !== ':memory:' && !filename.startsWith('file:'))
    await mkdir(dirname(filename), { recursive: true })
  let database: BetterSqliteDatabase
  try {
    database = new Database(filename, { timeout: busyTimeoutMs })
  } catch (error) {
    throw asSqliteStorageError(`opening ${filename}`, error)
  }
  const db = new kysely.Kysely<SqliteSchema>({ dialect: new kysely.SqliteDialect({ database }) })
  try {
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = NORMAL')
    await migrateSqlite(db)
  } catch (error) {
    await db.destroy().catch(() => {})
    database.close()
    throw asSqliteStorageError('migrating the schema', error)
  }
  return db
}

/**
 * Passes a `ProactiveError` through and wraps anything else (a driver error) as `PROACTIVE_ERR_STORAGE`.
 *
 * @example
 * throw asSqliteStorageError('putRecord', error) // sqlite storage: putRecord failed: database is locked
 */
export function asSqliteStorageError(operation: string, error: unknown): ProactiveError {
  if (error instanceof ProactiveError) return error
  const message = error instanceof Error ? error.message : String(error)
  return Object.assign(storageFailure('sqlite', `${operation} failed: ${message}`), { cause: error })
}

async function loadModules(): Promise<{ Database: BetterSqliteConstructor; kysely: typeof KyselyModule }> {
  try {
    const [driver, kysely] = await Promise.all([import('better-sqlite3'), import('kysely')])
    const Database = ((driver as { default?: unknown }).default ?? driver) as BetterSqliteConstructor
    return { Database, kysely }
  } catch (error) {
    if (isModuleNotFound(error)) throw missingDependency('better-sqlite3 kysely', 'SQLite storage')
    throw asSqliteStorageError('loading better-sqlite3 and kysely', error)
  }
}
