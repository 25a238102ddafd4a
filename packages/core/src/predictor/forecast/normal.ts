import type { Forecast } from './forecaster'

/**
 * The standard normal CDF Φ(z) (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7).
 *
 * @example
 * normalCdf(1.2816) // ≈ 0.9
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1) (Abramowitz & Stegun 26.2.23, error below 4.5e-4).
 *
 * @example
 * normalQuantile(0.9) // ≈ 1.2816
 */
export function normalQuantile(p: number): number {
  if (p === 0.5) return 0
  const tail = p < 0.5 ? p : 1 - p
  const t = Math.sqrt(-2 * Math.log(tail))
  const z =
    t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  return p < 0.5 ? -z : z
}

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
