import { describe, expect, it } from 'vitest'
import type { StoredRecord } from '../storage/storage'
import type { ConformanceContext } from './storage-conformance'

const start = Date.parse('2026-01-01T00:00:00Z')
/** Epoch ms of `seconds` after the suite's start time. */
const at = (seconds: number) => start + seconds * 1000
const alert = (id: string, seconds: number, type?: string, data: unknown = { id }): StoredRecord =>
  type === undefined ? { id, time: at(seconds), data } : { id, time: at(seconds), type, data }
const ids = (records: readonly StoredRecord[]) => records.map((record) => record.id)

/** The record half of the storage conformance suite. */
export function describeRecordConformance({ storage }: ConformanceContext): void {
  describe('records', () => {
    it('puts a record and gets it back by id', async () => {
      const record = alert('cpu-1', 0, 'firing', { metric: 'cpu.utilization', value: 92.5, threshold: 85 })
      await storage().putRecord('alerts', record)
      expect(await storage().getRecord('alerts', 'cpu-1')).toEqual(record)
    })

    it('returns undefined for an id it does not have', async () => {
      await storage().putRecord('alerts', alert('a', 0))
      expect(await storage().getRecord('alerts', 'missing')).toBeUndefined()
    })

    it('omits type when a record has none', async () => {
      await storage().putRecord('alerts', alert('a', 0))
      const record = await storage().getRecord('alerts', 'a')
      expect(record).toEqual({ id: 'a', time: at(0), data: { id: 'a' } })
      expect(record && 'type' in record ? record.type : undefined).toBeUndefined()
    })

    it('replaces a record that is put again with the same id', async () => {
      await storage().putRecord('alerts', alert('a', 0, 'firing', { state: 1 }))
      await storage().putRecord('alerts', alert('a', 5, 'resolved', { state: 2 }))
      expect(await storage().getRecord('alerts', 'a')).toEqual(alert('a', 5, 'resolved', { state: 2 }))
      expect(await storage().listRecords('alerts')).toHaveLength(1)
    })

    it('lists records newest first', async () => {
      for (const [id, seconds] of [
        ['b', 2],
        ['a', 1],
        ['d', 4],
        ['c', 3],
      ] as const)
        await storage().putRecord('alerts', alert(id, seconds))
      expect(ids(await storage().listRecords('alerts'))).toEqual(['d', 'c', 'b', 'a'])
    })

    it('lists only the records of the given type', async () => {
      await storage().putRecord('alerts', alert('a', 1, 'firing'))
      await storage().putRecord('alerts', alert('b', 2, 'resolved'))
      await storage().putRecord('alerts', alert('c', 3, 'firing'))
      await storage().putRecord('alerts', alert('d', 4))
      expect(ids(await storage().listRecords('alerts', { type: 'firing' }))).toEqual(['c', 'a'])
    })

    it('lists only the records between from and to, inclusive', async () => {
      for (const seconds of [1, 2, 3, 4, 5])
        await storage().putRecord('alerts', alert(`r${seconds}`, seconds))
      expect(ids(await storage().listRecords('alerts', { from: at(2), to: at(4) }))).toEqual([
        'r4',
        'r3',
        'r2',
      ])
    })

    it('returns only the newest N records when limit is set, after the other filters', async () => {
      for (const seconds of [1, 2, 3, 4, 5])
        await storage().putRecord('alerts', alert(`r${seconds}`, seconds, seconds % 2 === 0 ? 'even' : 'odd'))
      expect(ids(await storage().listRecords('alerts', { limit: 2 }))).toEqual(['r5', 'r4'])
      expect(ids(await storage().listRecords('alerts', { type: 'odd', to: at(4), limit: 1 }))).toEqual(['r3'])
    })

    it('returns an empty list for a collection without records', async () => {
      expect(await storage().listRecords('reports')).toEqual([])
    })

    it('keeps collections independent', async () => {
      await storage().putRecord('alerts', alert('same-id', 1, undefined, { from: 'alerts' }))
      await storage().putRecord('fixes', alert('same-id', 2, undefined, { from: 'fixes' }))
      expect((await storage().getRecord('alerts', 'same-id'))?.data).toEqual({ from: 'alerts' })
      expect(await storage().deleteRecord('fixes', 'same-id')).toBe(true)
      expect((await storage().getRecord('alerts', 'same-id'))?.data).toEqual({ from: 'alerts' })
      expect(await storage().listRecords('fixes')).toEqual([])
    })

    it('deletes a record, answering true, then false once it is gone', async () => {
      await storage().putRecord('alerts', alert('a', 0))
      expect(await storage().deleteRecord('alerts', 'a')).toBe(true)
      expect(await storage().getRecord('alerts', 'a')).toBeUndefined()
      expect(await storage().deleteRecord('alerts', 'a')).toBe(false)
    })

    it('keeps nested objects, arrays, unicode and numbers in data intact', async () => {
      const data = {
        nested: { deeper: { list: [1, { text: 'grüße' }, [true, null]] } },
        unicode: 'CPU à 92 % — 🚀 中文 \u2028 "quoted" \\ backslash',
        numbers: [0, -1.5, 1e21, Number.MAX_SAFE_INTEGER],
        empty: { object: {}, array: [], string: '' },
        flag: false,
      }
      await storage().putRecord('reports', alert('report', 0, 'daily', data))
      expect((await storage().getRecord('reports', 'report'))?.data).toEqual(data)
      expect((await storage().listRecords('reports'))[0]?.data).toEqual(data)
    })

    it('stores a copy, so mutating the object passed to putRecord changes nothing', async () => {
      const data = { tags: ['a'], detail: { count: 1 } }
      const record = { id: 'a', time: at(0), type: 'firing', data }
      await storage().putRecord('alerts', record)
      data.tags.push('b')
      data.detail.count = 2
      record.type = 'changed'
      expect(await storage().getRecord('alerts', 'a')).toEqual({
        id: 'a',
        time: at(0),
        type: 'firing',
        data: { tags: ['a'], detail: { count: 1 } },
      })
    })

    it('returns copies, so mutating a returned record changes nothing', async () => {
      await storage().putRecord('alerts', alert('a', 0, 'firing', { tags: ['a'] }))
      const fetched = (await storage().getRecord('alerts', 'a')) as { data: { tags: string[] } }
      fetched.data.tags.push('from-get')
      const [listed] = (await storage().listRecords('alerts')) as { data: { tags: string[] } }[]
      listed?.data.tags.push('from-list')
      expect((await storage().getRecord('alerts', 'a'))?.data).toEqual({ tags: ['a'] })
    })
  })

  describe('pruning records', () => {
    it('removes records older than the cutoff in every collection and keeps the cutoff and newer', async () => {
      for (const seconds of [5, 10, 15]) {
        await storage().putRecord('alerts', alert(`a${seconds}`, seconds))
        await storage().putRecord('fixes', alert(`f${seconds}`, seconds))
      }
      await storage().prune(at(10))
      expect(ids(await storage().listRecords('alerts'))).toEqual(['a15', 'a10'])
      expect(ids(await storage().listRecords('fixes'))).toEqual(['f15', 'f10'])
      expect(await storage().getRecord('alerts', 'a5')).toBeUndefined()
    })
  })
}
