import { describe, expect, it } from 'vitest'
import { RingBuffer } from '../../src/storage/ring-buffer'
import { ProactiveError } from '../../src/errors/proactive-error'

const filled = (capacity: number, times: readonly number[]) => {
  const ring = new RingBuffer(capacity)
  for (const time of times) ring.push(time, time * 10)
  return ring
}

describe('RingBuffer', () => {
  it('iterates its points oldest first', () => {
    expect([...filled(5, [1, 2, 3])]).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ])
  })

  it('evicts the oldest point once full', () => {
    const ring = filled(3, [1, 2, 3, 4, 5])
    expect(ring.length).toBe(3)
    expect([...ring].map(([time]) => time)).toEqual([3, 4, 5])
  })

  it('grows past its first allocation up to capacity, keeping order', () => {
    const times = Array.from({ length: 1_000 }, (_, index) => index)
    const ring = filled(700, times)
    expect(ring.length).toBe(700)
    expect([...ring].map(([time]) => time)).toEqual(times.slice(300))
  })

  it('answers newest() with the last point, or undefined when empty', () => {
    expect(new RingBuffer(2).newest()).toBeUndefined()
    expect(filled(2, [1, 2, 3]).newest()).toEqual([3, 30])
  })

  it('returns the points between from and to, inclusive, after wrapping around', () => {
    const ring = filled(4, [1, 2, 3, 4, 5, 6])
    expect(ring.range(4, 5)).toEqual([
      [4, 40],
      [5, 50],
    ])
    expect(ring.range(undefined, 3)).toEqual([[3, 30]])
    expect(ring.range(7)).toEqual([])
  })

  it('returns the newest N points of a range, oldest first, when limit is set', () => {
    const ring = filled(10, [1, 2, 3, 4, 5])
    expect(ring.range(undefined, 4, 2)).toEqual([
      [3, 30],
      [4, 40],
    ])
    expect(ring.range(undefined, undefined, 0)).toEqual([])
    expect(ring.range(undefined, undefined, 99)).toHaveLength(5)
  })

  it('inserts an out-of-order point at its place, so ranges stay sorted', () => {
    const ring = filled(10, [1, 3, 5])
    expect(ring.push(2, 20)).toBe(true)
    expect(ring.push(4, 40)).toBe(true)
    expect([...ring].map(([time]) => time)).toEqual([1, 2, 3, 4, 5])
    expect(ring.range(2, 4)).toEqual([
      [2, 20],
      [3, 30],
      [4, 40],
    ])
  })

  it('keeps equal times in the order they were pushed', () => {
    const ring = new RingBuffer(4)
    ring.push(1, 1)
    ring.push(2, 2)
    ring.push(1, 3)
    expect([...ring]).toEqual([
      [1, 1],
      [1, 3],
      [2, 2],
    ])
  })

  it('evicts the oldest point when an out-of-order point arrives while full', () => {
    const ring = filled(3, [1, 3, 5])
    expect(ring.push(4, 40)).toBe(true)
    expect([...ring].map(([time]) => time)).toEqual([3, 4, 5])
  })

  it('drops a point older than everything it holds when full, and says so', () => {
    const ring = filled(3, [5, 6, 7, 8])
    expect(ring.push(1, 10)).toBe(false)
    expect([...ring].map(([time]) => time)).toEqual([6, 7, 8])
  })

  it('drops the points older than a time and counts them', () => {
    const ring = filled(4, [1, 2, 3, 4, 5, 6])
    expect(ring.dropBefore(5)).toBe(2)
    expect([...ring].map(([time]) => time)).toEqual([5, 6])
    ring.push(7, 70)
    expect(ring.range()).toEqual([
      [5, 50],
      [6, 60],
      [7, 70],
    ])
    expect(ring.dropBefore(100)).toBe(3)
    expect(ring.length).toBe(0)
  })

  it('rejects a capacity that is not a positive integer, naming the value', () => {
    for (const capacity of [0, -1, 1.5])
      expect(() => new RingBuffer(capacity)).toThrow(
        expect.objectContaining({
          message: `RingBuffer capacity must be a positive integer, received ${capacity}`,
        }),
      )
    expect(() => new RingBuffer(0)).toThrow(ProactiveError)
  })
})
