import { defineConfig } from 'vitest/config'

// Tests run on the TypeScript sources of the workspace packages (the `@proactive/source`
// export condition), so `pnpm test` never depends on a stale build.
const conditions = ['@proactive/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
})
