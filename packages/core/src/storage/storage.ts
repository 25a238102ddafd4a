import type { Labels, Sample } from '../metrics/sample'

/** The record collections Proactive keeps next to samples. Later components add their own. */
export const recordCollections = [
  'alerts',
  'predictions',
  'issues',
  'exceptions',
  'fixes',
  'optimizations',
  'reports',
  'silences',
  'outbox',
] as const

/** One of {@link recordCollections}. */
export type RecordCollection = (typeof recordCollections)[number]

/** A document in a record collection; `id` is unique within the collection (put replaces). */
export interface StoredRecord<Data = unknown> {
  readonly id: string
  /** Epoch milliseconds; listing sorts by it, newest first. */
  readonly time: number
  /** A free-form discriminator for filtering (`cpu_overload`, `firing`, …). */
  readonly type?: string
  readonly data: Data
}

/** A query over one metric's stored samples. */
export interface SampleQuery {
  readonly metric: string
  /** Only series whose labels include all of these. */
  readonly labels?: Labels
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number
  /** Inclusive upper bound, epoch ms. */
  readonly to?: number
  /** At most this many points per series: the newest ones, still returned oldest first. */
  readonly limit?: number
}

/** The stored points of one series, oldest first, as `[time, value]` pairs. */
export interface SeriesPoints {
  readonly metric: string
  readonly labels: Labels
  readonly points: readonly (readonly [number, number])[]
}

/** One series that storage has seen, with its newest point. */
export interface SeriesInfo {
  readonly metric: string
  readonly labels: Labels
  readonly lastTime: number
  readonly lastValue: number
}

/** A query over a record collection. Results are newest first. */
export interface RecordQuery {
  readonly from?: number
  readonly to?: number
  readonly type?: string
  readonly limit?: number
}

/**
 * Where samples, alerts, fixes, patterns and reports live. Built in: memory (the default), SQLite,
 * PostgreSQL and Redis. Every implementation must pass
 * `runStorageConformance` from `@proactive/core/testing`.
 *
 * Implementations must be safe to call concurrently, must keep records as JSON-compatible data, and
 * must reject with `ProactiveError` code `PROACTIVE_ERR_STORAGE` when used after `close()`.
 */
export interface Storage {
  /** `memory`, `sqlite`, … — used in logs and `/health`. */
  readonly name: string
  /** Creates tables, runs migrations, connects. Called once before any other method. */
  init(): Promise<void>
  appendSamples(samples: readonly Sample[]): Promise<void>
  querySamples(query: SampleQuery): Promise<SeriesPoints[]>
  listSeries(): Promise<SeriesInfo[]>
  /** Inserts or replaces by `collection` + `record.id`. */
  putRecord(collection: RecordCollection, record: StoredRecord): Promise<void>
  getRecord(collection: RecordCollection, id: string): Promise<StoredRecord | undefined>
  listRecords(collection: RecordCollection, query?: RecordQuery): Promise<StoredRecord[]>
  deleteRecord(collection: RecordCollection, id: string): Promise<boolean>
  /** Deletes samples and records older than `before` (epoch ms). Bounded backends may do less. */
  prune(before: number): Promise<void>
  /**
   * Takes or renews the fleet-wide lease on `key` for `owner`, for `ttlMs` from now. Answers true
   * when `owner` holds it afterwards (it was free, expired, or already `owner`'s, whose expiry is then
   * extended) and false while another owner holds an unexpired lease. Instances sharing one storage
   * use it for one-at-a-time actions: sending a notification now, creating an index or scaling later.
   * A lease is not a lock: pick `ttlMs` longer than the action may take, or a second holder may start.
   *
   * @example
   * if (await storage.acquireLease('outbox:slack:cpu-1', instanceId, 35_000)) {
   *   try {
   *     await send()
   *   } finally {
   *     await storage.releaseLease('outbox:slack:cpu-1', instanceId)
   *   }
   * }
   */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>
  /** Removes `owner`'s lease on `key`; a lease held by another owner (or none) is left as it is. */
  releaseLease(key: string, owner: string): Promise<void>
  /** Answers quickly whether the backend is usable (for `/health/ready`). */
  ping(): Promise<boolean>
  close(): Promise<void>
}
