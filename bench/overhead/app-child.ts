// A child process that serves one bench variant, tells its parent the port, and answers
// 'cpu' messages with the CPU time it has used so far (to price each request).
import { startApp, type Variant } from './apps'

const variant = process.argv[2] as Variant
process.on('message', (message) => {
  if (message === 'cpu') {
    const used = process.cpuUsage()
    process.send?.({ cpuMicros: used.user + used.system })
  }
})
startApp(variant).then(
  (port) => process.send?.({ port }),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
