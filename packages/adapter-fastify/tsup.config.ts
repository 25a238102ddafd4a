import { defineProactiveBuild } from '../../tsup.base'

export default defineProactiveBuild({ index: 'src/index.ts' })
