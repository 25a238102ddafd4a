import type { ColumnType, Generated, Kysely } from 'kysely'
import { storageFailure } from '../errors/codes'

/** `bigint` columns: pg returns them as strings (they may exceed 2^53); writes take numbers. */
export type Int8Column = ColumnType<string | number, number | string, number | string>

/** The `proactive_meta` table: small key/value facts about the schema, such as `schema_version`. */
export interface PostgresMetaTable {
  key: string
  value: string
}

/** One row per series: the metric and its labels, found by the `seriesKey` of both. */
export interface PostgresSeriesTable {
  id: ColumnType<string, never, never>
  key: string
  metric: string
  /** `jsonb`: written as JSON text, read back as an object. */
  labels: ColumnType<Record<string, string>, string, string>
}

/** One row per stored point; `id` only breaks ties between points with the same time. */
export interface PostgresSamplesTable {
  id: Generated<string>
  series_id: number | string
  time: Int8Column
  value: number
}

/** One row per record; `data` is `jsonb`. */
export interface PostgresRecordsTable {
  collection: string
  id: string
  time: Int8Column
  type: string | null
  data: ColumnType<unknown, string, string>
}

/** One row per held lease (see `Storage.acquireLease`); `expires_at` is epoch ms. */
export interface PostgresLeasesTable {
  key: string
  owner: string
  expires_at: Int8Column
}

/** The PostgreSQL schema as Kysely sees it. */
export interface PostgresSchema {
  proactive_meta: PostgresMetaTable
  series: PostgresSeriesTable
  samples: PostgresSamplesTable
  records: PostgresRecordsTable
  leases: PostgresLeasesTable
}

/** One step of the schema; `up` runs inside the migration transaction, on a schema-bound Kysely. */
export interface PostgresMigration {
  readonly version: number
  up(db: Kysely<PostgresSchema>): Promise<void>
}

/** Every migration, oldest first. Append new ones; never edit a released one. */
export const postgresMigrations: readonly PostgresMigration[] = Object.freeze([
  {
    version: 1,
    async up(db: Kysely<PostgresSchema>) {
      await db.schema
        .createTable('series')
        .ifNotExists()
        .addColumn('id', 'bigserial', (column) => column.primaryKey())
        .addColumn('key', 'text', (column) => column.notNull().unique())
        .addColumn('metric', 'text', (column) => column.notNull())
        .addColumn('labels', 'jsonb', (column) => column.notNull())
        .execute()
      await db.schema
        .createTable('samples')
        .ifNotExists()
        .addColumn('id', 'bigserial', (column) => column.notNull())
        .addColumn('series_id', 'bigint', (column) =>
          column.notNull().references('series.id').onDelete('cascade'),
        )
        .addColumn('time', 'bigint', (column) => column.notNull())
        .addColumn('value', 'double precision', (column) => column.notNull())
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
        .addColumn('time', 'bigint', (column) => column.notNull())
        .addColumn('type', 'text')
        .addColumn('data', 'jsonb', (column) => column.notNull())
        .addPrimaryKeyConstraint('records_pk', ['collection', 'id'])
        .execute()
      await db.schema
        .createIndex('records_collection_time')
        .ifNotExists()
        .on('records')
        .columns(['collection', 'time desc'])
        .execute()
    },
  },
  {
    version: 2,
    async up(db: Kysely<PostgresSchema>) {
      await db.schema
        .createTable('leases')
        .ifNotExists()
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute()
    },
  },
])

/** The schema version this release writes. */
export const postgresSchemaVersion = postgresMigrations.at(-1)?.version ?? 0

/** First key of the two-key advisory lock that serialises migrations; the second is the schema's hash. */
const migrationLockKey = 0x70726f61 // 'proa'

/**
 * Creates `schema` if missing and brings it to {@link postgresSchemaVersion}, in one transaction
 * that holds an advisory lock, so instances starting together migrate one after the other. Safe to
 * run on every start; returns the version found before migrating.
 *
 * @example
 * const previous = await migratePostgres(db, 'proactive') // 0 on a new schema, then the current version on every later start
 */
export async function migratePostgres(db: Kysely<PostgresSchema>, schema: string): Promise<number> {
  return db.transaction().execute(async (transaction) => {
    await transaction
      .selectNoFrom((eb) =>
        eb
          .fn('pg_advisory_xact_lock', [eb.val(migrationLockKey), eb.fn('hashtext', [eb.val(schema)])])
          .as('locked'),
      )
      .execute()
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
    const existing = await transaction.introspection.getSchemas()
    if (!existing.some((found) => found.name === schema))
      await transaction.schema.createSchema(schema).execute()
    const bound = transaction.withSchema(schema)
    await bound.schema
      .createTable('proactive_meta')
      .ifNotExists()
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute()
    const row = await bound
      .selectFrom('proactive_meta')
      .select('value')
      .where('key', '=', 'schema_version')
      .executeTakeFirst()
    const found = row ? Number(row.value) : 0
    if (!Number.isSafeInteger(found) || found > postgresSchemaVersion)
      throw storageFailure(
        'postgres',
        `schema "${schema}" has schema version ${row?.value ?? '?'}, newer than the ${postgresSchemaVersion} ` +
          'this release understands; upgrade @proactive/core or choose another schema',
      )
    for (const migration of postgresMigrations) if (migration.version > found) await migration.up(bound)
    if (found !== postgresSchemaVersion)
      await bound
        .insertInto('proactive_meta')
        .values({ key: 'schema_version', value: String(postgresSchemaVersion) })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({ value: String(postgresSchemaVersion) }),
        )
        .execute()
    return found
  })
}
