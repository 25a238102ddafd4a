import { symlink } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { detectCgroup, readCgroupCpu, readCgroupMemory } from '../../src/metrics/cgroup'
import { createFixtureTree, type FixtureTree } from './fixture-tree'

const gib = 2 ** 30
let tree: FixtureTree | undefined
afterEach(async () => {
  await tree?.remove()
  tree = undefined
})

async function fixture(files: Record<string, string>) {
  tree = await createFixtureTree(files)
  return { tree, procRoot: tree.path('proc'), cgroupRoot: tree.path('cgroup') }
}

describe('detectCgroup', () => {
  it('returns undefined without /proc/self/cgroup', async () => {
    const { procRoot, cgroupRoot } = await fixture({ 'proc/stat': 'cpu  1 2 3 4\n', 'cgroup/': '' })
    expect(detectCgroup(procRoot, cgroupRoot)).toBeUndefined()
  })

  it('uses the v2 path of the process when it exists under the unified root', async () => {
    const { tree, procRoot, cgroupRoot } = await fixture({
      'proc/self/cgroup': '0::/system.slice/api.service\n',
      'cgroup/cgroup.controllers': 'cpu memory\n',
      'cgroup/system.slice/api.service/cpu.max': 'max 100000\n',
    })
    expect(detectCgroup(procRoot, cgroupRoot)).toEqual({
      version: 2,
      dir: tree.path('cgroup/system.slice/api.service'),
    })
  })

  it('falls back to the v2 root when the path is not there, as inside a container', async () => {
    const { procRoot, cgroupRoot } = await fixture({
      'proc/self/cgroup': '0::/docker/3f2a9c\n',
      'cgroup/cgroup.controllers': 'cpu memory\n',
    })
    expect(detectCgroup(procRoot, cgroupRoot)).toEqual({ version: 2, dir: cgroupRoot })
  })

  it('finds v1 controllers mounted under their joint name, with each path or the hierarchy root', async () => {
    const { tree, procRoot, cgroupRoot } = await fixture({
      'proc/self/cgroup': '12:memory:/kubepods/pod1\n4:cpu,cpuacct:/docker/3f2a9c\n1:name=systemd:/\n0::/\n',
      'cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
      'cgroup/memory/kubepods/pod1/memory.limit_in_bytes': '1073741824\n',
    })
    expect(detectCgroup(procRoot, cgroupRoot)).toEqual({
      version: 1,
      cpuDir: tree.path('cgroup/cpu,cpuacct'),
      cpuacctDir: tree.path('cgroup/cpu,cpuacct'),
      memoryDir: tree.path('cgroup/memory/kubepods/pod1'),
    })
  })

  it('prefers the per-controller name of a v1 hierarchy, as systemd symlinks it', async () => {
    const { tree, procRoot, cgroupRoot } = await fixture({
      'proc/self/cgroup': '4:cpu,cpuacct:/\n',
      'cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
    })
    await symlink(tree.path('cgroup/cpu,cpuacct'), tree.path('cgroup/cpu'))
    expect(detectCgroup(procRoot, cgroupRoot)).toMatchObject({ version: 1, cpuDir: tree.path('cgroup/cpu') })
  })

  it('returns undefined when no v1 controller it reads is mounted', async () => {
    const { procRoot, cgroupRoot } = await fixture({ 'proc/self/cgroup': '3:pids:/\n', 'cgroup/pids/': '' })
    expect(detectCgroup(procRoot, cgroupRoot)).toBeUndefined()
  })
})

describe('readCgroupCpu', () => {
  it('reads a v2 quota in cores and the usage in microseconds', async () => {
    const { cgroupRoot } = await fixture({
      'cgroup/cpu.max': '150000 100000\n',
      'cgroup/cpu.stat': 'usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n',
    })
    expect(readCgroupCpu({ version: 2, dir: cgroupRoot })).toEqual({ cores: 1.5, usageMicros: 123456 })
  })

  it('reads a v1 quota and converts cpuacct.usage from nanoseconds', async () => {
    const { tree } = await fixture({
      'cgroup/cpu/cpu.cfs_quota_us': '250000\n',
      'cgroup/cpu/cpu.cfs_period_us': '100000\n',
      'cgroup/cpuacct/cpuacct.usage': '7000000\n',
    })
    const location = {
      version: 1,
      cpuDir: tree.path('cgroup/cpu'),
      cpuacctDir: tree.path('cgroup/cpuacct'),
    } as const
    expect(readCgroupCpu(location)).toEqual({ cores: 2.5, usageMicros: 7000 })
  })

  it('returns undefined without a quota', async () => {
    const { tree, cgroupRoot } = await fixture({
      'cgroup/cpu.max': 'max 100000\n',
      'cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      'cgroup/cpu/cpu.cfs_period_us': '100000\n',
    })
    expect(readCgroupCpu({ version: 2, dir: cgroupRoot })).toBeUndefined()
    expect(readCgroupCpu({ version: 1, cpuDir: tree.path('cgroup/cpu') })).toBeUndefined()
    expect(readCgroupCpu({ version: 2, dir: tree.path('cgroup/missing') })).toBeUndefined()
  })
})

describe('readCgroupMemory', () => {
  it('subtracts inactive file cache from v2 usage', async () => {
    const { cgroupRoot } = await fixture({
      'cgroup/memory.max': `${gib}\n`,
      'cgroup/memory.current': '700000000\n',
      'cgroup/memory.stat': 'anon 400000000\nactive_file 100000000\ninactive_file 200000000\n',
    })
    expect(readCgroupMemory({ version: 2, dir: cgroupRoot }, 16 * gib)).toEqual({
      usedBytes: 500000000,
      limitBytes: gib,
    })
  })

  it('subtracts the hierarchical total_inactive_file from v1 usage', async () => {
    const { tree } = await fixture({
      'cgroup/memory/memory.limit_in_bytes': `${gib}\n`,
      'cgroup/memory/memory.usage_in_bytes': '700000000\n',
      'cgroup/memory/memory.stat': 'inactive_file 1\ntotal_inactive_file 300000000\n',
    })
    expect(readCgroupMemory({ version: 1, memoryDir: tree.path('cgroup/memory') }, 16 * gib)).toEqual({
      usedBytes: 400000000,
      limitBytes: gib,
    })
  })

  it('treats max, the v1 "unlimited" value and limits at or above the host total as no limit', async () => {
    const { tree, cgroupRoot } = await fixture({
      'cgroup/memory.max': 'max\n',
      'cgroup/memory.current': '1\n',
      'cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      'cgroup/memory/memory.usage_in_bytes': '1\n',
      'cgroup/v1-host-sized/memory.limit_in_bytes': `${16 * gib}\n`,
      'cgroup/v1-host-sized/memory.usage_in_bytes': '1\n',
    })
    expect(readCgroupMemory({ version: 2, dir: cgroupRoot }, 16 * gib)).toBeUndefined()
    expect(readCgroupMemory({ version: 1, memoryDir: tree.path('cgroup/memory') }, 16 * gib)).toBeUndefined()
    const hostSized = { version: 1, memoryDir: tree.path('cgroup/v1-host-sized') } as const
    expect(readCgroupMemory(hostSized, 16 * gib)).toBeUndefined()
    expect(readCgroupMemory(hostSized, 32 * gib)).toEqual({ usedBytes: 1, limitBytes: 16 * gib })
  })
})
