import { createSortedWindow } from './sorted-window'

/**
 * How surprising the latest value is given the few before it: values are quantised into levels of the
 * recent range and the detector counts level sequences in fixed-size hash tables (a bounded order-k Markov
 * model, in the spirit of NAB's CAD OSE). Returns 1 − P(current level | previous levels).
 *
 * @example
 * const novelty = createContextNovelty({ levels: 8, order: 3, rangeSamples: 800 })
 * novelty.update(42) // 0 … 1
 */
export interface ContextNovelty {
  update(value: number): number
  /** Numbers held in fixed-size buffers. */
  stateSize(): number
}

/** Tuning of {@link createContextNovelty}. */
export interface ContextNoveltyTuning {
  readonly levels: number
  readonly order: number
  readonly rangeSamples: number
  /** log2 of the hash-table size. */
  readonly tableBits?: number
  /** Counts are halved every this many samples so old habits fade. */
  readonly halvingSamples?: number
}

/**
 * Creates a {@link ContextNovelty}. Hash collisions are accepted: they only make a rare pattern look a
 * little more familiar.
 *
 * @example
 * const novelty = createContextNovelty({ levels: 8, order: 3, rangeSamples: 800 })
 */
export function createContextNovelty(tuning: ContextNoveltyTuning): ContextNovelty {
  const { levels, order, rangeSamples } = tuning
  const halvingSamples = tuning.halvingSamples ?? 4000
  const range = createSortedWindow(rangeSamples)
  const size = 1 << (tuning.tableBits ?? 14)
  const mask = size - 1
  const contexts = new Float64Array(size)
  const prefixes = new Float64Array(size)
  const history = new Int32Array(Math.max(1, order - 1))
  // Symbols beyond the level range: no range yet, below it, above it.
  const symbols = levels + 3
  let seen = 0

  const quantise = (value: number): number => {
    if (range.size < 2) return levels
    const low = range.quantile(0)
    const high = range.quantile(1)
    if (value < low) return levels + 1
    if (value > high) return levels + 2
    return high > low ? Math.min(levels - 1, Math.floor(((value - low) / (high - low)) * levels)) : 0
  }

  return {
    update(value) {
      const level = quantise(value)
      range.push(value)
      let prefixHash = 0x811c9dc5
      for (let i = 0; i < order - 1; i++) prefixHash = Math.imul(prefixHash ^ history[i]!, 0x01000193)
      const p = prefixHash & mask
      const c = Math.imul(prefixHash ^ level, 0x01000193) & mask
      const probability = seen >= order ? (contexts[c]! + 0.1) / (prefixes[p]! + 0.1 * symbols) : 1
      contexts[c] = contexts[c]! + 1
      prefixes[p] = prefixes[p]! + 1
      history.copyWithin(0, 1)
      history[history.length - 1] = level
      seen++
      if (seen % halvingSamples === 0)
        for (let i = 0; i < size; i++) {
          contexts[i] = contexts[i]! / 2
          prefixes[i] = prefixes[i]! / 2
        }
      return Math.min(1, Math.max(0, 1 - probability))
    },
    stateSize: () => 2 * rangeSamples + 2 * size + history.length,
  }
}
