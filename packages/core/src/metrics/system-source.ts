import { existsSync } from 'node:fs'
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os'
import type { Clock } from '../clock/clock'
import { realClock } from '../clock/real-clock'
import { detectCgroup, readCgroupCpu, readCgroupMemory, type CgroupCpu, type CgroupLocation } from './cgroup'
import type { MetricsSource } from './metrics-source'
import { parseMeminfo, parseNetDev, parseProcStat, readKernelFile } from './proc-files'
import type { CpuTimes, InterfaceCounters } from './proc-files'
import type { Sample } from './sample'
import { checkAbsolutePath, checkPositiveInteger, minRateWindowMs } from './source-options'

/** Options for {@link createSystemMetricsSource}. */
export interface SystemMetricsSourceOptions {
  /** How often to collect; the monitor's `sampleIntervalMs` when absent. */
  intervalMs?: number
  /** Where procfs is mounted. Default `/proc`; tests point it at a fixture tree. */
  procRoot?: string
  /** Where the cgroup hierarchy is mounted. Default `/sys/fs/cgroup`. */
  cgroupRoot?: string
  /** Measures the time between two collects, for rates. Default: the real clock. */
  clock?: Pick<Clock, 'monotonic'>
}

/** Defaults of {@link createSystemMetricsSource}. */
export const systemSourceDefaults = Object.freeze({ procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup' })

/** Cumulative counters read at one instant; rates are the difference of two of them. */
interface Counters {
  readonly atMs: number
  readonly cpu: CpuTimes | undefined
  /** Only read while the cgroup has a CPU quota. */
  readonly cgroupCpuMicros: number | undefined
  readonly network: ReadonlyMap<string, InterfaceCounters> | undefined
}

interface Memory {
  readonly usedBytes: number
  readonly limitBytes: number
}

/**
 * Host or container CPU, memory, load and network, read straight from `/proc` and the cgroup files.
 *
 * Container-aware: a cgroup (v1 or v2) CPU quota or memory limit wins over the host's totals. CPU and network
 * are rates over two readings, so the first collect leaves them out unless `start()` took the first reading.
 * Without `/proc` (macOS, Windows) CPU comes from `os.cpus()`, memory from `os.totalmem()`/`os.freemem()`, and
 * there are no network rates.
 *
 * @example
 * const proactive = createProactive({ sources: [createSystemMetricsSource()] })
 */
export function createSystemMetricsSource(options: SystemMetricsSourceOptions = {}): MetricsSource {
  checkPositiveInteger('SystemMetricsSourceOptions.intervalMs', options.intervalMs)
  checkAbsolutePath('SystemMetricsSourceOptions.procRoot', options.procRoot)
  checkAbsolutePath('SystemMetricsSourceOptions.cgroupRoot', options.cgroupRoot)
  const procRoot = options.procRoot ?? systemSourceDefaults.procRoot
  const cgroupRoot = options.cgroupRoot ?? systemSourceDefaults.cgroupRoot
  const clock = options.clock ?? realClock
  let host: { readonly linux: boolean; readonly cgroup: CgroupLocation | undefined } | undefined
  let previous: Counters | undefined

  const detect = () => {
    if (host) return host
    const linux = existsSync(`${procRoot}/stat`)
    host = { linux, cgroup: linux ? detectCgroup(procRoot, cgroupRoot) : undefined }
    return host
  }

  const readCounters = (linux: boolean, quota: CgroupCpu | undefined): Counters => ({
    atMs: clock.monotonic(),
    cpu: linux ? parseProcStat(readKernelFile(`${procRoot}/stat`) ?? '') : osCpuTimes(),
    cgroupCpuMicros: quota?.usageMicros,
    network: linux ? parseNetDev(readKernelFile(`${procRoot}/net/dev`) ?? '') : undefined,
  })

  const readMemory = (linux: boolean, cgroup: CgroupLocation | undefined): Memory => {
    const hostMemory = (linux ? parseMeminfo(readKernelFile(`${procRoot}/meminfo`) ?? '') : undefined) ?? {
      totalBytes: totalmem(),
      availableBytes: freemem(),
    }
    const limited = cgroup && readCgroupMemory(cgroup, hostMemory.totalBytes)
    return (
      limited ?? {
        usedBytes: hostMemory.totalBytes - hostMemory.availableBytes,
        limitBytes: hostMemory.totalBytes,
      }
    )
  }

  return {
    name: 'system',
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    start() {
      const { linux, cgroup } = detect()
      previous = readCounters(linux, cgroup && readCgroupCpu(cgroup))
    },
    collect({ time }) {
      const { linux, cgroup } = detect()
      const samples: Sample[] = []
      const emit = (metric: string, value: number | undefined) => {
        if (value !== undefined && Number.isFinite(value)) samples.push({ metric, value, time })
      }
      const quota = cgroup && readCgroupCpu(cgroup)
      const hostCores = availableParallelism()
      const cores = quota ? Math.min(quota.cores, hostCores) : hostCores
      const current = readCounters(linux, quota)
      const elapsedMs = previous ? current.atMs - previous.atMs : 0
      const baseline = previous && elapsedMs >= minRateWindowMs ? previous : undefined
      if (baseline) emit('cpu.utilization', cpuUtilization(baseline, current, cores, elapsedMs))
      emit('cpu.cores', cores)
      emit('load.average_1m', loadavg()[0])
      const memory = readMemory(linux, cgroup)
      if (memory.limitBytes > 0) {
        emit('memory.utilization', (memory.usedBytes / memory.limitBytes) * 100)
        emit('memory.used_bytes', memory.usedBytes)
        emit('memory.limit_bytes', memory.limitBytes)
      }
      if (baseline?.network && current.network) {
        const [received, transmitted] = networkDeltas(baseline.network, current.network)
        emit('network.receive_bytes_per_second', received / (elapsedMs / 1000))
        emit('network.transmit_bytes_per_second', transmitted / (elapsedMs / 1000))
      }
      // A collect too soon after the previous reading keeps the older baseline, for a longer window next time.
      if (!previous || baseline) previous = current
      return samples
    },
  }
}

function cpuUtilization(
  previous: Counters,
  current: Counters,
  cores: number,
  elapsedMs: number,
): number | undefined {
  if (previous.cgroupCpuMicros !== undefined && current.cgroupCpuMicros !== undefined) {
    return clampPercent(
      ((current.cgroupCpuMicros - previous.cgroupCpuMicros) / (cores * elapsedMs * 1000)) * 100,
    )
  }
  if (!previous.cpu || !current.cpu) return undefined
  const total = current.cpu.total - previous.cpu.total
  if (total <= 0) return undefined
  return clampPercent(((current.cpu.busy - previous.cpu.busy) / total) * 100)
}

/** Bytes received and sent since the previous reading; interfaces that appeared or were reset count from their next reading. */
function networkDeltas(
  previous: ReadonlyMap<string, InterfaceCounters>,
  current: ReadonlyMap<string, InterfaceCounters>,
): [number, number] {
  let received = 0
  let transmitted = 0
  for (const [name, now] of current) {
    const before = previous.get(name)
    if (!before) continue
    received += Math.max(0, now.receiveBytes - before.receiveBytes)
    transmitted += Math.max(0, now.transmitBytes - before.transmitBytes)
  }
  return [received, transmitted]
}

function osCpuTimes(): CpuTimes {
  let busy = 0
  let total = 0
  for (const { times } of cpus()) {
    const used = times.user + times.nice + times.sys + times.irq
    busy += used
    total += used + times.idle
  }
  return { busy, total }
}

/** Rounding and quota bursts can push a reading just past the bounds. */
function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value))
}
