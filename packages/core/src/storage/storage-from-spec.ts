import { resolve } from 'node:path'
import type { Storage } from './storage'
import { createMemoryStorage } from './memory-storage'
import { invalidOption } from '../errors/codes'

const sqliteFile = /\.(db|sqlite|sqlite3)$/i
const postgresUrl = /^postgres(ql)?:\/\//i

/**
 * Creates the storage a `PROACTIVE_STORAGE` value names, without calling `init()`: `memory`,
 * `sqlite:<path>`, `sqlite://<path>`, a path ending in `.db`, `.sqlite` or `.sqlite3`, or a
 * `postgres://` / `postgresql://` URL, or a `redis://` / `rediss://` URL. Relative paths resolve
 * against the working directory. The drivers (better-sqlite3, pg, ioredis, Kysely) load only when asked for.
 *
 * @example
 * const storage = await createStorageFromSpec(process.env.PROACTIVE_STORAGE ?? 'memory')
 * await storage.init()
 */
export async function createStorageFromSpec(spec: string): Promise<Storage> {
  const value = typeof spec === 'string' ? spec.trim() : ''
  if (value.toLowerCase() === 'memory') return createMemoryStorage()
  const path = sqlitePath(value)
  if (path !== undefined) {
    if (path === '') throw invalidOption('PROACTIVE_STORAGE', 'sqlite:<path> with a path', spec)
    const { createSqliteStorage } = await import('./sqlite-storage')
    return createSqliteStorage({ filename: path === ':memory:' ? path : resolve(process.cwd(), path) })
  }
  if (/^rediss?:\/\//i.test(value)) {
    const { createRedisStorage } = await import('./redis-storage')
    return createRedisStorage({ url: value })
  }
  if (postgresUrl.test(value)) {
    const { createPostgresStorage } = await import('./postgres-storage')
    return createPostgresStorage({ connectionString: value })
  }
  throw invalidOption(
    'PROACTIVE_STORAGE',
    'memory, sqlite:<path>, a postgres:// or redis:// URL',
    withoutPassword(spec),
  )
}

/** The file path a SQLite spec names (maybe empty), or undefined when the spec is not SQLite. */
function sqlitePath(spec: string): string | undefined {
  if (/^sqlite:\/\//i.test(spec)) return spec.slice('sqlite://'.length)
  if (/^sqlite:/i.test(spec)) return spec.slice('sqlite:'.length)
  if (sqliteFile.test(spec) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return spec
  return undefined
}

/** A storage spec with any URL password replaced by `***`: error messages end up in logs. */
export function withoutPassword(spec: unknown): unknown {
  if (typeof spec !== 'string') return spec
  try {
    const url = new URL(spec)
    if (url.password === '') return spec
    url.password = '***'
    return url.toString()
  } catch {
    return spec
  }
}
