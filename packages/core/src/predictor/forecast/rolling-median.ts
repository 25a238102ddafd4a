/** The median of the last `windowSteps` values, kept sorted so each update costs O(window). */
export interface RollingMedian {
  push(value: number): void
  /** The median of the window, or NaN before the first value. */
  median(): number
}

/**
 * Creates a rolling median over a fixed window.
 *
 * @example
 * const m = createRollingMedian(12); m.push(3); m.push(9); m.push(4); m.median() // 4
 */
export function createRollingMedian(windowSteps: number): RollingMedian {
  const ring = new Float64Array(windowSteps)
  const sorted: number[] = []
  let next = 0
  const insertAt = (value: number): number => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((sorted[mid] as number) < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    push(value) {
      if (sorted.length === windowSteps) sorted.splice(insertAt(ring[next] as number), 1)
      ring[next] = value
      next = (next + 1) % windowSteps
      sorted.splice(insertAt(value), 0, value)
    },
    median() {
      const n = sorted.length
      if (n === 0) return Number.NaN
      const mid = n >>> 1
      return n % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
    },
  }
}
