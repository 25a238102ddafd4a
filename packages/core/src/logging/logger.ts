/** The log levels Proactive uses, quietest last. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
/** One of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number]

/**
 * The logger Proactive writes to. A pino logger fits as is (`createProactive({ logger: pino() })`),
 * since pino accepts `(object, message)`.
 */
export interface Logger {
  debug(details: Record<string, unknown>, message: string): void
  info(details: Record<string, unknown>, message: string): void
  warn(details: Record<string, unknown>, message: string): void
  error(details: Record<string, unknown>, message: string): void
}

/**
 * A small JSON-lines logger on stderr, for when the host gives none.
 *
 * @example
 * const logger = createConsoleLogger('warn')
 * logger.warn({ source: 'system' }, 'metrics source failed')
 */
export function createConsoleLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = defaultWrite,
): Logger {
  const threshold = logLevels.indexOf(level)
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (details: Record<string, unknown>, message: string): void => {
      if (logLevels.indexOf(name) < threshold) return
      write(
        `${safeStringify({ level: name, time: new Date().toISOString(), name: 'proactive', msg: message, ...details })}\n`,
      )
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything. */
export const silentLogger: Logger = createConsoleLogger('silent')

function defaultWrite(line: string): void {
  process.stderr.write(line)
}

function safeStringify(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) =>
      inner instanceof Error
        ? { name: inner.name, message: inner.message, code: (inner as { code?: unknown }).code }
        : inner,
    )
  } catch {
    return JSON.stringify({ level: value.level, msg: value.msg })
  }
}
