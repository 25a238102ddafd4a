/** An error thrown by a host route, as captured by an adapter (for the auto-fixer). */
export interface CapturedException {
  readonly time: number
  readonly name: string
  readonly message: string
  readonly code?: string
  readonly stack?: string
  readonly method?: string
  readonly route?: string
  readonly statusCode?: number
}

/** Turns anything thrown into a {@link CapturedException}, without throwing itself. */
export function toCapturedException(
  error: unknown,
  time: number,
  context: { method?: string; route?: string; statusCode?: number } = {},
): CapturedException {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {}
  const code = record.code
  return {
    time,
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: typeof record.message === 'string' ? record.message : String(error),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(typeof record.stack === 'string' ? { stack: record.stack.split('\n').slice(0, 20).join('\n') } : {}),
    ...context,
  }
}
