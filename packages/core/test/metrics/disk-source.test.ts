import * as fsPromises from 'node:fs/promises'
import { realpath } from 'node:fs/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProactiveError } from '../../src/errors/proactive-error'
import { createDiskMetricsSource, diskSourceDefaults } from '../../src/metrics/disk-source'
import { createFixtureTree, type FixtureTree } from './fixture-tree'

// Passes through to the real statfs unless a test scripts it.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>()
  return { ...actual, statfs: vi.fn(actual.statfs) }
})
const statfs = vi.mocked(fsPromises.statfs)

let tree: FixtureTree | undefined
afterEach(async () => {
  await tree?.remove()
  tree = undefined
  statfs.mockClear()
})

const mountinfo = (...mountPoints: string[]) =>
  mountPoints
    .map(
      (mount, index) => `${20 + index} 1 0:${index} / ${mount.replaceAll(' ', '\\040')} rw - ext4 /dev/x rw`,
    )
    .join('\n')

describe('createDiskMetricsSource', () => {
  it('reports / on this machine with a utilisation between 0 and 100 % and positive available bytes', async () => {
    const samples = await createDiskMetricsSource().collect({ time: 42 })
    const root = samples.filter((sample) => sample.labels?.mount === '/')
    expect(root.map((sample) => sample.metric)).toEqual(['disk.utilization', 'disk.available_bytes'])
    expect(root[0]?.value).toBeGreaterThanOrEqual(0)
    expect(root[0]?.value).toBeLessThanOrEqual(100)
    expect(root[1]?.value).toBeGreaterThan(0)
    expect(root.every((sample) => sample.time === 42)).toBe(true)
  })

  it('computes utilisation like df: reserved blocks count neither as used nor as available', async () => {
    statfs.mockResolvedValueOnce({
      type: 0,
      bsize: 4096,
      blocks: 1000,
      bfree: 300,
      bavail: 250,
      files: 0,
      ffree: 0,
    })
    tree = await createFixtureTree({ 'proc/self/mountinfo': mountinfo('/') })
    const samples = await createDiskMetricsSource({ paths: ['/'], procRoot: tree.path('proc') }).collect({
      time: 0,
    })
    expect(samples).toEqual([
      { metric: 'disk.utilization', value: (700 / 950) * 100, time: 0, labels: { mount: '/' } },
      { metric: 'disk.available_bytes', value: 250 * 4096, time: 0, labels: { mount: '/' } },
    ])
  })

  it('labels each path with the mount point that holds it, from /proc/self/mountinfo, once per mount', async () => {
    tree = await createFixtureTree({ 'data/db/': '', 'data/logs/': '' })
    const dataMount = await realpath(tree.path('data'))
    await tree.write({ 'proc/self/mountinfo': mountinfo('/', '/proc', dataMount) })
    const source = createDiskMetricsSource({
      paths: ['/', tree.path('data/db'), tree.path('data/logs')],
      procRoot: tree.path('proc'),
    })
    const samples = await source.collect({ time: 0 })
    expect(samples.map((sample) => [sample.metric, sample.labels?.mount])).toEqual([
      ['disk.utilization', '/'],
      ['disk.available_bytes', '/'],
      ['disk.utilization', dataMount],
      ['disk.available_bytes', dataMount],
    ])
  })

  it('labels a path with itself when there is no mountinfo', async () => {
    tree = await createFixtureTree({ 'proc/': '', 'data/': '' })
    const source = createDiskMetricsSource({ paths: [tree.path('data')], procRoot: tree.path('proc') })
    const samples = await source.collect({ time: 0 })
    expect(samples.map((sample) => sample.labels?.mount)).toEqual([tree.path('data'), tree.path('data')])
  })

  it('skips a path that cannot be read and reports the others', async () => {
    const source = createDiskMetricsSource({ paths: ['/definitely/not/here', '/'] })
    const samples = await source.collect({ time: 0 })
    expect(new Set(samples.map((sample) => sample.labels?.mount))).toEqual(new Set(['/']))
  })

  it('fails the collect, naming the paths, only when every path fails', async () => {
    const source = createDiskMetricsSource({ paths: ['/definitely/not/here', '/nor/here'] })
    await expect(source.collect({ time: 0 })).rejects.toThrow(
      'disk: statfs failed for every path (/definitely/not/here, /nor/here)',
    )
  })

  it('leaves out pseudo file systems that have no blocks', async () => {
    statfs.mockResolvedValueOnce({ type: 0, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 })
    const samples = await createDiskMetricsSource({ paths: ['/proc', '/'] }).collect({ time: 0 })
    expect(samples.some((sample) => sample.labels?.mount === '/proc')).toBe(false)
    expect(samples.some((sample) => sample.labels?.mount === '/')).toBe(true)
  })

  it('collects every 30 s by default', () => {
    const source = createDiskMetricsSource()
    expect(source.name).toBe('disk')
    expect(source.intervalMs).toBe(30_000)
    expect(diskSourceDefaults.intervalMs).toBe(30_000)
    expect(Object.isFrozen(diskSourceDefaults)).toBe(true)
  })

  it('rejects an empty or relative list of paths with PROACTIVE_ERR_INVALID_OPTION', () => {
    expect(() => createDiskMetricsSource({ paths: [] })).toThrow(
      'DiskMetricsSourceOptions.paths must be a non-empty array of absolute paths, received []',
    )
    expect(() => createDiskMetricsSource({ paths: ['data'] })).toThrow(ProactiveError)
    expect(() => createDiskMetricsSource({ intervalMs: 0 })).toThrow(/intervalMs must be a positive integer/)
  })
})
