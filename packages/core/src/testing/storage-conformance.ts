import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Storage } from '../storage/storage'
import { ProactiveError } from '../errors/proactive-error'
import { describeLeaseConformance } from './lease-conformance'
import { describeRecordConformance } from './record-conformance'
import { describeSampleConformance } from './sample-conformance'

/** Options for {@link runStorageConformance}. */
export interface StorageConformanceOptions {
  /**
   * The backend caps what it keeps and drops the oldest data beyond its caps (as memory storage
   * does). Volume tests then require the newest data to survive rather than all of it.
   */
  bounded?: boolean
}

/** What the parts of the suite share: the storage of the running test. Internal to the suite. */
export interface ConformanceContext {
  storage(): Storage
  readonly bounded: boolean
}

/**
 * The one test suite every {@link Storage} must pass, built-in or third-party. Call it at the top
 * level of a vitest test file; each test gets a fresh storage, initialised before and closed after.
 *
 * @example
 * import { runStorageConformance } from '@proactive/core/testing'
 * runStorageConformance('my-storage', () => createMyStorage({ url: process.env.MY_URL }))
 */
export function runStorageConformance(
  name: string,
  createStorage: () => Storage | Promise<Storage>,
  options: StorageConformanceOptions = {},
): void {
  describe(`${name} storage (conformance)`, () => {
    let current: Storage | undefined
    const context: ConformanceContext = {
      storage: () => {
        if (!current) throw new Error('the storage is only available inside a test')
        return current
      },
      bounded: options.bounded ?? false,
    }

    beforeEach(async () => {
      current = await createStorage()
      await current.init()
    })

    afterEach(async () => {
      // Some tests close the storage themselves; a second close() must not fail the next test.
      await current?.close().catch(() => {})
      current = undefined
    })

    describeSampleConformance(context)
    describeRecordConformance(context)
    describeLeaseConformance(context)

    describe('lifecycle', () => {
      it('has a non-empty name', () => {
        expect(context.storage().name).toMatch(/\S/)
      })

      it('answers ping() with true while open', async () => {
        await expect(context.storage().ping()).resolves.toBe(true)
      })

      it('rejects every method after close() with a ProactiveError coded PROACTIVE_ERR_STORAGE', async () => {
        const storage = context.storage()
        await storage.close()
        const calls: [string, () => Promise<unknown>][] = [
          ['init', () => storage.init()],
          ['appendSamples', () => storage.appendSamples([{ metric: 'cpu.utilization', value: 1, time: 1 }])],
          ['querySamples', () => storage.querySamples({ metric: 'cpu.utilization' })],
          ['listSeries', () => storage.listSeries()],
          ['putRecord', () => storage.putRecord('alerts', { id: 'a', time: 1, data: {} })],
          ['getRecord', () => storage.getRecord('alerts', 'a')],
          ['listRecords', () => storage.listRecords('alerts')],
          ['deleteRecord', () => storage.deleteRecord('alerts', 'a')],
          ['prune', () => storage.prune(1)],
          ['acquireLease', () => storage.acquireLease('lease', 'owner', 1_000)],
          ['releaseLease', () => storage.releaseLease('lease', 'owner')],
          ['ping', () => storage.ping()],
        ]
        for (const [method, call] of calls) {
          const error = await call().then(
            () => new Error(`${method}() resolved after close()`),
            (rejection: unknown) => rejection,
          )
          expect(error, `${method}() after close()`).toBeInstanceOf(ProactiveError)
          expect((error as ProactiveError).code, `${method}() after close()`).toBe('PROACTIVE_ERR_STORAGE')
        }
      })

      it('lets close() be called twice', async () => {
        await context.storage().close()
        await expect(context.storage().close()).resolves.toBeUndefined()
      })
    })
  })
}
