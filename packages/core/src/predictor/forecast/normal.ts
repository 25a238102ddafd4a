import type { Forecast } from './forecaster'
import { normalCdf, normalQuantile } from '../stats/normal'

/**
 * P(value ≥ level) under a split normal through the forecast: its mean, with the upper half's spread read
 * from `upper` and the lower half's from `lower`, each the `coverage` interval's bound.
 *
 * @example
 * probabilityAtLeast({ mean: 80, lower: 74, upper: 86 }, 85, 0.8) // ≈ 0.14
 */
export function probabilityAtLeast(forecast: Forecast, level: number, coverage: number): number {
  const z = normalQuantile((1 + coverage) / 2)
  const above = level >= forecast.mean
  const spread = (above ? forecast.upper - forecast.mean : forecast.mean - forecast.lower) / z
  if (!(spread > 0)) return above ? (level === forecast.mean ? 1 : 0) : 1
  return 1 - normalCdf((level - forecast.mean) / spread)
}
