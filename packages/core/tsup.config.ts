import { defineProactiveBuild } from '../../tsup.base'

export default defineProactiveBuild({
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  'storage-sqlite': 'src/storage/sqlite-storage.ts',
  'storage-redis': 'src/storage/redis-storage.ts',
  'storage-postgres': 'src/storage/postgres-storage.ts',
  cli: 'src/cli/main.ts',
})
