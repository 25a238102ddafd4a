import { availableParallelism, cpus, totalmem } from 'node:os'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { ProactiveError } from '../../src/errors/proactive-error'
import type { MetricsSource } from '../../src/metrics/metrics-source'
import type { Sample } from '../../src/metrics/sample'
import { createSystemMetricsSource, systemSourceDefaults } from '../../src/metrics/system-source'
import { createFixtureTree, type FixtureTree } from './fixture-tree'

const mib = 2 ** 20
let tree: FixtureTree | undefined
afterEach(async () => {
  await tree?.remove()
  tree = undefined
})

/** `/proc/stat` whose aggregate line has the given user, system, idle and iowait ticks. */
const procStat = (user: number, system: number, idle: number, iowait: number) =>
  `cpu  ${user} 0 ${system} ${idle} ${iowait} 0 0 0 0 0\ncpu0 ${user} 0 ${system} ${idle} ${iowait} 0 0 0 0 0\n`

const netDev = (interfaces: Record<string, [number, number]>) =>
  [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    ...Object.entries(interfaces).map(
      ([name, [rx, tx]]) => `${name}: ${rx} 1 0 0 0 0 0 0 ${tx} 1 0 0 0 0 0 0`,
    ),
    '',
  ].join('\n')

/** A host with 8 000 000 kB of memory, 25 % of it in use, and two interfaces besides loopback. */
const hostFiles = {
  'proc/stat': procStat(1000, 500, 8000, 500),
  'proc/meminfo': 'MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n',
  'proc/net/dev': netDev({ lo: [5_000_000, 5_000_000], eth0: [1000, 2000], eth1: [500, 0] }),
}
/** One second later: 250 of 1000 ticks busy (25 %), lo traffic that must not count, 12 000 B in and 3 000 B out. */
const hostFilesLater = {
  'proc/stat': procStat(1200, 550, 8700, 550),
  'proc/net/dev': netDev({ lo: [9_000_000, 9_000_000], eth0: [11_000, 4000], eth1: [2500, 1000] }),
}

async function sourceOver(files: Record<string, string>) {
  tree = await createFixtureTree(files)
  const clock = createFakeClock()
  const source = createSystemMetricsSource({
    procRoot: tree.path('proc'),
    cgroupRoot: tree.path('cgroup'),
    clock,
  })
  return { tree, clock, source }
}

async function collect(source: MetricsSource, time = 0): Promise<Record<string, number>> {
  const samples: readonly Sample[] = await source.collect({ time })
  return Object.fromEntries(samples.map((sample) => [sample.metric, sample.value]))
}

