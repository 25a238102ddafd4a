import { resolve } from 'node:path'
import type { Storage } from './storage'
import { createMemoryStorage } from './memory-storage'
import { invalidOption } from '../errors/codes'

const laterRelease = /^(postgres|postgresql|redis|rediss):\/\//i
const sqliteFile = /\.(db|sqlite|sqlite3)$/i

/**
 * Creates the storage a `PROACTIVE_STORAGE` value names, without calling `init()`: `memory`,
 * `sqlite:<path>`, `sqlite://<path>`, or a path ending in `.db`, `.sqlite` or `.sqlite3`. Relative
 * paths resolve against the working directory. SQLite code (and Kysely) load only when asked for.
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
  if (laterRelease.test(value))
    throw invalidOption(
      'PROACTIVE_STORAGE',
      'memory or sqlite:<path> (PostgreSQL and Redis storage arrive in a later release)',
      withoutPassword(value),
    )
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

/** Error messages end up in logs; a URL's password must not. */
function withoutPassword(spec: unknown): unknown {
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
