const brand = Symbol.for('proactive.error')

/**
 * The one error class Proactive throws. Every instance carries a stable `code` (see docs/errors.md).
 *
 * `instanceof` works across two installed copies of the package because the check looks for a
 * shared symbol rather than the class identity.
 *
 * @example
 * try { createMonitor({ sampleIntervalMs: -1 }) } catch (error) {
 *   if (error instanceof ProactiveError && error.code === 'PROACTIVE_ERR_INVALID_OPTION') { … }
 * }
 */
export class ProactiveError extends Error {
  readonly code: string
  readonly statusCode: number
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: string,
    message: string,
    statusCode = 500,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'ProactiveError'
    this.code = code
    this.statusCode = statusCode
    this.details = Object.freeze({ ...details })
    Object.defineProperty(this, brand, { value: true })
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
  }
}
