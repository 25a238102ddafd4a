/**
 * The last `capacity` values in arrival order and in sorted order, for O(1) quantiles over a sliding window.
 * Each push costs O(capacity) element moves at worst and allocates nothing.
 *
 * @example
 * const window = createSortedWindow(5)
 * for (const value of [3, 1, 4, 1, 5, 9]) window.push(value)
 * window.quantile(0.5) // 4 (the median of 1, 4, 1, 5, 9)
 */
export interface SortedWindow {
  push(value: number): void
  /** The q-quantile (0–1) with linear interpolation; NaN while empty. */
  quantile(q: number): number
  readonly size: number
  readonly capacity: number
}

/**
 * Creates a {@link SortedWindow} holding at most `capacity` values.
 *
 * @example
 * const window = createSortedWindow(256)
 */
export function createSortedWindow(capacity: number): SortedWindow {
  const ring = new Float64Array(capacity)
  const sorted = new Float64Array(capacity)
  let head = 0
  let size = 0

  // First index whose value is >= value.
  const lowerBound = (value: number): number => {
    let lo = 0
    let hi = size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid]! < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  return {
    push(value) {
      if (size === capacity) {
        const at = lowerBound(ring[head]!)
        sorted.copyWithin(at, at + 1, size)
        size--
      }
      const at = lowerBound(value)
      sorted.copyWithin(at + 1, at, size)
      sorted[at] = value
      size++
      ring[head] = value
      head = (head + 1) % capacity
    },
    quantile(q) {
      if (size === 0) return NaN
      const position = q * (size - 1)
      const below = Math.floor(position)
      const above = Math.min(below + 1, size - 1)
      return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below)
    },
    get size() {
      return size
    },
    capacity,
  }
}
