import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock/clock'
import type { Logger } from '../logging/logger'
import type { Storage, StoredRecord } from '../storage/storage'
import { labelsMatch, type Labels } from '../metrics/sample'
import { invalidOption } from '../errors/codes'
import { requireLabels, resolveDuration, type DurationInput } from './alert-manager-options'

/** A silence: alerts whose labels include all of `matchers` are not sent between `startsAt` and `endsAt`. */
export interface Silence {
  readonly id: string
  readonly matchers: Labels
  /** Epoch ms. */
  readonly startsAt: number
  /** Epoch ms; the silence no longer applies from this moment. */
  readonly endsAt: number
  readonly createdAt: number
  readonly createdBy?: string
  readonly comment?: string
}

/** What `AlertManager.silence()` takes: `endsAt` or `durationMs` (from `startsAt`, default now). */
export interface SilenceOptions {
  readonly matchers: Labels
  readonly startsAt?: number
  readonly endsAt?: number
  readonly durationMs?: DurationInput
  readonly createdBy?: string
  readonly comment?: string
}

/** Silences cached in memory over the `silences` collection of a storage that several instances may share. */
export interface SilenceStore {
  /** Replaces the cache with the newest `maxSilences` stored silences; keeps the cache when storage fails. */
  load(): Promise<void>
  add(options: SilenceOptions): Promise<Silence>
  /** Ends a silence now; false when it is unknown. */
  expire(id: string): Promise<boolean>
  list(): Silence[]
  /** The id of an active silence matching these labels, if any. */
  silencing(labels: Labels, now: number): string | undefined
}

/** Creates a {@link SilenceStore}. */
export function createSilenceStore(options: {
  storage: Storage
  clock: Clock
  logger: Logger
  maxSilences: number
}): SilenceStore {
  const { storage, clock, logger, maxSilences } = options
  let cache = new Map<string, Silence>()
  let loadFailing = false

  const remember = (silence: Silence) => {
    cache.set(silence.id, silence)
    if (cache.size <= maxSilences) return
    const oldest = [...cache.values()].reduce((a, b) => (b.createdAt < a.createdAt ? b : a))
    cache.delete(oldest.id)
  }
  const save = (silence: Silence) =>
    storage.putRecord('silences', { id: silence.id, time: silence.createdAt, type: 'silence', data: silence })

  return {
    async load() {
      try {
        const records = await storage.listRecords('silences', { limit: maxSilences })
        const next = new Map<string, Silence>()
        for (const record of records) {
          const silence = toSilence(record)
          if (silence) next.set(silence.id, silence)
        }
        cache = next
        if (loadFailing) logger.info({ component: 'alert-manager' }, 'silences load again from storage')
        loadFailing = false
      } catch (error) {
        // Once per outage, not once per reload.
        if (!loadFailing)
          logger.warn({ component: 'alert-manager', error }, 'cannot load silences; using the cached ones')
        loadFailing = true
      }
    },
    async add(input) {
      const silence = resolveSilence(input, clock.now())
      await save(silence)
      remember(silence)
      return silence
    },
    async expire(id) {
      const silence = cache.get(id) ?? toSilence(await storage.getRecord('silences', id))
      if (!silence) return false
      const now = clock.now()
      const ended = {
        ...silence,
        endsAt: Math.min(silence.endsAt, now),
        startsAt: Math.min(silence.startsAt, now),
      }
      await save(ended)
      remember(ended)
      return true
    },
    list: () => [...cache.values()].sort((a, b) => b.createdAt - a.createdAt),
    silencing(labels, now) {
      for (const silence of cache.values())
        if (silence.startsAt <= now && now < silence.endsAt && labelsMatch(labels, silence.matchers))
          return silence.id
      return undefined
    },
  }
}

function resolveSilence(input: SilenceOptions, now: number): Silence {
  const name = (key: string) => `SilenceOptions.${key}`
  if (!input || typeof input !== 'object') throw invalidOption('SilenceOptions', 'an object', input)
  requireLabels(name('matchers'), input.matchers)
  if (Object.keys(input.matchers).length === 0)
    throw invalidOption(
      name('matchers'),
      'at least one label (an empty silence would mute everything)',
      input.matchers,
    )
  const startsAt = input.startsAt ?? now
  if (!Number.isFinite(startsAt)) throw invalidOption(name('startsAt'), 'epoch milliseconds', input.startsAt)
  if ((input.endsAt === undefined) === (input.durationMs === undefined))
    throw invalidOption(name('endsAt'), 'set, or durationMs set instead (exactly one of them)', input.endsAt)
  const endsAt =
    input.endsAt ??
    startsAt + resolveDuration(name('durationMs'), input.durationMs, 0, 1, Number.MAX_SAFE_INTEGER)
  if (!Number.isFinite(endsAt) || endsAt <= startsAt || endsAt <= now)
    throw invalidOption(name('endsAt'), 'epoch milliseconds after startsAt and after now', input.endsAt)
  for (const key of ['createdBy', 'comment'] as const)
    if (input[key] !== undefined && typeof input[key] !== 'string')
      throw invalidOption(name(key), 'a string', input[key])
  return Object.freeze({
    id: randomUUID(),
    matchers: Object.freeze({ ...input.matchers }),
    startsAt,
    endsAt,
    createdAt: now,
    ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }),
    ...(input.comment === undefined ? {} : { comment: input.comment }),
  })
}

function toSilence(record: StoredRecord | undefined): Silence | undefined {
  const data = record?.data as Partial<Silence> | undefined
  if (!data || typeof data !== 'object') return undefined
  const ok =
    typeof data.id === 'string' &&
    typeof data.startsAt === 'number' &&
    typeof data.endsAt === 'number' &&
    typeof data.createdAt === 'number' &&
    !!data.matchers &&
    typeof data.matchers === 'object' &&
    Object.keys(data.matchers).length > 0
  return ok ? (data as Silence) : undefined
}
