import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readKernelFile } from './proc-files'

/** Where this process's cgroup lives: one directory on cgroup v2, one per controller on v1 (each may be missing). */
export type CgroupLocation =
  | { readonly version: 2; readonly dir: string }
  | {
      readonly version: 1
      readonly cpuDir?: string
      readonly cpuacctDir?: string
      readonly memoryDir?: string
    }

/** A CPU quota in cores, and the cgroup's cumulative CPU time in microseconds when it can be read. */
export interface CgroupCpu {
  readonly cores: number
  readonly usageMicros: number | undefined
}

/** Memory of a cgroup that has a limit, in bytes. Used leaves out reclaimable page cache (inactive files). */
export interface CgroupMemory {
  readonly usedBytes: number
  readonly limitBytes: number
}

interface CgroupLine {
  readonly hierarchy: string
  readonly controllers: readonly string[]
  readonly controllersField: string
  readonly path: string
}

/**
 * Finds this process's cgroup from `${procRoot}/self/cgroup`, or `undefined` outside Linux.
 *
 * cgroup v2 is used when `cgroupRoot` is a unified hierarchy (it has `cgroup.controllers`), else the v1
 * controller hierarchies `cpu`, `cpuacct` and `memory`. A path that does not exist under the mount falls back
 * to the mount itself: inside a container without a cgroup namespace, `/proc/self/cgroup` shows the host's
 * path while the container's own cgroup is mounted at the root.
 *
 * @example
 * detectCgroup('/proc', '/sys/fs/cgroup') // { version: 2, dir: '/sys/fs/cgroup' } in a Docker container
 */
export function detectCgroup(procRoot: string, cgroupRoot: string): CgroupLocation | undefined {
  const text = readKernelFile(`${procRoot}/self/cgroup`)
  if (text === undefined) return undefined
  const lines = parseCgroupLines(text)
  if (existsSync(join(cgroupRoot, 'cgroup.controllers'))) {
    const unified = lines.find((line) => line.hierarchy === '0' && line.controllersField === '')
    return { version: 2, dir: existingOrRoot(cgroupRoot, unified?.path ?? '/') }
  }
  const dirOf = (controller: string): string | undefined => {
    const line = lines.find((candidate) => candidate.controllers.includes(controller))
    if (!line) return undefined
    // The hierarchy is usually mounted (or symlinked) by controller name, else by its joint name ("cpu,cpuacct").
    const mount = [join(cgroupRoot, controller), join(cgroupRoot, line.controllersField)].find((dir) =>
      existsSync(dir),
    )
    return mount === undefined ? undefined : existingOrRoot(mount, line.path)
  }
  const cpuDir = dirOf('cpu')
  const cpuacctDir = dirOf('cpuacct')
  const memoryDir = dirOf('memory')
  if (cpuDir === undefined && cpuacctDir === undefined && memoryDir === undefined) return undefined
  return { version: 1, cpuDir, cpuacctDir, memoryDir }
}

/**
 * Reads the CPU quota of a cgroup, or `undefined` when it has none (`max` on v2, `-1` on v1).
 *
 * @example
 * readCgroupCpu({ version: 2, dir: '/sys/fs/cgroup' }) // { cores: 2, usageMicros: 81234567 } for cpu.max "200000 100000"
 */
export function readCgroupCpu(location: CgroupLocation): CgroupCpu | undefined {
  if (location.version === 2) {
    const [quota, period] = (readKernelFile(join(location.dir, 'cpu.max')) ?? '').trim().split(/\s+/)
    const cores = Number(quota) / Number(period)
    if (quota === 'max' || !(cores > 0) || !Number.isFinite(cores)) return undefined
    return { cores, usageMicros: readStatValue(join(location.dir, 'cpu.stat'), 'usage_usec') }
  }
  if (location.cpuDir === undefined) return undefined
  const quota = readNumber(join(location.cpuDir, 'cpu.cfs_quota_us'))
  const period = readNumber(join(location.cpuDir, 'cpu.cfs_period_us'))
  if (quota === undefined || period === undefined || !(quota > 0) || !(period > 0)) return undefined
  const usageNanos = readNumber(join(location.cpuacctDir ?? location.cpuDir, 'cpuacct.usage'))
  return { cores: quota / period, usageMicros: usageNanos === undefined ? undefined : usageNanos / 1000 }
}

/**
 * Reads the memory of a cgroup, or `undefined` when it has no real limit: `max`, or a limit at or above the
 * host's total (cgroup v1 reports "no limit" as 9223372036854771712).
 *
 * @example
 * readCgroupMemory({ version: 2, dir: '/sys/fs/cgroup' }, 16 * 2 ** 30) // { usedBytes: 301989888, limitBytes: 536870912 }
 */
export function readCgroupMemory(
  location: CgroupLocation,
  hostTotalBytes?: number,
): CgroupMemory | undefined {
  const [dir, limitFile, usageFile, inactiveKey] =
    location.version === 2
      ? [location.dir, 'memory.max', 'memory.current', 'inactive_file']
      : [location.memoryDir, 'memory.limit_in_bytes', 'memory.usage_in_bytes', 'total_inactive_file']
  if (dir === undefined) return undefined
  const limitBytes = readNumber(join(dir, limitFile))
  if (limitBytes === undefined || !(limitBytes > 0)) return undefined
  if (hostTotalBytes !== undefined && limitBytes >= hostTotalBytes) return undefined
  const usageBytes = readNumber(join(dir, usageFile))
  if (usageBytes === undefined) return undefined
  const inactiveBytes = readStatValue(join(dir, 'memory.stat'), inactiveKey) ?? 0
  return { usedBytes: Math.max(0, usageBytes - inactiveBytes), limitBytes }
}

function parseCgroupLines(text: string): CgroupLine[] {
  const lines: CgroupLine[] = []
  for (const line of text.split('\n')) {
    const first = line.indexOf(':')
    const second = line.indexOf(':', first + 1)
    if (first === -1 || second === -1) continue
    const controllersField = line.slice(first + 1, second)
    lines.push({
      hierarchy: line.slice(0, first),
      controllers: controllersField === '' ? [] : controllersField.split(','),
      controllersField,
      path: line.slice(second + 1).trim(),
    })
  }
  return lines
}

function existingOrRoot(root: string, path: string): string {
  const relative = path.replace(/^\/+|\/+$/g, '')
  if (relative === '') return root
  const dir = join(root, relative)
  return existsSync(dir) ? dir : root
}

/** A file holding one number; `max` and anything unparsable read as `undefined`. */
function readNumber(path: string): number | undefined {
  const text = readKernelFile(path)?.trim()
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

/** One value of a `key value` file such as `cpu.stat` or `memory.stat`. */
function readStatValue(path: string, key: string): number | undefined {
  const text = readKernelFile(path)
  if (text === undefined) return undefined
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text)
  return match ? Number(match[1]) : undefined
}
