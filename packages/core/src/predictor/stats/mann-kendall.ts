/**
 * The Mann–Kendall trend statistic S turned into a z score (normal approximation with continuity
 * correction). Positive z means rising. The variance leaves out the tie correction, which only makes
 * the test more conservative when values repeat.
 *
 * @example
 * mannKendallZ(40, 10) // ≈ 3.31, a significant rise at the 1 % level
 */
export function mannKendallZ(s: number, n: number): number {
  if (n < 3 || s === 0) return 0
  return (s - Math.sign(s)) / Math.sqrt(mannKendallVariance(n))
}

/**
 * The variance of S under the no-trend hypothesis, n(n − 1)(2n + 5) / 18.
 *
 * @example
 * mannKendallVariance(10) // 125
 */
export function mannKendallVariance(n: number): number {
  return (n * (n - 1) * (2 * n + 5)) / 18
}
