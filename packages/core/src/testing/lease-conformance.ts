import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './storage-conformance'

/** Long enough that no test outlives it by accident. */
const heldMs = 60_000
/** Short enough to wait out in a test, long enough that a slow backend still sees the lease held. */
const shortMs = 50
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The lease part of the storage conformance suite (fleet-wide one-at-a-time actions). */
export function describeLeaseConformance({ storage }: ConformanceContext): void {
  describe('leases', () => {
    it('grants a free lease', async () => {
      expect(await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)).toBe(true)
    })

    it('refuses a second owner while the lease is held', async () => {
      await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)
      expect(await storage().acquireLease('outbox:slack:1', 'instance-b', heldMs)).toBe(false)
    })

    it('keeps leases on different keys independent', async () => {
      await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)
      expect(await storage().acquireLease('outbox:slack:2', 'instance-b', heldMs)).toBe(true)
    })

    it('lets the same owner acquire again, extending the expiry', async () => {
      expect(await storage().acquireLease('outbox:slack:1', 'instance-a', shortMs)).toBe(true)
      expect(await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)).toBe(true)
      await sleep(shortMs * 3)
      expect(await storage().acquireLease('outbox:slack:1', 'instance-b', heldMs)).toBe(false)
    })

    it('grants the lease to another owner once it has expired', async () => {
      expect(await storage().acquireLease('outbox:slack:1', 'instance-a', shortMs)).toBe(true)
      await sleep(shortMs * 3)
      expect(await storage().acquireLease('outbox:slack:1', 'instance-b', heldMs)).toBe(true)
      expect(await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)).toBe(false)
    })

    it('ignores a release by an owner that does not hold the lease', async () => {
      await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)
      await storage().releaseLease('outbox:slack:1', 'instance-b')
      expect(await storage().acquireLease('outbox:slack:1', 'instance-b', heldMs)).toBe(false)
    })

    it('frees the lease when its holder releases it', async () => {
      await storage().acquireLease('outbox:slack:1', 'instance-a', heldMs)
      await storage().releaseLease('outbox:slack:1', 'instance-a')
      expect(await storage().acquireLease('outbox:slack:1', 'instance-b', heldMs)).toBe(true)
    })

    it('lets releasing a lease nobody holds succeed', async () => {
      await expect(storage().releaseLease('outbox:never-taken', 'instance-a')).resolves.toBeUndefined()
    })

    it('grants a contested lease to exactly one of ten owners acquiring at once', async () => {
      const owners = Array.from({ length: 10 }, (_, index) => `instance-${index}`)
      const granted = await Promise.all(
        owners.map((owner) => storage().acquireLease('outbox:slack:contested', owner, heldMs)),
      )
      expect(granted.filter(Boolean)).toHaveLength(1)
    })

    it('rejects an empty key or owner and a ttlMs that is not a positive integer', async () => {
      for (const call of [
        () => storage().acquireLease('', 'instance-a', heldMs),
        () => storage().acquireLease('outbox:slack:1', '', heldMs),
        () => storage().acquireLease('outbox:slack:1', 'instance-a', 0),
        () => storage().acquireLease('outbox:slack:1', 'instance-a', 1.5),
        () => storage().releaseLease('', 'instance-a'),
      ])
        await expect(call()).rejects.toMatchObject({ code: 'PROACTIVE_ERR_INVALID_OPTION' })
    })
  })
}
