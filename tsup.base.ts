import { defineConfig, type Options } from 'tsup'

/**
 * The one build every package shares: ESM + CJS + declarations, Node 20, no bundled dependencies.
 *
 * @example
 * export default defineProactiveBuild({ index: 'src/index.ts' })
 */
export function defineProactiveBuild(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    ...overrides,
  })
}
