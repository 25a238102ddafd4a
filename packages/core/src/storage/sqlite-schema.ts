import type { ColumnType, Generated, Kysely } from 'kysely'
import { storageFailure } from '../errors/codes'

/** The `proactive_meta` table: small key/value facts about the database, such as `schema_version`. */
export interface MetaTable {
  key: string
  value: string
}

/** One row per series: the metric and its labels (JSON), found by the `seriesKey` of both. */
export interface SeriesTable {
  id: Generated<number>
  key: string
  metric: string
  labels: string
}

/** One row per stored point. */
export interface SamplesTable {
  /** SQLite's implicit row id: read-only, breaks ties between points with the same time. */
  rowid: ColumnType<number, never, never>
  series_id: number
  time: number
  value: number
}

/** One row per record; `data` is JSON. */
export interface RecordsTable {
  collection: string
  id: string
  time: number
  type: string | null
  data: string
}

/** One row per held lease (see `Storage.acquireLease`); `expires_at` is epoch ms. */
export interface LeasesTable {
  key: string
  owner: string
  expires_at: number
}

/** The SQLite database as Kysely sees it. */
export interface SqliteSchema {
  proactive_meta: MetaTable
  series: SeriesTable
  samples: SamplesTable
  records: RecordsTable
  leases: LeasesTable
}

/** One step of the schema; `up` runs inside the migration transaction. */
export interface SqliteMigration {
  readonly version: number
  up(db: Kysely<SqliteSchema>): Promise<void>
}

/** Every migration, oldest first. Append new ones; never edit a released one. */
export const sqliteMigrations: readonly SqliteMigration[] = Object.freeze([
  {
    version: 1,
    async up(db: Kysely<SqliteSchema>) {
      await db.schema
        .createTable('series')
        .ifNotExists()
        .addColumn('id', 'integer', (column) => column.primaryKey())
        .addColumn('key', 'text', (column) => column.notNull().unique())
        .addColumn('metric', 'text', (column) => column.notNull())
        .addColumn('labels', 'text', (column) => column.notNull())
        .execute()
      await db.schema
        .createTable('samples')
        .ifNotExists()
        .addColumn('series_id', 'integer', (column) => column.notNull().references('series.id'))
        .addColumn('time', 'integer', (column) => column.notNull())
        .addColumn('value', 'real', (column) => column.notNull())
        .execute()
      await db.schema
        .createIndex('samples_series_time')
        .ifNotExists()
        .on('samples')
        .columns(['series_id', 'time'])
        .execute()
      await db.schema
        .createTable('records')
        .ifNotExists()
        .addColumn('collection', 'text', (column) => column.notNull())
        .addColumn('id', 'text', (column) => column.notNull())
        .addColumn('time', 'integer', (column) => column.notNull())
        .addColumn('type', 'text')
        .addColumn('data', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('records_pk', ['collection', 'id'])
        .execute()
      await db.schema
        .createIndex('records_collection_time')
        .ifNotExists()
        .on('records')
        .columns(['collection', 'time'])
        .execute()
    },
  },
  {
    version: 2,
    async up(db: Kysely<SqliteSchema>) {
      await db.schema
        .createTable('leases')
        .ifNotExists()
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'integer', (column) => column.notNull())
        .execute()
    },
  },
])

/** The schema version this release writes. */
export const sqliteSchemaVersion = sqliteMigrations.at(-1)?.version ?? 0

/**
 * Brings the database to {@link sqliteSchemaVersion}, running only the migrations it lacks, in one
 * transaction. Safe to run on every start; returns the version found before migrating.
 *
 * @example
 * const previous = await migrateSqlite(db) // 0 on a new file, then the current version on every later start
 */
export async function migrateSqlite(db: Kysely<SqliteSchema>): Promise<number> {
  await db.schema
    .createTable('proactive_meta')
    .ifNotExists()
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute()
  return db.transaction().execute(async (transaction) => {
    const row = await transaction
      .selectFrom('proactive_meta')
      .select('value')
      .where('key', '=', 'schema_version')
      .executeTakeFirst()
    const found = row ? Number(row.value) : 0
    if (!Number.isSafeInteger(found) || found > sqliteSchemaVersion)
      throw storageFailure(
        'sqlite',
        `the database has schema version ${row?.value ?? '?'}, newer than the ${sqliteSchemaVersion} this release ` +
          'understands; upgrade @proactive/core or point PROACTIVE_STORAGE at another file',
      )
    for (const migration of sqliteMigrations) if (migration.version > found) await migration.up(transaction)
    if (found !== sqliteSchemaVersion)
      await transaction
        .insertInto('proactive_meta')
        .values({ key: 'schema_version', value: String(sqliteSchemaVersion) })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: String(sqliteSchemaVersion) }))
        .execute()
    return found
  })
}
