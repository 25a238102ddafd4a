/**
 * True when an `import()` failed because the module is not installed. Walks `cause` too: bundlers and
 * test runners wrap the loader's error. Used to turn a missing optional peer into
 * `PROACTIVE_ERR_MISSING_DEPENDENCY`.
 *
 * @example
 * try { await import('pg') } catch (error) { if (isModuleNotFound(error)) throw missingDependency('pg', 'PostgreSQL storage') }
 */
export function isModuleNotFound(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown }
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true
    current = cause
  }
  return false
}
