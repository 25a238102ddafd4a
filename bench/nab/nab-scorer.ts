// NAB v1.1 scoring rules, written from the semantics of numenta/NAB `nab/sweeper.py` (the scorer that
// produced the published scoreboard): scaled sigmoid per row, the first detection of a window counts,
// false positives weighted by their distance past the preceding window, one threshold per profile
// swept over the whole corpus, normalised between the null detector and a perfect one.

/** A NAB application profile: the weights of true positives, false positives and false negatives. */
export interface NabProfile {
  readonly name: string
  readonly tpWeight: number
  readonly fpWeight: number
  readonly fnWeight: number
}

/** The three published profiles (NAB `config/profiles.json`). */
export const nabProfiles: readonly NabProfile[] = Object.freeze([
  Object.freeze({ name: 'standard', tpWeight: 1, fpWeight: 0.11, fnWeight: 1 }),
  Object.freeze({ name: 'reward_low_FP_rate', tpWeight: 1, fpWeight: 0.22, fnWeight: 1 }),
  Object.freeze({ name: 'reward_low_FN_rate', tpWeight: 1, fpWeight: 0.11, fnWeight: 2 }),
])

/** What the scorer needs of one file: its length, its windows (inclusive row ranges) and the detector's scores. */
export interface NabScoredFile {
  readonly name: string
  readonly windows: readonly (readonly [number, number])[]
  /** One anomaly score per row. */
  readonly scores: ArrayLike<number>
}

/** Row label: inside no window. */
export const outsideWindow = -1
/** Row label: in the probationary period, never scored. */
export const probationary = -2

/**
 * NAB's scaled sigmoid: ≈ 0.987 at the left edge of a window (−1), 0 at its right edge, −1 from 3 window
 * lengths past it.
 *
 * @example
 * scaledSigmoid(-1) // 0.9866142981514303
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1
}

/**
 * The rows at the start of a file that are never scored: 15 % of them, at most 750.
 *
 * @example
 * probationaryRows(4032) // 604
 */
export function probationaryRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750)
}

/**
 * The score each row would add if it were a detection, and the window it belongs to (`outsideWindow`,
 * `probationary` or the window's index).
 *
 * @example
 * rowWeights(4032, [[1000, 1400]], nabProfiles[0]).weight[1000] // 1 (a detection at the window start)
 */
export function rowWeights(
  rows: number,
  windows: readonly (readonly [number, number])[],
  profile: NabProfile,
): { weight: Float64Array; window: Int32Array } {
  const weight = new Float64Array(rows)
  const window = new Int32Array(rows)
  const maxTp = scaledSigmoid(-1)
  const probation = probationaryRows(rows)
  let next = 0
  let previousEnd = -1
  let previousWidth = 0
  for (let i = 0; i < rows; i++) {
    const current = windows[next]
    if (current && i >= current[0]) {
      const [start, end] = current
      const width = end - start + 1
      weight[i] = (scaledSigmoid(-(end - i + 1) / width) * profile.tpWeight) / maxTp
      window[i] = next
      if (i === end) {
        previousEnd = end
        previousWidth = width
        next++
      }
    } else {
      const position = previousEnd < 0 || previousWidth <= 1 ? 3 : (i - previousEnd) / (previousWidth - 1)
      weight[i] = scaledSigmoid(position) * profile.fpWeight
      window[i] = outsideWindow
    }
    if (i < probation) window[i] = probationary
  }
  return { weight, window }
}

/** Indices of the windows that have at least one scored row (the windows the null detector misses). */
function scoredWindows(rows: number, windows: readonly (readonly [number, number])[]): number {
  const probation = probationaryRows(rows)
  return windows.filter(([, end]) => end >= probation).length
}

/**
 * The raw NAB score of one file when every row scoring at least `threshold` is a detection.
 *
 * @example
 * scoreFile({ name: 'a.csv', windows: [[1000, 1400]], scores }, nabProfiles[0], 0.5)
 */
export function scoreFile(file: NabScoredFile, profile: NabProfile, threshold: number): number {
  const rows = file.scores.length
  const { weight, window } = rowWeights(rows, file.windows, profile)
  const best = file.windows.map(([, end]) => (end >= probationaryRows(rows) ? -profile.fnWeight : 0))
  let falsePositives = 0
  for (let i = 0; i < rows; i++) {
    if (window[i] === probationary || !(file.scores[i]! >= threshold)) continue
    if (window[i] === outsideWindow) falsePositives += weight[i]!
    else best[window[i]!] = Math.max(best[window[i]!]!, weight[i]!)
  }
  return best.reduce((sum, value) => sum + value, falsePositives)
}

/** The outcome of sweeping one profile's threshold over a corpus. */
export interface NabProfileResult {
  readonly profile: string
  readonly threshold: number
  readonly rawScore: number
  readonly nullScore: number
  readonly perfectScore: number
  /** 100 × (raw − null) / (perfect − null). */
  readonly score: number
}

/**
 * Sweeps one threshold over the whole corpus and keeps the one with the best total raw score.
 *
 * @example
 * sweepThreshold(files, nabProfiles[0]).score // normalised NAB score, 0 = null detector, 100 = perfect
 */
export function sweepThreshold(files: readonly NabScoredFile[], profile: NabProfile): NabProfileResult {
  let totalRows = 0
  for (const file of files) totalRows += file.scores.length
  const scores = new Float64Array(totalRows)
  const weights = new Float64Array(totalRows)
  const windowIds = new Int32Array(totalRows)
  let windowCount = 0
  let scorable = 0
  let nullScore = 0
  for (const file of files) {
    const rows = file.scores.length
    const { weight, window } = rowWeights(rows, file.windows, profile)
    nullScore -= scoredWindows(rows, file.windows) * profile.fnWeight
    for (let i = 0; i < rows; i++) {
      if (window[i] === probationary) continue
      scores[scorable] = file.scores[i]!
      weights[scorable] = weight[i]!
      windowIds[scorable] = window[i] === outsideWindow ? -1 : windowCount + window[i]!
      scorable++
    }
    windowCount += file.windows.length
  }
  const order = Uint32Array.from({ length: scorable }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!)
  const best = new Float64Array(windowCount).fill(-profile.fnWeight)
  let raw = nullScore
  let bestRaw = nullScore
  let bestThreshold = Infinity
  for (let k = 0; k < scorable; k++) {
    const row = order[k]!
    const id = windowIds[row]!
    if (id < 0) raw += weights[row]!
    else if (weights[row]! > best[id]!) {
      raw += weights[row]! - best[id]!
      best[id] = weights[row]!
    }
    // A threshold admits every row scoring at least it, so only the last row of a run of ties counts.
    const nextRow = order[k + 1]
    if ((nextRow === undefined || scores[nextRow] !== scores[row]) && raw > bestRaw) {
      bestRaw = raw
      bestThreshold = scores[row]!
    }
  }
  const perfectScore = (-nullScore / profile.fnWeight) * profile.tpWeight
  const score = (100 * (bestRaw - nullScore)) / (perfectScore - nullScore)
  return {
    profile: profile.name,
    threshold: bestThreshold,
    rawScore: bestRaw,
    nullScore,
    perfectScore,
    score,
  }
}
