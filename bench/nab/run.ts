// pnpm bench:nab [--out DIR] [--data DIR] — runs the anomaly detector over the NAB v1.1 corpus (one detector
// per file), scores it with the three NAB profiles and prints the scores and the detector's run time.
// --out DIR writes DIR/<category>/<file>.csv with timestamp,value,anomaly_score for every row.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createAnomalyDetector } from '../../packages/core/src/predictor/anomaly/anomaly-detector'
import { loadNabCorpus } from './nab-corpus'
import { nabProfiles, sweepThreshold } from './nab-scorer'

const here = dirname(fileURLToPath(import.meta.url))
const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    data: { type: 'string', default: resolve(here, '../../../shared/benchmarks/nab') },
  },
})

const files = loadNabCorpus(args.data!)
let rows = 0
const started = performance.now()
const scored = files.map((file) => {
  const detector = createAnomalyDetector()
  const scores = new Float64Array(file.values.length)
  for (let i = 0; i < scores.length; i++) scores[i] = detector.update(file.times[i]!, file.values[i]!)
  rows += scores.length
  return { name: file.name, windows: file.windows, scores }
})
const detectMs = performance.now() - started

console.log(`NAB v1.1: ${files.length} files, ${rows} rows`)
console.log(`detector: ${(detectMs / 1000).toFixed(2)} s, ${Math.round(rows / (detectMs / 1000))} rows/s`)
for (const profile of nabProfiles) {
  const result = sweepThreshold(scored, profile)
  console.log(
    `${profile.name.padEnd(20)} ${result.score.toFixed(1).padStart(5)}  (threshold ${result.threshold.toFixed(4)}, raw ${result.rawScore.toFixed(2)})`,
  )
}

if (args.out) {
  files.forEach((file, index) => {
    const scores = scored[index]!.scores
    const lines = ['timestamp,value,anomaly_score']
    for (let i = 0; i < scores.length; i++) lines.push(`${file.timestamps[i]},${file.values[i]},${scores[i]}`)
    const path = join(args.out!, file.name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${lines.join('\n')}\n`)
  })
  console.log(`anomaly scores written to ${args.out}`)
}
