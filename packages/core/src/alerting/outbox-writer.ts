import type { Logger } from '../logging/logger'
import type { Storage } from '../storage/storage'
import { toOutboxRecord, type OutboxEntry } from './outbox-entry'

/** Writes outbox entries in order per entry, remembers which writes failed, and logs outages once. */
export interface OutboxWriter {
  /** Stores the entry after any earlier write of the same id; rejects when storage fails. */
  put(entry: OutboxEntry): Promise<void>
  /** Deletes the entry after any earlier write of the same id; failures are logged, never thrown. */
  remove(id: string): Promise<void>
  /** Ids whose newest state is not stored yet (storage was failing). */
  readonly unsaved: ReadonlySet<string>
  /** Resolves when every started write has settled. */
  idle(): Promise<void>
}

/**
 * Serializes writes per entry id, so a late `pending` write never overwrites `delivered`.
 *
 * @example
 * const writer = createOutboxWriter(storage, logger)
 * await writer.put(entry)
 */
export function createOutboxWriter(storage: Storage, logger: Logger): OutboxWriter {
  const chains = new Map<string, Promise<void>>()
  const unsaved = new Set<string>()
  let failing = false

  const enqueue = (id: string, write: () => Promise<unknown>): Promise<void> => {
    const previous = chains.get(id) ?? Promise.resolve()
    const next = previous.then(async () => {
      try {
        await write()
      } catch (error) {
        unsaved.add(id)
        if (!failing) logger.warn({ err: error, storage: storage.name }, 'outbox cannot write to storage')
        failing = true
        throw error
      }
      unsaved.delete(id)
      if (failing) logger.info({ storage: storage.name }, 'outbox writes to storage again')
      failing = false
    })
    const settled = next.catch(() => {})
    chains.set(id, settled)
    void settled.then(() => {
      if (chains.get(id) === settled) chains.delete(id)
    })
    return next
  }

  return {
    put: (entry) => enqueue(entry.id, () => storage.putRecord('outbox', toOutboxRecord(entry))),
    remove: (id) => enqueue(id, () => storage.deleteRecord('outbox', id)).catch(() => {}),
    unsaved,
    idle: async () => {
      while (chains.size > 0) await Promise.all(chains.values())
    },
  }
}
