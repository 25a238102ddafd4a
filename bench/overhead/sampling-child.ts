// A child process that samples with Proactive's real sources at 1 s (or idles, for the baseline) and
// reports the CPU time it used.
import { createProactive, silentLogger } from '@proactive/core'

const mode = process.argv[2] ?? 'sampling'
const seconds = Number(process.argv[3] ?? '60')

const proactive =
  mode === 'sampling' ? createProactive({ logger: silentLogger, sampleIntervalMs: 1000 }) : undefined
await proactive?.start()
const keepAlive = setInterval(() => {}, 1000)
const start = process.cpuUsage()
await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
const used = process.cpuUsage(start)
clearInterval(keepAlive)
await proactive?.stop()
process.send?.({ cpuMicros: used.user + used.system, samples: proactive?.monitor.latest().length ?? 0 })
