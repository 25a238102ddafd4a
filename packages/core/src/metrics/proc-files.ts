import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

/** Aggregate CPU time of all CPUs, in clock ticks: busy time and total time. */
export interface CpuTimes {
  readonly busy: number
  readonly total: number
}

/** Host memory from `/proc/meminfo`, in bytes. */
export interface HostMemory {
  readonly totalBytes: number
  readonly availableBytes: number
}

/** Byte counters of one network interface. */
export interface InterfaceCounters {
  readonly receiveBytes: number
  readonly transmitBytes: number
}

/**
 * Reads a small kernel file (procfs, cgroupfs) synchronously, or `undefined` when it cannot be read.
 *
 * These files live in memory, not on disk, so a synchronous read costs microseconds and, unlike
 * `fs.promises`, does not queue behind the host's own file I/O in the libuv thread pool.
 *
 * @example
 * const stat = readKernelFile('/proc/stat')
 */
export function readKernelFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Parses the aggregate `cpu` line of `/proc/stat`. Busy is everything but idle and iowait, as in psutil.
 *
 * @example
 * parseProcStat('cpu  100 0 50 800 50 0 0 0 0 0\n') // { busy: 150, total: 1000 }
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n', 1)[0] ?? ''
  if (!line.startsWith('cpu ')) return undefined
  // user nice system idle iowait irq softirq steal; guest and guest_nice are already counted in user and nice.
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number)
  if (fields.length < 4 || fields.some((field) => !Number.isFinite(field))) return undefined
  const total = fields.reduce((sum, field) => sum + field, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}

/**
 * Parses `/proc/meminfo`. Available is `MemAvailable`, or free + buffers + cached on kernels before 3.14.
 *
 * @example
 * parseMeminfo('MemTotal: 1000 kB\nMemAvailable: 250 kB\n') // { totalBytes: 1024000, availableBytes: 256000 }
 */
export function parseMeminfo(text: string): HostMemory | undefined {
  const kib = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s+(\d+)/.exec(line)
    if (match) kib.set(match[1] as string, Number(match[2]))
  }
  const total = kib.get('MemTotal')
  if (total === undefined) return undefined
  const available =
    kib.get('MemAvailable') ??
    (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0)
  return { totalBytes: total * 1024, availableBytes: available * 1024 }
}

/**
 * Parses `/proc/net/dev` into byte counters per interface, leaving out the loopback interface.
 *
 * @example
 * parseNetDev(text).get('eth0') // { receiveBytes: 280472590, transmitBytes: 744628 }
 */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const counters = new Map<string, InterfaceCounters>()
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon === -1) continue
    const name = line.slice(0, colon).trim()
    if (name === 'lo' || name === '') continue
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number)
    const receiveBytes = fields[0]
    const transmitBytes = fields[8]
    if (receiveBytes === undefined || transmitBytes === undefined) continue
    if (!Number.isFinite(receiveBytes) || !Number.isFinite(transmitBytes)) continue
    counters.set(name, { receiveBytes, transmitBytes })
  }
  return counters
}

/**
 * Parses `/proc/self/mountinfo` into its mount points (field 5), with octal escapes such as `\040` decoded.
 *
 * @example
 * parseMountinfo('27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n') // ['/']
 */
export function parseMountinfo(text: string): string[] {
  const mounts: string[] = []
  for (const line of text.split('\n')) {
    const mountPoint = line.split(' ')[4]
    if (mountPoint)
      mounts.push(
        mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
      )
  }
  return mounts
}

/**
 * The mount point that holds an absolute path: the longest mount point that is the path or one of its parents.
 *
 * @example
 * mountPointOf('/var/lib/data', ['/', '/var', '/var/lib/data2']) // '/var'
 */
export function mountPointOf(path: string, mountPoints: readonly string[]): string | undefined {
  let best: string | undefined
  for (const mount of mountPoints) {
    const contains = mount === '/' || path === mount || path.startsWith(`${mount}/`)
    if (contains && (best === undefined || mount.length > best.length)) best = mount
  }
  return best
}

/**
 * Reads the mount points of this process's mount namespace, or `undefined` without `/proc` (macOS, Windows).
 *
 * @example
 * const mounts = await readMountPoints('/proc') // ['/', '/proc', '/sys', …]
 */
export async function readMountPoints(procRoot: string): Promise<string[] | undefined> {
  try {
    return parseMountinfo(await readFile(`${procRoot}/self/mountinfo`, 'utf8'))
  } catch {
    return undefined
  }
}
