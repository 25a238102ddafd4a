import { describe, expect, it } from 'vitest'
import { createRollingMedian } from '../../../src/predictor/forecast/rolling-median'

describe('createRollingMedian', () => {
  it('is NaN before the first value', () => {
    expect(createRollingMedian(3).median()).toBeNaN()
  })

  it('gives the middle value of an odd window and the mean of the middle two of an even one', () => {
    const odd = createRollingMedian(3)
    for (const value of [5, 1, 9]) odd.push(value)
    expect(odd.median()).toBe(5)
    const even = createRollingMedian(4)
    for (const value of [5, 1, 9, 2]) even.push(value)
    expect(even.median()).toBe(3.5)
  })

  it('forgets values that leave the window, duplicates included', () => {
    const median = createRollingMedian(3)
    for (const value of [100, 100, 100, 1, 2, 3]) median.push(value)
    expect(median.median()).toBe(2)
  })

  it('matches a sort of the last values on a long random stream', () => {
    const median = createRollingMedian(12)
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 101)
    values.forEach((value, i) => {
      median.push(value)
      const window = values.slice(Math.max(0, i - 11), i + 1).sort((a, b) => a - b)
      const mid = window.length >>> 1
      const expected =
        window.length % 2 === 1
          ? (window[mid] as number)
          : ((window[mid - 1] as number) + (window[mid] as number)) / 2
      expect(median.median()).toBe(expected)
    })
  })
})
