// A child process that serves one bench variant and tells its parent the port.
import { startApp, type Variant } from './apps'

const variant = process.argv[2] as Variant
startApp(variant).then(
  (port) => process.send?.({ port }),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
