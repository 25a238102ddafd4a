import { describe, expect, it } from 'vitest'
import { createMemoryStorage, memoryStorageDefaults } from '../../src/storage/memory-storage'
import { runStorageConformance } from '../../src/testing'

runStorageConformance('memory', () => createMemoryStorage(), { bounded: true })

const start = Date.parse('2026-01-01T00:00:00Z')

describe('createMemoryStorage', () => {
  it('is named memory and uses the documented defaults', () => {
    expect(createMemoryStorage().name).toBe('memory')
    expect(memoryStorageDefaults).toEqual({
      maxPointsPerSeries: 10_800,
      maxSeries: 2_000,
      maxRecordsPerCollection: 1_000,
      maxLeases: 10_000,
    })
    expect(Object.isFrozen(memoryStorageDefaults)).toBe(true)
  })

  it('keeps at most maxPointsPerSeries points per series, the newest', async () => {
    const storage = createMemoryStorage({ maxPointsPerSeries: 3 })
    await storage.init()
    await storage.appendSamples(
      [1, 2, 3, 4, 5].map((index) => ({ metric: 'cpu', value: index, time: start + index })),
    )
    const [series] = await storage.querySamples({ metric: 'cpu' })
    expect(series?.points.map(([, value]) => value)).toEqual([3, 4, 5])
    expect(storage.stats().points).toBe(3)
  })

  it('drops and counts samples that would start a series beyond maxSeries', async () => {
    const storage = createMemoryStorage({ maxSeries: 2 })
    await storage.init()
    const route = (name: string) => ({
      metric: 'http.latency',
      value: 1,
      time: start,
      labels: { route: name },
    })
    await storage.appendSamples([route('/a'), route('/b'), route('/c'), route('/d'), route('/a')])
    expect((await storage.listSeries()).map((series) => series.labels.route)).toEqual(['/a', '/b'])
    expect(storage.stats()).toMatchObject({ series: 2, points: 3, droppedSeries: 2 })
  })

  it('frees series slots when prune empties a series', async () => {
    const storage = createMemoryStorage({ maxSeries: 1 })
    await storage.init()
    await storage.appendSamples([{ metric: 'old', value: 1, time: start }])
    await storage.prune(start + 1)
    await storage.appendSamples([{ metric: 'new', value: 2, time: start + 2 }])
    expect((await storage.listSeries()).map((series) => series.metric)).toEqual(['new'])
    expect(storage.stats().droppedSeries).toBe(0)
  })

  it('evicts the oldest record by time once a collection holds maxRecordsPerCollection', async () => {
    const storage = createMemoryStorage({ maxRecordsPerCollection: 3 })
    await storage.init()
    for (const [id, offset] of [
      ['b', 2],
      ['a', 1],
      ['c', 3],
      ['d', 4],
    ] as const)
      await storage.putRecord('alerts', { id, time: start + offset, data: {} })
    expect((await storage.listRecords('alerts')).map((record) => record.id)).toEqual(['d', 'c', 'b'])
    await storage.putRecord('fixes', { id: 'x', time: start, data: {} })
    expect(storage.stats().records).toBe(4)
  })

  it('counts samples skipped for a non-finite value or time', async () => {
    const storage = createMemoryStorage()
    await storage.init()
    await storage.appendSamples([
      { metric: 'cpu', value: Number.NaN, time: start },
      { metric: 'cpu', value: 1, time: Number.POSITIVE_INFINITY },
      { metric: 'cpu', value: 1, time: start },
    ])
    expect(storage.stats()).toMatchObject({ points: 1, skippedSamples: 2 })
  })

  it('rejects a record whose data cannot be copied with PROACTIVE_ERR_STORAGE', async () => {
    const storage = createMemoryStorage()
    await storage.init()
    await expect(
      storage.putRecord('alerts', { id: 'a', time: start, data: { run: () => 1 } }),
    ).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_STORAGE',
    })
  })

  it('rejects malformed queries and records with messages that name the value', async () => {
    const storage = createMemoryStorage()
    await storage.init()
    await expect(storage.querySamples({ metric: 'cpu', limit: -1 })).rejects.toThrow(
      'SampleQuery.limit must be a non-negative integer, received -1',
    )
    await expect(storage.listRecords('alerts', { from: Number.NaN })).rejects.toThrow(
      'RecordQuery.from must be an epoch-millisecond number, received "NaN"',
    )
    await expect(storage.putRecord('alerts', { id: '', time: start, data: {} })).rejects.toThrow(
      'record.id must be a non-empty string, received ""',
    )
    await expect(storage.prune(Number.NaN)).rejects.toMatchObject({ code: 'PROACTIVE_ERR_INVALID_OPTION' })
  })

  it('rejects a bound that is not a positive integer, naming the option and the value', () => {
    expect(() => createMemoryStorage({ maxSeries: 0 })).toThrow(
      'MemoryStorageOptions.maxSeries must be a positive integer, received 0',
    )
    expect(() => createMemoryStorage({ maxPointsPerSeries: 1.5 })).toThrow(
      'MemoryStorageOptions.maxPointsPerSeries must be a positive integer, received 1.5',
    )
    expect(() => createMemoryStorage({ maxRecordsPerCollection: -3 })).toThrow(
      expect.objectContaining({ code: 'PROACTIVE_ERR_INVALID_OPTION' }),
    )
  })
})
