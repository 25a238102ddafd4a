import type {
  RecordCollection,
  RecordQuery,
  SampleQuery,
  SeriesInfo,
  SeriesPoints,
  Storage,
  StoredRecord,
} from './storage'
import { RingBuffer } from './ring-buffer'
import {
  checkLease,
  checkPruneTime,
  checkRecord,
  checkRecordQuery,
  checkSampleQuery,
  isStorableSample,
} from './storage-checks'
import { labelsMatch, seriesKey, type Labels, type Sample } from '../metrics/sample'
import { invalidOption, storageFailure } from '../errors/codes'

/** Options for {@link createMemoryStorage}. Every bound is a count; the oldest data goes first. */
export interface MemoryStorageOptions {
  /** Points kept per series. Default 10_800: three hours at one sample a second. */
  maxPointsPerSeries?: number
  /** Distinct series kept; samples that would start another one are dropped and counted. Default 2_000. */
  maxSeries?: number
  /** Records kept per collection; the oldest by `time` are evicted. Default 1_000. */
  maxRecordsPerCollection?: number
  /** Leases held at once; expired ones are swept first, then the soonest to expire is evicted. Default 10_000. */
  maxLeases?: number
}

/** The defaults of {@link MemoryStorageOptions}. */
export const memoryStorageDefaults = Object.freeze({
  maxPointsPerSeries: 10_800,
  maxSeries: 2_000,
  maxRecordsPerCollection: 1_000,
  maxLeases: 10_000,
})

/** What a {@link MemoryStorage} holds and what it had to leave out. */
export interface MemoryStorageStats {
  readonly series: number
  readonly points: number
  readonly records: number
  /** Samples dropped because they would have started a series beyond `maxSeries`. */
  readonly droppedSeries: number
  /** Samples skipped because their value or time was not finite, or their metric was empty. */
  readonly skippedSamples: number
}

/** The memory {@link Storage}, plus counters for its bounds. */
export interface MemoryStorage extends Storage {
  readonly name: 'memory'
  stats(): MemoryStorageStats
}

interface Series {
  readonly metric: string
  readonly labels: Labels
  readonly points: RingBuffer
}

