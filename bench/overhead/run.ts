// pnpm bench:overhead — the cost of Proactive to its host, side by side with the usual alternatives.
// Env: BENCH_DURATION_S (per run, default 10), BENCH_ROUNDS (default 3), BENCH_SAMPLING_S (default 60),
// BENCH_CONNECTIONS (default 50), BENCH_VARIANTS (comma-separated, default all).
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { variants, type Variant } from './apps'
import { simulateMemory } from './memory'
import { expressHotPathMicros } from './hot-path'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const durationS = Number(process.env.BENCH_DURATION_S ?? 10)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const samplingS = Number(process.env.BENCH_SAMPLING_S ?? 60)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const chosen = process.env.BENCH_VARIANTS?.split(',') ?? [...variants]

function child<T>(file: string, args: string[]): { process: ChildProcess; message: Promise<T> } {
  const proc = fork(here(file), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const message = new Promise<T>((resolve, reject) => {
    proc.once('message', (value) => resolve(value as T))
    proc.once('exit', (code) => reject(new Error(`${file} ${args.join(' ')} exited with ${code}`)))
  })
  return { process: proc, message }
}

interface Measured {
  requestsPerSecond: number
  p99Ms: number
  /** Server CPU time per request: the cost to the host, whatever the load generator manages. */
  cpuMicrosPerRequest: number
}

function cpuOf(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (value) => resolve((value as { cpuMicros: number }).cpuMicros))
    proc.send('cpu')
  })
}

async function load(variant: Variant): Promise<Measured> {
  const app = child<{ port: number }>('./app-child.ts', [variant])
  const { port } = await app.message
  const url = `http://127.0.0.1:${port}/hello/world`
  await autocannon({ url, connections, duration: 2 }) // warm-up
  const cpuBefore = await cpuOf(app.process)
  const result = await autocannon({ url, connections, duration: durationS })
  const cpuAfter = await cpuOf(app.process)
  app.process.kill()
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: (cpuAfter - cpuBefore) / result.requests.total,
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

async function throughput() {
  const runs = new Map<Variant, Measured[]>()
  for (let round = 1; round <= rounds; round++) {
    for (const variant of variants.filter((v) => chosen.includes(v))) {
      const measured = await load(variant)
      process.stderr.write(
        `round ${round} ${variant}: ${measured.requestsPerSecond.toFixed(0)} req/s, p99 ${measured.p99Ms} ms, ${measured.cpuMicrosPerRequest.toFixed(1)} µs CPU/request\n`,
      )
      runs.set(variant, [...(runs.get(variant) ?? []), measured])
    }
  }
  const summary = (variant: Variant) => {
    const list = runs.get(variant)
    if (!list) return undefined
    return {
      requestsPerSecond: median(list.map((m) => m.requestsPerSecond)),
      p99Ms: median(list.map((m) => m.p99Ms)),
      cpuMicrosPerRequest: median(list.map((m) => m.cpuMicrosPerRequest)),
    }
  }
  console.log(
    `\nThroughput: autocannon on loopback, ${connections} connections, ${durationS} s per run, median of ${rounds} rounds, GET /hello/:name`,
  )
  console.log(
    '"capacity vs bare" = bare CPU per request / this CPU per request: the share of bare throughput a CPU-bound server keeps.\n',
  )
  console.log('| app | requests/s | p99 ms | server CPU µs/request | requests/s vs bare | capacity vs bare |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const variant of variants) {
    const measured = summary(variant)
    const bare = summary(variant.startsWith('express') ? 'express-bare' : 'fastify-bare')
    if (!measured || !bare) continue
    const ratio = (100 * measured.requestsPerSecond) / bare.requestsPerSecond
    const capacity = (100 * bare.cpuMicrosPerRequest) / measured.cpuMicrosPerRequest
    console.log(
      `| ${variant} | ${measured.requestsPerSecond.toFixed(0)} | ${measured.p99Ms} | ${measured.cpuMicrosPerRequest.toFixed(1)} | ${ratio.toFixed(1)} % | ${capacity.toFixed(1)} % |`,
    )
  }
}

async function samplingCost() {
  const sampling = child<{ cpuMicros: number; samples: number }>('./sampling-child.ts', [
    'sampling',
    String(samplingS),
  ])
  const idle = child<{ cpuMicros: number }>('./sampling-child.ts', ['idle', String(samplingS)])
  const [withMonitor, baseline] = await Promise.all([sampling.message, idle.message])
  const perMinuteS = ((withMonitor.cpuMicros - baseline.cpuMicros) / 1e6) * (60 / samplingS)
  console.log(
    `\nSampling cost: real system, disk and process sources at 1 s for ${samplingS} s, minus an idle process`,
  )
  console.log(
    `CPU used by sampling: ${perMinuteS.toFixed(3)} CPU-seconds per minute = ${((100 * perMinuteS) / 60).toFixed(3)} % of one core (${withMonitor.samples} series)`,
  )
}

async function memory() {
  const rows = await simulateMemory()
  console.log(
    "\nMemory: default sources' series (32) on the fake clock at 1 s, memory storage, heap after GC",
  )
  console.log('| simulated time | heap used MB | stored points |')
  console.log('|---|---:|---:|')
  for (const row of rows) console.log(`| ${row.label} | ${row.heapMb.toFixed(1)} | ${row.points} |`)
}

function hotPath() {
  const { bare, adapter } = expressHotPathMicros()
  console.log(
    `\nExpress adapter hot path, in-process, 1,000,000 fake requests: ${(adapter - bare).toFixed(2)} µs added per request`,
  )
}

const only = process.argv[2]
if (!only || only === 'throughput') await throughput()
if (!only || only === 'throughput') hotPath()
if (!only || only === 'sampling') await samplingCost()
if (!only || only === 'memory') await memory()