describe('createSystemMetricsSource', () => {
  it('on a host without a cgroup, computes CPU from /proc/stat deltas and memory from /proc/meminfo', async () => {
    const { tree, clock, source } = await sourceOver(hostFiles)
    const first = await collect(source)
    expect(first).toEqual({
      'cpu.cores': availableParallelism(),
      'load.average_1m': expect.any(Number),
      'memory.utilization': 25,
      'memory.used_bytes': 2_000_000 * 1024,
      'memory.limit_bytes': 8_000_000 * 1024,
    })

    await tree.write(hostFilesLater)
    await clock.advance(2000)
    const second = await collect(source)
    expect(second['cpu.utilization']).toBe(25)
    expect(second['network.receive_bytes_per_second']).toBe(6000)
    expect(second['network.transmit_bytes_per_second']).toBe(1500)
  })

  it('in a cgroup v2 with cpu.max and memory.max, uses the quota and the limit instead of the host', async () => {
    const { tree, clock, source } = await sourceOver({
      ...hostFiles,
      'proc/self/cgroup': '0::/kubepods/pod1/api\n',
      'cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
      'cgroup/kubepods/pod1/api/cpu.max': '200000 100000\n',
      'cgroup/kubepods/pod1/api/cpu.stat': 'usage_usec 5000000\nuser_usec 4000000\nsystem_usec 1000000\n',
      'cgroup/kubepods/pod1/api/memory.max': `${512 * mib}\n`,
      'cgroup/kubepods/pod1/api/memory.current': '400000000\n',
      'cgroup/kubepods/pod1/api/memory.stat':
        'anon 250000000\nactive_file 50000000\ninactive_file 100000000\n',
    })
    const cores = Math.min(2, availableParallelism())
    expect(await collect(source)).toMatchObject({
      'cpu.cores': cores,
      'memory.used_bytes': 300_000_000,
      'memory.limit_bytes': 512 * mib,
      'memory.utilization': (300_000_000 / (512 * mib)) * 100,
    })

    // Half a core used in one second; the host's own /proc/stat moves differently and must not count.
    await tree.write({ ...hostFilesLater, 'cgroup/kubepods/pod1/api/cpu.stat': 'usage_usec 5500000\n' })
    await clock.advance(1000)
    expect((await collect(source))['cpu.utilization']).toBe((0.5 / cores) * 100)
  })

  it('in a cgroup v2 whose limits are max, falls back to the host', async () => {
    const { tree, clock, source } = await sourceOver({
      ...hostFiles,
      'proc/self/cgroup': '0::/\n',
      'cgroup/cgroup.controllers': 'cpu memory\n',
      'cgroup/cpu.max': 'max 100000\n',
      'cgroup/cpu.stat': 'usage_usec 5000000\n',
      'cgroup/memory.max': 'max\n',
      'cgroup/memory.current': '400000000\n',
    })
    expect(await collect(source)).toMatchObject({
      'cpu.cores': availableParallelism(),
      'memory.used_bytes': 2_000_000 * 1024,
      'memory.limit_bytes': 8_000_000 * 1024,
    })
    await tree.write({ ...hostFilesLater, 'cgroup/cpu.stat': 'usage_usec 9000000\n' })
    await clock.advance(1000)
    expect((await collect(source))['cpu.utilization']).toBe(25)
  })

  it('in a cgroup v1 with a CFS quota and a memory limit, uses cpuacct.usage and total_inactive_file', async () => {
    const { tree, clock, source } = await sourceOver({
      ...hostFiles,
      'proc/self/cgroup':
        '11:memory:/docker/3f2a9c\n4:cpu,cpuacct:/docker/3f2a9c\n1:name=systemd:/docker/3f2a9c\n',
      'cgroup/cpu,cpuacct/cpu.cfs_quota_us': '50000\n',
      'cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
      'cgroup/cpu,cpuacct/cpuacct.usage': '10000000000\n',
      'cgroup/memory/memory.limit_in_bytes': `${256 * mib}\n`,
      'cgroup/memory/memory.usage_in_bytes': '200000000\n',
      'cgroup/memory/memory.stat': 'inactive_file 1\ntotal_inactive_file 50000000\n',
    })
    expect(await collect(source)).toMatchObject({
      'cpu.cores': 0.5,
      'memory.used_bytes': 150_000_000,
      'memory.limit_bytes': 256 * mib,
      'memory.utilization': (150_000_000 / (256 * mib)) * 100,
    })
    // 0.2 s of CPU in one second, against a quota of half a core.
    await tree.write({ ...hostFilesLater, 'cgroup/cpu,cpuacct/cpuacct.usage': '10200000000\n' })
    await clock.advance(1000)
    expect((await collect(source))['cpu.utilization']).toBe(40)
  })

  it('in a cgroup v1 with the "unlimited" 9223372036854771712 limit and no quota, falls back to the host', async () => {
    const { tree, clock, source } = await sourceOver({
      ...hostFiles,
      'proc/self/cgroup': '11:memory:/\n4:cpu,cpuacct:/\n',
      'cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
      'cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
      'cgroup/cpu,cpuacct/cpuacct.usage': '10000000000\n',
      'cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      'cgroup/memory/memory.usage_in_bytes': '200000000\n',
    })
    expect(await collect(source)).toMatchObject({
      'cpu.cores': availableParallelism(),
      'memory.used_bytes': 2_000_000 * 1024,
      'memory.limit_bytes': 8_000_000 * 1024,
    })
    await tree.write({ ...hostFilesLater, 'cgroup/cpu,cpuacct/cpuacct.usage': '19000000000\n' })
    await clock.advance(1000)
    expect((await collect(source))['cpu.utilization']).toBe(25)
  })

  it('takes its first reading at start(), so the first collect already has rates', async () => {
    const { tree, clock, source } = await sourceOver(hostFiles)
    await source.start?.()
    await tree.write(hostFilesLater)
    await clock.advance(2000)
    expect(await collect(source)).toMatchObject({
      'cpu.utilization': 25,
      'network.receive_bytes_per_second': 6000,
    })
  })

  it('skips rates on a collect right after start() and keeps the older reading for the next one', async () => {
    const { tree, clock, source } = await sourceOver(hostFiles)
    await source.start?.()
    // Counters move a little before a collect that comes too soon; the rates must span from start() on.
    await tree.write({
      'proc/stat': procStat(1100, 500, 8000, 500),
      'proc/net/dev': netDev({ eth0: [6000, 2000], eth1: [500, 0] }),
    })
    const immediate = await collect(source)
    expect(immediate).not.toHaveProperty('cpu.utilization')
    expect(immediate).not.toHaveProperty('network.receive_bytes_per_second')

    await tree.write(hostFilesLater)
    await clock.advance(2000)
    expect(await collect(source)).toMatchObject({
      'cpu.utilization': 25,
      'network.receive_bytes_per_second': 6000,
    })
  })

  it('counts an interface that disappeared or was reset as zero, not as negative traffic', async () => {
    const { tree, clock, source } = await sourceOver(hostFiles)
    await collect(source)
    await tree.write({ 'proc/net/dev': netDev({ eth0: [0, 0], eth2: [777, 777] }) })
    await clock.advance(1000)
    expect(await collect(source)).toMatchObject({
      'network.receive_bytes_per_second': 0,
      'network.transmit_bytes_per_second': 0,
    })
  })

  it('without /proc, falls back to os.cpus() and os.totalmem() and reports no network', async () => {
    const { clock, source } = await sourceOver({ 'proc/': '' })
    await collect(source)
    // os.cpus() counts in milliseconds; let some ticks pass so the delta is not empty.
    const until = Date.now() + 50
    while (Date.now() < until) Math.sqrt(Math.random())
    await clock.advance(1000)
    const second = await collect(source)
    expect(second['memory.limit_bytes']).toBe(totalmem())
    expect(second['cpu.cores']).toBe(availableParallelism())
    if (cpus().length > 0) {
      expect(second['cpu.utilization']).toBeGreaterThanOrEqual(0)
      expect(second['cpu.utilization']).toBeLessThanOrEqual(100)
    }
    expect(second).not.toHaveProperty('network.receive_bytes_per_second')
  })

  it('rejects relative roots and a non-positive interval with PROACTIVE_ERR_INVALID_OPTION', () => {
    expect(() => createSystemMetricsSource({ procRoot: 'proc' })).toThrow(
      'SystemMetricsSourceOptions.procRoot must be an absolute path, received "proc"',
    )
    expect(() => createSystemMetricsSource({ intervalMs: -1 })).toThrow(ProactiveError)
    expect(() => createSystemMetricsSource({ cgroupRoot: '' })).toThrow(/cgroupRoot/)
  })

  it('is named system and has frozen defaults for /proc and /sys/fs/cgroup', () => {
    expect(createSystemMetricsSource().name).toBe('system')
    expect(createSystemMetricsSource({ intervalMs: 5000 }).intervalMs).toBe(5000)
    expect(systemSourceDefaults).toEqual({ procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup' })
    expect(Object.isFrozen(systemSourceDefaults)).toBe(true)
  })
})

describe('createSystemMetricsSource on this machine', () => {
  it('reports plausible CPU and memory', async () => {
    const source = createSystemMetricsSource()
    await source.start?.()
    // A real rate needs real time to pass: /proc/stat counts in 10 ms ticks.
    await delay(150)
    const values = await collect(source)
    expect(values['cpu.utilization']).toBeGreaterThanOrEqual(0)
    expect(values['cpu.utilization']).toBeLessThanOrEqual(100)
    expect(values['cpu.cores']).toBeGreaterThan(0)
    expect(values['memory.utilization']).toBeGreaterThan(0)
    expect(values['memory.utilization']).toBeLessThanOrEqual(100)
    expect(values['memory.used_bytes']).toBeGreaterThan(0)
    expect(values['memory.limit_bytes']).toBeGreaterThanOrEqual(values['memory.used_bytes'] ?? Infinity)
    if (process.platform === 'linux')
      expect(values['network.receive_bytes_per_second']).toBeGreaterThanOrEqual(0)
  })

  it('keeps working over many collects in a row', async () => {
    const source = createSystemMetricsSource()
    for (let index = 0; index < 60; index++) {
      const values = await collect(source, index)
      expect(values['cpu.cores']).toBeGreaterThan(0)
      expect(values['memory.used_bytes']).toBeGreaterThan(0)
    }
  })
})
