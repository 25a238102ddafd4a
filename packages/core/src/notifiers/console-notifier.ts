import type { Notification } from './notification'
import { checkName, deliveryFailure, type Notifier } from './notifier'
import { renderText } from './render-text'

/** Options for {@link createConsoleNotifier}. */
export interface ConsoleNotifierOptions {
  /** Where each rendering goes. Default: standard output. */
  write?: (text: string) => void
  /** Default 'console'. */
  name?: string
}

/** The defaults of {@link ConsoleNotifierOptions}. */
export const consoleNotifierDefaults = Object.freeze({ name: 'console' })

/**
 * A {@link Notifier} that writes a plain-text rendering, for development and CI logs.
 *
 * @example
 * const notifier = createConsoleNotifier({ write: (text) => lines.push(text) })
 */
export function createConsoleNotifier(options: ConsoleNotifierOptions = {}): Notifier {
  const name = checkName('ConsoleNotifierOptions.name', options.name ?? consoleNotifierDefaults.name)
  const write = options.write ?? ((text: string) => void process.stdout.write(text))
  const send = async (notification: Notification) => {
    try {
      write(`${renderText(notification)}\n\n`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw deliveryFailure(name, `write failed: ${reason}`, { retryable: false, cause: error })
    }
  }
  return Object.freeze({ name, send })
}
