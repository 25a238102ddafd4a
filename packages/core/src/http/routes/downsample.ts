/**
 * Averages points into buckets of `stepMs`, each stamped with its bucket's start time.
 *
 * @example
 * downsample([[0, 1], [500, 3], [1000, 5]], 1000) // [[0, 2], [1000, 5]]
 */
export function downsample(
  points: readonly (readonly [number, number])[],
  stepMs: number,
): [number, number][] {
  const result: [number, number][] = []
  let bucket: number | undefined
  let sum = 0
  let count = 0
  for (const [time, value] of points) {
    const start = Math.floor(time / stepMs) * stepMs
    if (bucket !== undefined && start !== bucket) {
      result.push([bucket, sum / count])
      sum = 0
      count = 0
    }
    bucket = start
    sum += value
    count++
  }
  if (bucket !== undefined) result.push([bucket, sum / count])
  return result
}
