import { afterEach, describe, expect, it, vi } from 'vitest'
import type { readSystemInventory as ReadSystemInventory } from '../../src/metrics/system-inventory'

/** A fresh copy of the module, so each test starts without the cached inventory. */
async function freshReadSystemInventory(): Promise<typeof ReadSystemInventory> {
  vi.resetModules()
  return (await import('../../src/metrics/system-inventory')).readSystemInventory
}

afterEach(() => {
  vi.doUnmock('systeminformation')
})

describe('readSystemInventory', () => {
  it('reads OS, CPU and memory facts of this machine', async () => {
    const readSystemInventory = await freshReadSystemInventory()
    const inventory = await readSystemInventory()
    expect(inventory.error).toBeUndefined()
    expect(inventory.platform).toBe(process.platform)
    expect(inventory.arch).toBeTruthy()
    expect(inventory.kernel).toBeTruthy()
    expect(inventory.cpuModel).toBeTruthy()
    expect(inventory.logicalCores).toBeGreaterThan(0)
    expect(inventory.totalMemoryBytes).toBeGreaterThan(0)
    expect(typeof inventory.virtual).toBe('boolean')
  })

  it('caches the first result', async () => {
    const osInfo = vi.fn(async () => ({ platform: 'linux', distro: 'Debian', kernel: '6.1.0' }))
    vi.doMock('systeminformation', () => ({
      osInfo,
      cpu: async () => ({ manufacturer: 'AMD', brand: 'EPYC', speed: 2.4, cores: 4, physicalCores: 2 }),
      mem: async () => ({ total: 8 * 2 ** 30 }),
      system: async () => ({ model: 'Docker Container', virtual: false }),
    }))
    const readSystemInventory = await freshReadSystemInventory()
    const first = await readSystemInventory()
    expect(first).toMatchObject({
      platform: 'linux',
      distro: 'Debian',
      cpuModel: 'AMD EPYC',
      cpuSpeedGhz: 2.4,
      logicalCores: 4,
      physicalCores: 2,
      totalMemoryBytes: 8 * 2 ** 30,
      systemModel: 'Docker Container',
      container: expect.any(String),
    })
    expect(await readSystemInventory()).toBe(first)
    expect(osInfo).toHaveBeenCalledTimes(1)
  })

  it('never throws: a failing call leaves partial data with an error, and the next call tries again', async () => {
    const osInfo = vi.fn(async () => {
      throw new Error('lsb_release not found')
    })
    vi.doMock('systeminformation', () => ({
      osInfo,
      cpu: async () => ({ manufacturer: 'Intel', brand: 'Xeon', speed: 3, cores: 8, physicalCores: 4 }),
      mem: async () => ({ total: 2 ** 30 }),
      system: async () => ({ model: 'Virtual machine', virtual: true, virtualHost: 'KVM' }),
    }))
    const readSystemInventory = await freshReadSystemInventory()
    const inventory = await readSystemInventory()
    expect(inventory).toMatchObject({
      cpuModel: 'Intel Xeon',
      totalMemoryBytes: 2 ** 30,
      virtual: true,
      virtualHost: 'KVM',
      error: 'systeminformation failed: lsb_release not found',
    })
    expect(inventory).not.toHaveProperty('platform')
    await readSystemInventory()
    expect(osInfo).toHaveBeenCalledTimes(2)
  })
})
