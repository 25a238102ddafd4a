import { describe, expect, it } from 'vitest'
import type { SeriesInfo, SeriesPoints } from '../storage/storage'
import { seriesKey, type Labels, type Sample } from '../metrics/sample'
import type { ConformanceContext } from './storage-conformance'

const start = Date.parse('2026-01-01T00:00:00Z')
/** Epoch ms of `seconds` after the suite's start time. */
const at = (seconds: number) => start + seconds * 1000
const sample = (metric: string, seconds: number, value: number, labels?: Labels): Sample =>
  labels ? { metric, time: at(seconds), value, labels } : { metric, time: at(seconds), value }
const cpu = (seconds: number, value: number) => sample('cpu.utilization', seconds, value)
const disk = (mount: string, seconds: number, value: number, extra: Labels = {}) =>
  sample('disk.utilization', seconds, value, { mount, ...extra })

/** Series in a stable order, since backends may return them in any. */
function sorted<Entry extends SeriesPoints | SeriesInfo>(series: Entry[]): Entry[] {
  return [...series].sort((a, b) => (seriesKey(a.metric, a.labels) < seriesKey(b.metric, b.labels) ? -1 : 1))
}

/** The sample half of the storage conformance suite. */
export function describeSampleConformance({ storage, bounded }: ConformanceContext): void {
  describe('samples', () => {
    it('round-trips samples without labels, oldest first', async () => {
      await storage().appendSamples([cpu(0, 10), cpu(1, 20.5), cpu(2, -3)])
      expect(await storage().querySamples({ metric: 'cpu.utilization' })).toEqual([
        {
          metric: 'cpu.utilization',
          labels: {},
          points: [
            [at(0), 10],
            [at(1), 20.5],
            [at(2), -3],
          ],
        },
      ])
    })

    it('keeps series with different labels apart and returns their labels', async () => {
      await storage().appendSamples([disk('/', 0, 50), disk('/data', 0, 70), disk('/', 1, 51)])
      expect(sorted(await storage().querySamples({ metric: 'disk.utilization' }))).toEqual([
        {
          metric: 'disk.utilization',
          labels: { mount: '/' },
          points: [
            [at(0), 50],
            [at(1), 51],
          ],
        },
        { metric: 'disk.utilization', labels: { mount: '/data' }, points: [[at(0), 70]] },
      ])
    })

    it('selects only the series whose labels include every label of the filter', async () => {
      await storage().appendSamples([
        disk('/', 0, 50, { device: 'sda' }),
        disk('/data', 0, 70, { device: 'sdb' }),
        disk('/logs', 0, 20, { device: 'sdb' }),
      ])
      const bySdb = await storage().querySamples({ metric: 'disk.utilization', labels: { device: 'sdb' } })
      expect(sorted(bySdb).map((series) => series.labels.mount)).toEqual(['/data', '/logs'])
      const byBoth = await storage().querySamples({
        metric: 'disk.utilization',
        labels: { device: 'sdb', mount: '/logs' },
      })
      expect(byBoth.map((series) => series.points)).toEqual([[[at(0), 20]]])
      expect(
        await storage().querySamples({ metric: 'disk.utilization', labels: { mount: '/nope' } }),
      ).toEqual([])
      expect(await storage().querySamples({ metric: 'disk.utilization', labels: {} })).toHaveLength(3)
    })

    it('returns no series for a metric that was never sampled', async () => {
      await storage().appendSamples([cpu(0, 10)])
      expect(await storage().querySamples({ metric: 'memory.heap.used' })).toEqual([])
    })

    it('keeps metrics apart even when their labels are equal', async () => {
      await storage().appendSamples([sample('a', 0, 1, { x: '1' }), sample('b', 0, 2, { x: '1' })])
      expect(await storage().querySamples({ metric: 'a' })).toEqual([
        { metric: 'a', labels: { x: '1' }, points: [[at(0), 1]] },
      ])
    })

    it('treats from and to as inclusive bounds', async () => {
      await storage().appendSamples([0, 1, 2, 3, 4].map((second) => cpu(second, second)))
      const [series] = await storage().querySamples({ metric: 'cpu.utilization', from: at(1), to: at(3) })
      expect(series?.points).toEqual([
        [at(1), 1],
        [at(2), 2],
        [at(3), 3],
      ])
    })

    it('returns the newest N points, oldest first, when limit is set', async () => {
      await storage().appendSamples([0, 1, 2, 3, 4].map((second) => cpu(second, second * 10)))
      const [series] = await storage().querySamples({ metric: 'cpu.utilization', limit: 2 })
      expect(series?.points).toEqual([
        [at(3), 30],
        [at(4), 40],
      ])
    })

    it('applies limit per series, to the points between from and to', async () => {
      await storage().appendSamples(
        [0, 1, 2, 3, 4].flatMap((second) => [disk('/', second, second), disk('/data', second, -second)]),
      )
      const result = await storage().querySamples({ metric: 'disk.utilization', to: at(3), limit: 2 })
      expect(sorted(result).map((series) => series.points)).toEqual([
        [
          [at(2), 2],
          [at(3), 3],
        ],
        [
          [at(2), -2],
          [at(3), -3],
        ],
      ])
    })

    it('omits a series that has no points in the requested range', async () => {
      await storage().appendSamples([disk('/', 0, 1), disk('/data', 5, 2)])
      const result = await storage().querySamples({ metric: 'disk.utilization', from: at(3) })
      expect(result.map((series) => series.labels)).toEqual([{ mount: '/data' }])
    })

    it('returns points in time order even when they were appended out of order', async () => {
      await storage().appendSamples([cpu(2, 2), cpu(0, 0)])
      await storage().appendSamples([cpu(1, 1), cpu(3, 3)])
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      expect(series?.points).toEqual([0, 1, 2, 3].map((second) => [at(second), second]))
    })

    it('lists every series with its newest time and value', async () => {
      await storage().appendSamples([
        cpu(0, 10),
        cpu(2, 30),
        cpu(1, 20),
        disk('/', 5, 50),
        disk('/data', 4, 40),
      ])
      expect(sorted(await storage().listSeries())).toEqual([
        { metric: 'cpu.utilization', labels: {}, lastTime: at(2), lastValue: 30 },
        { metric: 'disk.utilization', labels: { mount: '/' }, lastTime: at(5), lastValue: 50 },
        { metric: 'disk.utilization', labels: { mount: '/data' }, lastTime: at(4), lastValue: 40 },
      ])
    })

    it('stores the samples of many series appended in one call', async () => {
      const routes = Array.from({ length: 100 }, (_, index) => `/route/${index}`)
      await storage().appendSamples(
        routes.flatMap((route, index) =>
          [0, 1, 2].map((second) => sample('http.latency', second, index, { route })),
        ),
      )
      const result = await storage().querySamples({ metric: 'http.latency' })
      expect(result).toHaveLength(100)
      for (const series of result)
        expect(series.points).toEqual(
          [0, 1, 2].map((second) => [at(second), routes.indexOf(series.labels.route ?? '')]),
        )
      expect(await storage().listSeries()).toHaveLength(100)
    })

    it('lands every sample of 20 concurrent appends', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, batch) =>
          storage().appendSamples([
            cpu(batch, batch),
            sample('batch.size', batch, batch, { batch: String(batch) }),
            sample('batch.size', batch + 0.5, batch, { batch: String(batch) }),
          ]),
        ),
      )
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      expect(series?.points).toEqual(Array.from({ length: 20 }, (_, batch) => [at(batch), batch]))
      const batches = await storage().querySamples({ metric: 'batch.size' })
      expect(batches).toHaveLength(20)
      expect(batches.every((entry) => entry.points.length === 2)).toBe(true)
    })

    it('skips NaN and Infinity values and stores the finite samples of the same append', async () => {
      await storage().appendSamples([
        cpu(0, 1),
        cpu(1, Number.NaN),
        cpu(2, Infinity),
        cpu(3, -Infinity),
        cpu(4, 5),
      ])
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      expect(series?.points).toEqual([
        [at(0), 1],
        [at(4), 5],
      ])
    })

    it('keeps what was appended even if the caller later mutates the sample labels', async () => {
      const labels: Record<string, string> = { mount: '/' }
      await storage().appendSamples([{ metric: 'disk.utilization', time: at(0), value: 1, labels }])
      labels.mount = '/changed'
      const [series] = await storage().querySamples({ metric: 'disk.utilization' })
      expect(series?.labels).toEqual({ mount: '/' })
    })

    it(`absorbs 20,000 points of one series in one append${bounded ? ', keeping the newest' : ''}`, async () => {
      const total = 20_000
      await storage().appendSamples(Array.from({ length: total }, (_, index) => cpu(index, index)))
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      const points = series?.points ?? []
      expect(points.at(-1)).toEqual([at(total - 1), total - 1])
      if (bounded) expect(points.length).toBeLessThanOrEqual(total)
      else expect(points).toHaveLength(total)
      const newest = await storage().querySamples({ metric: 'cpu.utilization', limit: 3 })
      expect(newest[0]?.points.map(([, value]) => value)).toEqual([total - 3, total - 2, total - 1])
    })
  })

  describe('pruning samples', () => {
    it('removes points older than the cutoff and keeps the cutoff and newer', async () => {
      await storage().appendSamples([cpu(5, 5), cpu(10, 10), cpu(15, 15)])
      await storage().prune(at(10))
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      expect(series?.points).toEqual([
        [at(10), 10],
        [at(15), 15],
      ])
    })

    it('drops a series from listSeries once all its points are pruned', async () => {
      await storage().appendSamples([disk('/', 1, 1), disk('/data', 20, 2)])
      await storage().prune(at(10))
      expect((await storage().listSeries()).map((series) => series.labels)).toEqual([{ mount: '/data' }])
      expect(await storage().querySamples({ metric: 'disk.utilization', labels: { mount: '/' } })).toEqual([])
    })

    it('accepts new samples for a series after pruning it empty', async () => {
      await storage().appendSamples([cpu(1, 1)])
      await storage().prune(at(10))
      await storage().appendSamples([cpu(20, 2)])
      const [series] = await storage().querySamples({ metric: 'cpu.utilization' })
      expect(series?.points).toEqual([[at(20), 2]])
    })
  })
}
