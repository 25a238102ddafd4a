import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The version of @proactive/core, read from its package.json next to `dist/` or `src/`. */
export function packageVersion(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url))
  for (const candidate of [join(here, '..', 'package.json'), join(here, '..', '..', 'package.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string }
      if (parsed.name === '@proactive/core' && parsed.version) return parsed.version
    } catch {
      // try the next candidate
    }
  }
  return 'unknown'
}