/**
 * The default storage: everything in process memory, bounded by counts, gone on restart.
 *
 * @example
 * const storage = createMemoryStorage({ maxPointsPerSeries: 3_600 })
 * await storage.init()
 * await storage.appendSamples([{ metric: 'cpu.utilization', value: 42, time: Date.now() }])
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  const settings = resolveOptions(options)
  const series = new Map<string, Series>()
  const seriesByMetric = new Map<string, Set<Series>>()
  const collections = new Map<string, Map<string, StoredRecord>>()
  const leases = new Map<string, { owner: string; expiresAt: number }>()
  let droppedSeries = 0
  let skippedSamples = 0
  let closed = false

  const assertOpen = () => {
    if (closed) throw storageFailure('memory', 'used after close()')
  }

  const seriesFor = (sample: Sample): Series | undefined => {
    const key = seriesKey(sample.metric, sample.labels)
    const existing = series.get(key)
    if (existing || series.size >= settings.maxSeries) return existing
    const created: Series = {
      metric: sample.metric,
      labels: Object.freeze({ ...sample.labels }),
      points: new RingBuffer(settings.maxPointsPerSeries),
    }
    series.set(key, created)
    const siblings = seriesByMetric.get(sample.metric) ?? new Set()
    seriesByMetric.set(sample.metric, siblings.add(created))
    return created
  }

  const removeSeries = (key: string, entry: Series) => {
    series.delete(key)
    const siblings = seriesByMetric.get(entry.metric)
    siblings?.delete(entry)
    if (siblings?.size === 0) seriesByMetric.delete(entry.metric)
  }

  const collection = (name: string) => {
    let records = collections.get(name)
    if (!records) collections.set(name, (records = new Map()))
    return records
  }

  return {
    name: 'memory',

    async init() {
      assertOpen()
    },

    async appendSamples(samples) {
      assertOpen()
      for (const sample of samples) {
        if (!isStorableSample(sample)) {
          skippedSamples++
          continue
        }
        const entry = seriesFor(sample)
        if (entry) entry.points.push(sample.time, sample.value)
        else droppedSeries++
      }
    },

    async querySamples(query: SampleQuery): Promise<SeriesPoints[]> {
      assertOpen()
      checkSampleQuery(query)
      const result: SeriesPoints[] = []
      for (const entry of seriesByMetric.get(query.metric) ?? []) {
        if (!labelsMatch(entry.labels, query.labels)) continue
        const points = entry.points.range(query.from, query.to, query.limit)
        if (points.length > 0) result.push({ metric: entry.metric, labels: { ...entry.labels }, points })
      }
      return result
    },

    async listSeries(): Promise<SeriesInfo[]> {
      assertOpen()
      const result: SeriesInfo[] = []
      for (const entry of series.values()) {
        const newest = entry.points.newest()
        if (!newest) continue
        result.push({
          metric: entry.metric,
          labels: { ...entry.labels },
          lastTime: newest[0],
          lastValue: newest[1],
        })
      }
      return result
    },

    async putRecord(name: RecordCollection, record: StoredRecord) {
      assertOpen()
      checkRecord(record)
      let copy: StoredRecord
      try {
        copy = copyRecord(record)
      } catch (error) {
        throw storageFailure(
          'memory',
          `record ${JSON.stringify(record.id)} has data that cannot be copied: ${String(error)}`,
        )
      }
      const records = collection(name)
      records.set(record.id, copy)
      if (records.size > settings.maxRecordsPerCollection) evictOldest(records)
    },

    async getRecord(name: RecordCollection, id: string) {
      assertOpen()
      const record = collections.get(name)?.get(id)
      return record && copyRecord(record)
    },

    async listRecords(name: RecordCollection, query: RecordQuery = {}) {
      assertOpen()
      checkRecordQuery(query)
      const from = query.from ?? -Infinity
      const to = query.to ?? Infinity
      const matching = [...(collections.get(name)?.values() ?? [])].filter(
        (record) =>
          record.time >= from &&
          record.time <= to &&
          (query.type === undefined || record.type === query.type),
      )
      matching.sort(newestFirst)
      return matching.slice(0, query.limit ?? matching.length).map(copyRecord)
    },

    async deleteRecord(name: RecordCollection, id: string) {
      assertOpen()
      return collections.get(name)?.delete(id) ?? false
    },

    async prune(before: number) {
      assertOpen()
      checkPruneTime(before)
      for (const [key, entry] of series) {
        entry.points.dropBefore(before)
        // Freeing the slot keeps maxSeries about live series, not every series ever seen.
        if (entry.points.length === 0) removeSeries(key, entry)
      }
      for (const records of collections.values())
        for (const [id, record] of records) if (record.time < before) records.delete(id)
    },

    async acquireLease(key: string, owner: string, ttlMs: number) {
      assertOpen()
      checkLease('acquireLease', key, owner, ttlMs)
      const now = Date.now()
      const held = leases.get(key)
      if (held && held.owner !== owner && held.expiresAt > now) return false
      leases.delete(key)
      if (leases.size >= settings.maxLeases) evictLeases(leases, now, settings.maxLeases)
      leases.set(key, { owner, expiresAt: now + ttlMs })
      return true
    },

    async releaseLease(key: string, owner: string) {
      assertOpen()
      checkLease('releaseLease', key, owner)
      if (leases.get(key)?.owner === owner) leases.delete(key)
    },

    async ping() {
      assertOpen()
      return true
    },

    async close() {
      closed = true
      series.clear()
      seriesByMetric.clear()
      collections.clear()
      leases.clear()
    },

    stats() {
      let points = 0
      for (const entry of series.values()) points += entry.points.length
      let records = 0
      for (const entries of collections.values()) records += entries.size
      return { series: series.size, points, records, droppedSeries, skippedSamples }
    },
  }
}

function resolveOptions(options: MemoryStorageOptions): Readonly<Required<MemoryStorageOptions>> {
  const resolved = {
    maxPointsPerSeries: options.maxPointsPerSeries ?? memoryStorageDefaults.maxPointsPerSeries,
    maxSeries: options.maxSeries ?? memoryStorageDefaults.maxSeries,
    maxRecordsPerCollection: options.maxRecordsPerCollection ?? memoryStorageDefaults.maxRecordsPerCollection,
    maxLeases: options.maxLeases ?? memoryStorageDefaults.maxLeases,
  }
  for (const [name, value] of Object.entries(resolved))
    if (!Number.isSafeInteger(value) || value < 1)
      throw invalidOption(`MemoryStorageOptions.${name}`, 'a positive integer', value)
  return Object.freeze(resolved)
}

/** A deep copy without undefined `type`, so callers never share objects with storage. */
function copyRecord(record: StoredRecord): StoredRecord {
  const copy = { id: record.id, time: record.time, data: structuredClone(record.data) }
  return record.type === undefined ? copy : { ...copy, type: record.type }
}

/** Sorts by time, newest first, then by id descending, the order every backend lists in. */
function newestFirst(a: StoredRecord, b: StoredRecord): number {
  if (a.time !== b.time) return b.time - a.time
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

function evictOldest(records: Map<string, StoredRecord>): void {
  let oldest: StoredRecord | undefined
  for (const record of records.values()) if (!oldest || newestFirst(record, oldest) > 0) oldest = record
  if (oldest) records.delete(oldest.id)
}

/** Makes room for one more lease under `max`: drops the expired ones, then if need be the soonest to expire. */
function evictLeases(
  leases: Map<string, { owner: string; expiresAt: number }>,
  now: number,
  max: number,
): void {
  let soonest: string | undefined
  let soonestAt = Infinity
  for (const [key, lease] of leases) {
    if (lease.expiresAt <= now) leases.delete(key)
    else if (lease.expiresAt < soonestAt) [soonest, soonestAt] = [key, lease.expiresAt]
  }
  if (leases.size >= max && soonest !== undefined) leases.delete(soonest)
}
