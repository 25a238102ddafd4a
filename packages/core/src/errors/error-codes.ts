import { ProactiveError } from './proactive-error'

/** A factory for one error code: call it with the message arguments to get a `ProactiveError`. */
export interface ErrorCode<Args extends unknown[]> {
  (...args: Args): ProactiveError
  readonly code: string
  readonly statusCode: number
}

const registry = new Map<string, { statusCode: number; meaning: string }>()

/**
 * Defines an error code once, with the HTTP status it maps to and a message builder.
 *
 * @example
 * const invalidOption = createErrorCode('PROACTIVE_ERR_INVALID_OPTION', 500, 'an option is invalid',
 *   (name: string, expected: string, received: unknown) => `${name} must be ${expected}, received ${String(received)}`)
 */
export function createErrorCode<Args extends unknown[]>(
  code: `PROACTIVE_ERR_${string}`,
  statusCode: number,
  meaning: string,
  format: (...args: Args) => string,
): ErrorCode<Args> {
  if (registry.has(code)) throw new Error(`error code ${code} is defined twice`)
  registry.set(code, { statusCode, meaning })
  const factory = (...args: Args) => new ProactiveError(code, format(...args), statusCode)
  return Object.assign(factory, { code, statusCode })
}

/** Every error code defined so far, for the docs table and its sync test. */
export function listErrorCodes(): { code: string; statusCode: number; meaning: string }[] {
  return [...registry].map(([code, entry]) => ({ code, ...entry }))
}
