// pnpm bench:forecast — 15-minute-ahead CPU forecasts (3 steps at 5 minutes) on the NAB AWS CPU series,
// rolling origin from 15 % of each series, MAE relative to the naive forecast (geometric mean over series).
// Env: NAB_DIR (default ../shared/benchmarks/nab from the repository root).
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createForecaster } from '../../packages/core/src/predictor/forecast/forecaster'
import { geometricMean, movingAverageModel, parseNabCsv, scoreSeries, type PointModel } from './protocol'

const nabDir =
  process.env.NAB_DIR ?? fileURLToPath(new URL('../../../shared/benchmarks/nab', import.meta.url))
const files = [
  ...readdirSync(`${nabDir}/data/realAWSCloudwatch`)
    .filter((file) => file.includes('cpu'))
    .map((file) => `realAWSCloudwatch/${file}`),
  'realKnownCause/cpu_utilization_asg_misconfiguration.csv',
]
const horizonSteps = 3

/** The forecaster as a point model, also counting how often its interval holds the value. */
function forecasterModel(coverage: { inside: number; total: number }): PointModel {
  const forecaster = createForecaster()
  const pending: { upper: number; lower: number }[] = []
  return {
    update(time, value) {
      const due = pending.length === horizonSteps ? pending.shift() : undefined
      if (due) {
        coverage.total++
        if (value >= due.lower && value <= due.upper) coverage.inside++
      }
      forecaster.update(time, value)
      const forecast = forecaster.forecast(horizonSteps)
      pending.push(forecast ?? { lower: Number.NaN, upper: Number.NaN })
      if (!forecast) pending.length = 0
    },
    predict: (steps) => forecaster.forecast(steps)?.mean,
  }
}

const started = performance.now()
const coverage = { inside: 0, total: 0 }
let rows = 0
const scores = files.map((file) => {
  const series = parseNabCsv(file, readFileSync(`${nabDir}/data/${file}`, 'utf8'))
  rows += series.values.length
  return scoreSeries(
    series,
    { forecaster: () => forecasterModel(coverage), movingAverage1h: () => movingAverageModel(12) },
    { horizonSteps, startFraction: 0.15 },
  )
})
const seconds = (performance.now() - started) / 1000

const pad = (text: string, width: number) => text.padEnd(width)
console.log(`${pad('series', 58)} ${pad('forecaster', 11)} 1-hour MA`)
for (const score of scores)
  console.log(
    `${pad(score.name, 58)} ${pad((score.ratio.forecaster as number).toFixed(3), 11)} ${(score.ratio.movingAverage1h as number).toFixed(3)}`,
  )
const model = geometricMean(scores.map((score) => score.ratio.forecaster as number))
const movingAverage = geometricMean(scores.map((score) => score.ratio.movingAverage1h as number))
console.log(`\nMAE / naive MAE, geometric mean over ${scores.length} series (goal ≤ 0.80):`)
console.log(`  forecaster       ${model.toFixed(3)}`)
console.log(`  1-hour MA        ${movingAverage.toFixed(3)}`)
console.log(
  `  80 % interval    held the value ${((100 * coverage.inside) / coverage.total).toFixed(1)} % of the time`,
)
console.log(`  ${rows} rows in ${seconds.toFixed(2)} s`)
