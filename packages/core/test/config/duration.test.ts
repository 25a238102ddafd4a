import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../src/config/duration'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1500', 1500],
    ['0.5s', 500],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', 'fast', '5 minutes', 'm5', '5m garbage', '-5s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})
