import type { RecordQuery, SampleQuery, StoredRecord } from './storage'
import type { Sample } from '../metrics/sample'
import { invalidOption } from '../errors/codes'

/**
 * True when a sample can be stored: a non-empty metric, a finite time and a finite value. Backends
 * skip the others (NaN and Infinity cannot round-trip through JSON or SQL).
 *
 * @example
 * samples.filter(isStorableSample)
 */
export function isStorableSample(sample: Sample): boolean {
  return (
    typeof sample.metric === 'string' &&
    sample.metric !== '' &&
    Number.isFinite(sample.time) &&
    Number.isFinite(sample.value)
  )
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` when a sample query is malformed.
 *
 * @example
 * checkSampleQuery({ metric: 'cpu.utilization', limit: -1 }) // throws: SampleQuery.limit must be …
 */
export function checkSampleQuery(query: SampleQuery): void {
  if (typeof query.metric !== 'string' || query.metric === '')
    throw invalidOption('SampleQuery.metric', 'a non-empty string', query.metric)
  checkBounds('SampleQuery', query)
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` when a record query is malformed.
 *
 * @example
 * checkRecordQuery({ limit: 1.5 }) // throws: RecordQuery.limit must be a non-negative integer, received 1.5
 */
export function checkRecordQuery(query: RecordQuery): void {
  if (query.type !== undefined && typeof query.type !== 'string')
    throw invalidOption('RecordQuery.type', 'a string', query.type)
  checkBounds('RecordQuery', query)
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` when a record cannot be stored.
 *
 * @example
 * checkRecord({ id: '', time: 0, data: {} }) // throws: record.id must be a non-empty string, received ""
 */
export function checkRecord(record: StoredRecord): void {
  if (typeof record.id !== 'string' || record.id === '')
    throw invalidOption('record.id', 'a non-empty string', record.id)
  if (!Number.isFinite(record.time))
    throw invalidOption('record.time', 'a finite epoch-millisecond number', shown(record.time))
  if (record.type !== undefined && typeof record.type !== 'string')
    throw invalidOption('record.type', 'a string or undefined', record.type)
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` unless `before` is a finite epoch-millisecond time.
 *
 * @example
 * checkPruneTime(Number.NaN) // throws: prune(before) must be a finite epoch-millisecond number, received NaN
 */
export function checkPruneTime(before: number): void {
  if (!Number.isFinite(before))
    throw invalidOption('prune(before)', 'a finite epoch-millisecond number', shown(before))
}

/** JSON shows NaN and Infinity as null; name them instead. */
function shown(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value
}

function checkBounds(name: string, query: { from?: number; to?: number; limit?: number }): void {
  for (const bound of ['from', 'to'] as const) {
    const value = query[bound]
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value)))
      throw invalidOption(`${name}.${bound}`, 'an epoch-millisecond number', shown(value))
  }
  if (query.limit !== undefined && !(Number.isSafeInteger(query.limit) && query.limit >= 0))
    throw invalidOption(`${name}.limit`, 'a non-negative integer', shown(query.limit))
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` when the arguments of `acquireLease` (with `ttlMs`) or
 * `releaseLease` are malformed.
 *
 * @example
 * checkLease('acquireLease', 'outbox:slack:1', 'instance-a', 0) // throws: acquireLease(ttlMs) must be a positive integer, received 0
 */
export function checkLease(
  method: 'acquireLease' | 'releaseLease',
  key: string,
  owner: string,
  ttlMs?: number,
): void {
  if (typeof key !== 'string' || key === '') throw invalidOption(`${method}(key)`, 'a non-empty string', key)
  if (typeof owner !== 'string' || owner === '')
    throw invalidOption(`${method}(owner)`, 'a non-empty string', owner)
  if (method === 'acquireLease' && !(Number.isSafeInteger(ttlMs) && (ttlMs as number) > 0))
    throw invalidOption(`${method}(ttlMs)`, 'a positive integer', ttlMs)
}
