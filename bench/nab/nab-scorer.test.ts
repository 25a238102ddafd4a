import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadNabCorpus, parseNabCsv, parseNabTimestamp } from './nab-corpus'
import {
  nabProfiles,
  probationaryRows,
  rowWeights,
  scaledSigmoid,
  scoreFile,
  sweepThreshold,
  type NabScoredFile,
} from './nab-scorer'

const [standard, lowFp, lowFn] = nabProfiles as [
  (typeof nabProfiles)[0],
  (typeof nabProfiles)[0],
  (typeof nabProfiles)[0],
]

// 100 rows, probation 15 rows, one window of 20 rows: 40…59.
function file(detections: Record<number, number>, rows = 100, name = 'a.csv'): NabScoredFile {
  const scores = new Float64Array(rows)
  for (const [row, score] of Object.entries(detections)) scores[Number(row)] = score
  return { name, windows: [[40, 59]], scores }
}

describe('NAB scorer', () => {
  it('uses the published profiles and the scaled sigmoid', () => {
    expect(nabProfiles.map((p) => [p.name, p.tpWeight, p.fpWeight, p.fnWeight])).toEqual([
      ['standard', 1, 0.11, 1],
      ['reward_low_FP_rate', 1, 0.22, 1],
      ['reward_low_FN_rate', 1, 0.11, 2],
    ])
    expect(scaledSigmoid(-1)).toBeCloseTo(0.986614, 6) // 2·σ(5) − 1
    expect(scaledSigmoid(0)).toBe(0)
    expect(scaledSigmoid(3)).toBe(-1)
  })

  it('makes 15 % of the rows probationary, at most 750', () => {
    expect(probationaryRows(100)).toBe(15)
    expect(probationaryRows(4032)).toBe(604)
    expect(probationaryRows(22695)).toBe(750)
  })

  it('scores a perfect detector 100 and the null detector 0 on a small corpus', () => {
    const perfect = [file({ 40: 1 }), file({ 40: 1 }, 200, 'b.csv')]
    const none = [file({}), file({}, 200, 'b.csv')]
    for (const profile of nabProfiles) {
      expect(sweepThreshold(perfect, profile).score).toBeCloseTo(100, 10)
      expect(sweepThreshold(none, profile).score).toBe(0)
    }
    expect(sweepThreshold(none, lowFn)).toMatchObject({ nullScore: -4, perfectScore: 2 })
  })

  it('gives an early detection in a window more than a late one, and counts only the first', () => {
    expect(scoreFile(file({ 40: 1 }), standard, 0.5)).toBeCloseTo(1, 10)
    // row 58: position −(59 − 58 + 1) / 20 = −0.1 → (2·σ(0.5) − 1) / (2·σ(5) − 1) = 0.248242
    expect(scoreFile(file({ 58: 1 }), standard, 0.5)).toBeCloseTo(0.248242, 6)
    expect(scoreFile(file({ 40: 1, 45: 1, 58: 1 }), standard, 0.5)).toBeCloseTo(1, 10)
  })

  it('charges a false positive right after a window less than one far from any window', () => {
    // row 61: 2 rows past the window, position 2 / 19 → 0.11 · (2·σ(−10/19) − 1) = −0.028297, plus the missed window
    const near = scoreFile(file({ 61: 1 }), standard, 0.5)
    const far = scoreFile(file({ 95: 1 }, 200), standard, 0.5) // position 36 / 19 → −0.109983 (nearly −A_FP)
    const before = scoreFile(file({ 20: 1 }), standard, 0.5) // no window before: −A_FP
    expect(near).toBeCloseTo(-1 - 0.028297, 6)
    expect(far).toBeCloseTo(-1 - 0.109983, 6)
    expect(before).toBeCloseTo(-1.11, 10)
    expect(scoreFile(file({ 20: 1 }), lowFp, 0.5)).toBeCloseTo(-1.22, 10)
    expect(near).toBeGreaterThan(far)
    expect(far).toBeGreaterThan(before)
  })

  it('ignores detections in the probationary rows', () => {
    expect(scoreFile(file({ 5: 1 }), standard, 0.5)).toBe(-1)
    expect(rowWeights(100, [[40, 59]], standard).window[14]).toBe(-2)
    expect(sweepThreshold([file({ 5: 1, 40: 0.2 })], standard).threshold).toBe(0.2)
  })

  it('sweeps one threshold over the whole corpus and keeps the best', () => {
    const corpus = [
      file({ 40: 0.8, 80: 0.6 }), // a TP at the window start; an FP 21 rows past it
      file({ 90: 0.9 }, 100, 'b.csv'), // an FP 31 rows past the window
    ]
    const result = sweepThreshold(corpus, standard)
    expect(result.threshold).toBe(0.8)
    // at 0.8: file a detects its window (+1), file b misses it (−1) and has its FP (−0.109937)
    expect(result.rawScore).toBeCloseTo(-0.109937, 5)
    expect(result.score).toBeCloseTo((100 * (-0.109937 + 2)) / 4, 3)
    for (const threshold of [0.9, 0.6, 0])
      expect(result.rawScore).toBeGreaterThan(
        corpus.reduce((sum, f) => sum + scoreFile(f, standard, threshold), 0),
      )
  })
})

describe('NAB corpus files', () => {
  it('reads timestamps as UTC', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0))
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0))
  })

  it('names the file and line of a bad row', () => {
    expect(() => parseNabCsv('timestamp,value\n2014-04-10 07:15:00,x\n', 'a.csv')).toThrow('a.csv:2')
    expect(() => parseNabCsv('time,value\n', 'b.csv')).toThrow('b.csv:1')
  })
})

// NAB's published result file results/ARTime/realAdExchange/ARTime_exchange-3_cpc_results.csv (numenta/NAB)
// carries the sweeper's per-row score in its S(t) columns; these rows are copied from it.
const corpusRoot = fileURLToPath(new URL('../../../shared/benchmarks/nab', import.meta.url))
describe.skipIf(!existsSync(corpusRoot))('NAB scorer against the published S(t) columns', () => {
  it('gives every row the weight NAB gives it, for all three profiles', () => {
    const exchange = loadNabCorpus(corpusRoot).find(
      (f) => f.name === 'realAdExchange/exchange-3_cpc_results.csv',
    )!
    const published: [string, number, number, number][] = [
      ['2011-07-01 00:15:01', -0.11, -0.22, -0.11],
      ['2011-07-13 09:15:01', 1, 1, 1],
      ['2011-07-13 10:15:01', 0.9986127948543186, 0.9986127948543186, 0.9986127948543186],
      ['2011-07-14 11:15:01', 0.8526799504779677, 0.8526799504779677, 0.8526799504779677],
      ['2011-07-15 11:15:01', 0.049644914133534834, 0.049644914133534834, 0.049644914133534834],
      ['2011-07-15 12:15:01', -0.005495421245366803, -0.010990842490733605, -0.005495421245366803],
      ['2011-07-17 09:15:01', -0.10733174430345968, -0.21466348860691933, -0.10733174430345967],
      ['2011-07-19 08:15:01', -0.1099754362650615, -0.21995087253012302, -0.1099754362650615],
    ]
    const weights = nabProfiles.map(
      (profile) => rowWeights(exchange.values.length, exchange.windows, profile).weight,
    )
    for (const [stamp, ...expected] of published) {
      const row = exchange.timestamps.indexOf(stamp)
      expected.forEach((value, p) => expect(weights[p]![row]).toBeCloseTo(value, 12))
    }
  })
})
