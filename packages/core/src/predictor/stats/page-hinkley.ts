import { invalidOption } from '../../errors/codes'

/** Settings of a {@link PageHinkley} detector, in the units of the values fed to it. */
export interface PageHinkleyOptions {
  /** Drift tolerated before evidence accumulates: shifts smaller than this are ignored. */
  readonly delta: number
  /** Evidence (cumulative excess over the mean) needed to signal a change. */
  readonly lambda: number
  /** Samples needed before a change can be signalled. */
  readonly minSamples: number
  /** The running mean averages about this many newest samples (exponential forgetting). */
  readonly memory: number
  /** Each sample adds at most this much evidence, so one outlier cannot fire the test on its own. */
  readonly clip: number
}

/**
 * The one-sided (upward) Page–Hinkley change-point test: a CUSUM of `x − mean − delta` against its
 * running minimum, O(1) per sample. Call {@link PageHinkley.reset} after a change to learn the new level.
 *
 * @example
 * const test = new PageHinkley({ delta: 0.05, lambda: 3, minSamples: 30, memory: 360, clip: 1 })
 * test.update(Math.log(latencyMs)) // true once the level has shifted up
 */
export class PageHinkley {
  readonly options: PageHinkleyOptions
  #count = 0
  #mean = 0
  #cumulative = 0
  #minimum = 0

  constructor(options: PageHinkleyOptions) {
    for (const key of ['delta', 'lambda', 'minSamples', 'memory', 'clip'] as const) {
      const value = options[key]
      if (!Number.isFinite(value) || value < 0 || (key !== 'delta' && value === 0))
        throw invalidOption(`PageHinkley ${key}`, 'a positive finite number', value)
    }
    this.options = Object.freeze({ ...options })
  }

  /** The running mean: the reference level the test measures shifts from. */
  get mean(): number {
    return this.#mean
  }

  /** The current evidence for an upward shift (cumulative sum above its minimum). */
  get statistic(): number {
    return this.#cumulative - this.#minimum
  }

  /** Adds a value; returns true when the evidence for an upward shift exceeds `lambda`. */
  update(value: number): boolean {
    const { delta, lambda, minSamples, memory, clip } = this.options
    this.#count++
    this.#mean += (value - this.#mean) / Math.min(this.#count, memory)
    const excess = Math.max(-clip, Math.min(clip, value - this.#mean - delta))
    this.#cumulative += excess
    if (this.#cumulative < this.#minimum) this.#minimum = this.#cumulative
    return this.#count >= minSamples && this.statistic > lambda
  }

  /** Forgets everything, to learn a new reference level. */
  reset(): void {
    this.#count = 0
    this.#mean = 0
    this.#cumulative = 0
    this.#minimum = 0
  }
}
