import { realpath, stat, statfs } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { invalidOption } from '../errors/codes'
import type { MetricsSource } from './metrics-source'
import { mountPointOf, readMountPoints } from './proc-files'
import type { Sample } from './sample'
import { checkAbsolutePath, checkPositiveInteger } from './source-options'

/** Options for {@link createDiskMetricsSource}. */
export interface DiskMetricsSourceOptions {
  /** Absolute paths whose file systems to watch. Default: `/`, plus the working directory when it is on another device. */
  paths?: readonly string[]
  /** How often to collect. Default 30 000 ms: disks fill slowly. */
  intervalMs?: number
  /** Where procfs is mounted, for `self/mountinfo`. Default `/proc`. */
  procRoot?: string
}

/** Defaults of {@link createDiskMetricsSource}. */
export const diskSourceDefaults = Object.freeze({ intervalMs: 30_000, procRoot: '/proc' })

interface DiskReading {
  readonly mount: string
  readonly utilization: number
  readonly availableBytes: number
}

/**
 * Disk space per mount, from `fs.promises.statfs` (no `df` child process), labelled `{ mount }`.
 *
 * Each path is reported under the mount point that holds it (found in `/proc/self/mountinfo`, else the path as
 * given), once per mount. A path that cannot be read is skipped; the collect fails only when every path fails.
 *
 * @example
 * const disks = createDiskMetricsSource({ paths: ['/', '/var/lib/postgresql'] })
 * // { metric: 'disk.utilization', value: 71.4, labels: { mount: '/' } }, …
 */
export function createDiskMetricsSource(options: DiskMetricsSourceOptions = {}): MetricsSource {
  const { paths } = options
  const validPaths =
    Array.isArray(paths) &&
    paths.length > 0 &&
    paths.every((path) => typeof path === 'string' && isAbsolute(path))
  if (paths !== undefined && !validPaths)
    throw invalidOption('DiskMetricsSourceOptions.paths', 'a non-empty array of absolute paths', paths)
  checkPositiveInteger('DiskMetricsSourceOptions.intervalMs', options.intervalMs)
  checkAbsolutePath('DiskMetricsSourceOptions.procRoot', options.procRoot)
  const procRoot = options.procRoot ?? diskSourceDefaults.procRoot
  let watched: Promise<readonly string[]> | undefined = paths && Promise.resolve(Object.freeze([...paths]))

  return {
    name: 'disk',
    intervalMs: options.intervalMs ?? diskSourceDefaults.intervalMs,
    async collect({ time }) {
      watched ??= defaultPaths()
      const targets = await watched
      const mountPoints = await readMountPoints(procRoot)
      const readings = await Promise.allSettled(targets.map((path) => readDisk(path, mountPoints)))
      const samples: Sample[] = []
      const seen = new Set<string>()
      const failures: { path: string; reason: unknown }[] = []
      readings.forEach((reading, index) => {
        if (reading.status === 'rejected') {
          failures.push({ path: targets[index] as string, reason: reading.reason })
          return
        }
        const disk = reading.value
        if (!disk || seen.has(disk.mount)) return
        seen.add(disk.mount)
        const labels = { mount: disk.mount }
        samples.push({ metric: 'disk.utilization', value: disk.utilization, time, labels })
        samples.push({ metric: 'disk.available_bytes', value: disk.availableBytes, time, labels })
      })
      if (failures.length === targets.length) {
        const paths = failures.map((failure) => failure.path).join(', ')
        throw new Error(`disk: statfs failed for every path (${paths})`, { cause: failures[0]?.reason })
      }
      return samples
    },
  }
}

/** One path's file system, or `undefined` for a pseudo file system with no blocks (procfs, sysfs). */
async function readDisk(
  path: string,
  mountPoints: readonly string[] | undefined,
): Promise<DiskReading | undefined> {
  const stats = await statfs(path)
  const used = stats.blocks - stats.bfree
  // Like df: the reserved blocks only root may use count neither as used nor as available.
  const usable = used + stats.bavail
  if (usable <= 0) return undefined
  const resolved = mountPoints ? await realpath(path).catch(() => path) : path
  return {
    mount: (mountPoints && mountPointOf(resolved, mountPoints)) ?? path,
    utilization: (used / usable) * 100,
    availableBytes: stats.bavail * stats.bsize,
  }
}

async function defaultPaths(): Promise<readonly string[]> {
  const cwd = process.cwd()
  try {
    const [root, here] = await Promise.all([stat('/'), stat(cwd)])
    return root.dev === here.dev ? ['/'] : ['/', cwd]
  } catch {
    return ['/']
  }
}
