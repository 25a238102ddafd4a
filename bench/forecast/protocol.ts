// The pure rolling-origin protocol behind `pnpm bench:forecast`, kept apart from file reading so it
// can be tested on handmade series.

/** A model under test: fed every value in order, asked for the value `stepsAhead` steps later. */
export interface PointModel {
  update(time: number, value: number): void
  predict(stepsAhead: number): number | undefined
}

/** One series of the benchmark. */
export interface BenchSeries {
  readonly name: string
  readonly times: readonly number[]
  readonly values: readonly number[]
}

/** Per-series mean absolute error of each model and its ratio to the naive forecast. */
export interface SeriesScore {
  readonly name: string
  readonly origins: number
  readonly mae: Readonly<Record<string, number>>
  readonly ratio: Readonly<Record<string, number>>
}

/** How to run the protocol. */
export interface ProtocolOptions {
  /** Steps ahead to forecast (15 minutes at 5-minute steps is 3). */
  readonly horizonSteps: number
  /** Share of each series fed before the first origin (NAB's probationary 15 %). */
  readonly startFraction: number
}

/** The naive forecast: the last value seen. */
export function naiveModel(): PointModel {
  let last: number | undefined
  return {
    update: (_time, value) => {
      last = value
    },
    predict: () => last,
  }
}

/**
 * The mean of the last `window` values.
 *
 * @example
 * movingAverageModel(12) // one hour of 5-minute steps
 */
export function movingAverageModel(window: number): PointModel {
  const ring: number[] = []
  let next = 0
  let sum = 0
  return {
    update: (_time, value) => {
      if (ring.length < window) ring.push(value)
      else {
        sum -= ring[next] as number
        ring[next] = value
        next = (next + 1) % window
      }
      sum += value
    },
    predict: () => (ring.length === 0 ? undefined : sum / ring.length),
  }
}

/**
 * Rolling origin: for every origin t from `floor(startFraction × n)` to `n − 1 − horizonSteps`, each model has
 * seen values 0..t and forecasts value t + horizonSteps; the absolute errors are averaged. A model that has
 * no forecast yet is scored as naive. Ratios are MAE(model) / MAE(`naive`); the naive model is always run.
 *
 * @example
 * scoreSeries(series, { ma12: () => movingAverageModel(12) }, { horizonSteps: 3, startFraction: 0.15 })
 */
export function scoreSeries(
  series: BenchSeries,
  models: Readonly<Record<string, () => PointModel>>,
  options: ProtocolOptions,
): SeriesScore {
  const { values, times } = series
  const all: Record<string, () => PointModel> = { naive: naiveModel, ...models }
  const names = Object.keys(all)
  const running = names.map((name) => (all[name] as () => PointModel)())
  const errors = names.map(() => 0)
  const first = Math.floor(options.startFraction * values.length)
  const last = values.length - 1 - options.horizonSteps
  let origins = 0
  for (let t = 0; t <= last; t++) {
    const value = values[t] as number
    for (const model of running) model.update(times[t] as number, value)
    if (t < first) continue
    const actual = values[t + options.horizonSteps] as number
    running.forEach((model, i) => {
      const predicted = model.predict(options.horizonSteps) ?? value
      errors[i] = (errors[i] as number) + Math.abs(predicted - actual)
    })
    origins++
  }
  const mae: Record<string, number> = {}
  names.forEach((name, i) => (mae[name] = origins === 0 ? Number.NaN : (errors[i] as number) / origins))
  const ratio: Record<string, number> = {}
  for (const name of names) ratio[name] = (mae[name] as number) / (mae.naive as number)
  return { name: series.name, origins, mae, ratio }
}

/** The geometric mean of positive numbers. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length)
}

/** Parses NAB's `timestamp,value` CSV (timestamps `YYYY-MM-DD HH:MM:SS`, UTC). */
export function parseNabCsv(name: string, text: string): BenchSeries {
  const times: number[] = []
  const values: number[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.trim() === '') continue
    const comma = line.indexOf(',')
    const time = Date.parse(`${line.slice(0, comma).replace(' ', 'T')}Z`)
    const value = Number(line.slice(comma + 1))
    if (comma < 0 || !Number.isFinite(time) || !Number.isFinite(value))
      throw new Error(`${name}:${i + 1}: expected 'YYYY-MM-DD HH:MM:SS,value', got ${JSON.stringify(line)}`)
    times.push(time)
    values.push(value)
  }
  return { name, times, values }
}
