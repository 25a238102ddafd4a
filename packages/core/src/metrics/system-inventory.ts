import { access, readFile } from 'node:fs/promises'
import type * as systeminformation from 'systeminformation'

/** Slow-changing facts about the machine, for the dashboard and incident reports. Fields si could not read are absent. */
export interface SystemInventory {
  readonly platform?: string
  readonly distro?: string
  readonly release?: string
  readonly kernel?: string
  readonly arch?: string
  readonly hostname?: string
  readonly cpuModel?: string
  readonly cpuSpeedGhz?: number
  readonly physicalCores?: number
  readonly logicalCores?: number
  readonly totalMemoryBytes?: number
  /** Hardware model, such as `Virtual machine` or `Docker Container`. */
  readonly systemModel?: string
  readonly virtual?: boolean
  /** The hypervisor when `virtual`, such as `KVM` or `VMware`. */
  readonly virtualHost?: string
  /** The container runtime when one is detectable: `docker`, `podman`, `kubernetes` or `lxc`. */
  readonly container?: string
  /** Why some facts are missing, when systeminformation failed. */
  readonly error?: string
}

let cached: Promise<SystemInventory> | undefined

/**
 * Reads OS, kernel, CPU, memory and virtualisation facts with systeminformation, once: later calls get the
 * cached result. Never throws; when systeminformation fails the result is partial, has `error`, and is not
 * cached so a later call tries again. systeminformation is imported only when this runs.
 *
 * @example
 * const { distro, kernel, cpuModel, logicalCores, container } = await readSystemInventory()
 */
export function readSystemInventory(): Promise<SystemInventory> {
  cached ??= collectInventory().then((inventory) => {
    if (inventory.error !== undefined) cached = undefined
    return inventory
  })
  return cached
}

async function collectInventory(): Promise<SystemInventory> {
  const container = await detectContainer()
  let si: typeof systeminformation
  try {
    si = await import('systeminformation')
  } catch (error) {
    return {
      ...(container ? { container } : {}),
      error: `systeminformation could not be loaded: ${messageOf(error)}`,
    }
  }
  const [os, cpu, memory, system] = await Promise.allSettled([si.osInfo(), si.cpu(), si.mem(), si.system()])
  const errors = [os, cpu, memory, system].flatMap((result) =>
    result.status === 'rejected' ? [messageOf(result.reason)] : [],
  )
  const dockerModel = system.status === 'fulfilled' && system.value.model === 'Docker Container'
  const runtime = container ?? (dockerModel ? 'docker' : undefined)
  const inventory: SystemInventory = {
    ...(os.status === 'fulfilled' && {
      platform: os.value.platform,
      distro: os.value.distro,
      release: os.value.release,
      kernel: os.value.kernel,
      arch: os.value.arch,
      hostname: os.value.hostname,
    }),
    ...(cpu.status === 'fulfilled' && {
      cpuModel: `${cpu.value.manufacturer} ${cpu.value.brand}`.trim(),
      cpuSpeedGhz: cpu.value.speed,
      physicalCores: cpu.value.physicalCores,
      logicalCores: cpu.value.cores,
    }),
    ...(memory.status === 'fulfilled' && { totalMemoryBytes: memory.value.total }),
    ...(system.status === 'fulfilled' && {
      systemModel: system.value.model,
      virtual: system.value.virtual,
      ...(system.value.virtualHost ? { virtualHost: system.value.virtualHost } : {}),
    }),
    ...(runtime !== undefined && { container: runtime }),
    ...(errors.length > 0 && { error: `systeminformation failed: ${errors.join('; ')}` }),
  }
  return inventory
}

/** Container runtimes leave marker files, environment variables or cgroup paths; none is certain on its own. */
async function detectContainer(): Promise<string | undefined> {
  if (process.env.KUBERNETES_SERVICE_HOST !== undefined) return 'kubernetes'
  if (await exists('/run/.containerenv')) return 'podman'
  if (await exists('/.dockerenv')) return 'docker'
  const cgroup = await readFile('/proc/1/cgroup', 'utf8').catch(() => '')
  if (cgroup.includes('kubepods')) return 'kubernetes'
  if (cgroup.includes('docker') || cgroup.includes('containerd')) return 'docker'
  if (cgroup.includes('lxc')) return 'lxc'
  return undefined
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
