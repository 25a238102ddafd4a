// pnpm bench:overhead — the cost of Proactive to its host, side by side with the usual alternatives.
// Env: BENCH_DURATION_S (per run, default 10), BENCH_ROUNDS (default 2), BENCH_SAMPLING_S (default 60),
// BENCH_CONNECTIONS (default 50).
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { variants, type Variant } from './apps'
import { simulateMemory } from './memory'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const durationS = Number(process.env.BENCH_DURATION_S ?? 10)
const rounds = Number(process.env.BENCH_ROUNDS ?? 2)
const samplingS = Number(process.env.BENCH_SAMPLING_S ?? 60)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)

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

async function load(variant: Variant): Promise<{ requestsPerSecond: number; p99Ms: number }> {
  const app = child<{ port: number }>('./app-child.ts', [variant])
  const { port } = await app.message
  const url = `http://127.0.0.1:${port}/hello/world`
  await autocannon({ url, connections, duration: 2 }) // warm-up
  const result = await autocannon({ url, connections, duration: durationS })
  app.process.kill()
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 }
}

async function throughput() {
  const best = new Map<Variant, { requestsPerSecond: number; p99Ms: number }>()
  for (let round = 1; round <= rounds; round++) {
    for (const variant of variants) {
      const measured = await load(variant)
      process.stderr.write(
        `round ${round} ${variant}: ${measured.requestsPerSecond.toFixed(0)} req/s, p99 ${measured.p99Ms} ms\n`,
      )
      const previous = best.get(variant)
      if (!previous || measured.requestsPerSecond > previous.requestsPerSecond) best.set(variant, measured)
    }
  }
  console.log(
    `\nThroughput: autocannon, ${connections} connections, ${durationS} s per run, best of ${rounds} rounds, GET /hello/:name\n`,
  )
  console.log('| app | requests/s | p99 ms | vs bare |')
  console.log('|---|---:|---:|---:|')
  for (const variant of variants) {
    const measured = best.get(variant)
    const bare = best.get(variant.startsWith('express') ? 'express-bare' : 'fastify-bare')
    if (!measured || !bare) continue
    const ratio = (100 * measured.requestsPerSecond) / bare.requestsPerSecond
    console.log(
      `| ${variant} | ${measured.requestsPerSecond.toFixed(0)} | ${measured.p99Ms} | ${ratio.toFixed(1)} % |`,
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

const only = process.argv[2]
if (!only || only === 'throughput') await throughput()
if (!only || only === 'sampling') await samplingCost()
if (!only || only === 'memory') await memory()
