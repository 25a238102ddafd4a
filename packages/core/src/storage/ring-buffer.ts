import { invalidOption } from '../errors/codes'

/** Allocation of a new buffer; it doubles up to `capacity`, so sparse series stay small. */
const initialAllocation = 64

/**
 * A bounded, time-ordered series of `[time, value]` points on two Float64Arrays. Appending a point at
 * or after the newest is O(1); once full, each append evicts the oldest point.
 *
 * A point older than the newest (a skewed source) is inserted at its place, so iteration and
 * {@link RingBuffer.range} stay sorted; that costs a shift, O(n). When the buffer is full and the
 * point is older than every stored point, it is dropped and `push` returns false.
 *
 * @example
 * const ring = new RingBuffer(3)
 * for (const [time, value] of [[1000, 1], [2000, 2], [3000, 3], [4000, 4]]) ring.push(time, value)
 * ring.range(2500) // [[3000, 3], [4000, 4]]
 */
export class RingBuffer {
  /** The most points kept. */
  readonly capacity: number
  #times: Float64Array
  #values: Float64Array
  /** Physical index of the oldest point. */
  #head = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw invalidOption('RingBuffer capacity', 'a positive integer', capacity)
    this.capacity = capacity
    const allocation = Math.min(capacity, initialAllocation)
    this.#times = new Float64Array(allocation)
    this.#values = new Float64Array(allocation)
  }

  /** How many points are stored. */
  get length(): number {
    return this.#size
  }

  /** Adds a point; returns false when it was dropped (full, and older than every stored point). */
  push(time: number, value: number): boolean {
    if (this.#size > 0 && time < this.#timeAt(this.#size - 1)) return this.#insert(time, value)
    this.#makeRoom()
    this.#set(this.#size, time, value)
    this.#size++
    return true
  }

  /** The newest point, or undefined when empty. */
  newest(): [number, number] | undefined {
    return this.#size === 0 ? undefined : this.#pointAt(this.#size - 1)
  }

  /**
   * Points with `from <= time <= to`, oldest first; with `limit`, only the newest `limit` of them.
   *
   * @example
   * ring.range(undefined, undefined, 10) // the last ten points
   */
  range(from = -Infinity, to = Infinity, limit?: number): [number, number][] {
    let start = this.#firstAtOrAfter(from)
    const end = this.#firstAfter(to)
    if (limit !== undefined) start = Math.max(start, end - limit)
    const points: [number, number][] = []
    for (let index = start; index < end; index++) points.push(this.#pointAt(index))
    return points
  }

  /** Removes the points older than `time`; returns how many were removed. */
  dropBefore(time: number): number {
    const count = this.#firstAtOrAfter(time)
    this.#head = (this.#head + count) % this.#times.length
    this.#size -= count
    return count
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let index = 0; index < this.#size; index++) yield this.#pointAt(index)
  }

  #insert(time: number, value: number): boolean {
    let position = this.#firstAfter(time)
    if (this.#size === this.capacity) {
      if (position === 0) return false
      position--
    }
    this.#makeRoom()
    for (let index = this.#size; index > position; index--)
      this.#set(index, this.#timeAt(index - 1), this.#valueAt(index - 1))
    this.#set(position, time, value)
    this.#size++
    return true
  }

  /** Ensures one free slot at the logical end: grows the arrays, or evicts the oldest point. */
  #makeRoom(): void {
    if (this.#size < this.#times.length) return
    if (this.#size < this.capacity) return this.#grow()
    this.#head = (this.#head + 1) % this.#times.length
    this.#size--
  }

  #grow(): void {
    const allocation = Math.min(this.capacity, this.#times.length * 2)
    const times = new Float64Array(allocation)
    const values = new Float64Array(allocation)
    for (let index = 0; index < this.#size; index++) {
      times[index] = this.#timeAt(index)
      values[index] = this.#valueAt(index)
    }
    this.#times = times
    this.#values = values
    this.#head = 0
  }

  /** Binary search: the first logical index whose time is `>= time`. */
  #firstAtOrAfter(time: number): number {
    let low = 0
    let high = this.#size
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.#timeAt(middle) < time) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Binary search: the first logical index whose time is `> time`. */
  #firstAfter(time: number): number {
    let low = 0
    let high = this.#size
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.#timeAt(middle) <= time) low = middle + 1
      else high = middle
    }
    return low
  }

  #physical(index: number): number {
    return (this.#head + index) % this.#times.length
  }

  #timeAt(index: number): number {
    return this.#times[this.#physical(index)] as number
  }

  #valueAt(index: number): number {
    return this.#values[this.#physical(index)] as number
  }

  #pointAt(index: number): [number, number] {
    return [this.#timeAt(index), this.#valueAt(index)]
  }

  #set(index: number, time: number, value: number): void {
    const physical = this.#physical(index)
    this.#times[physical] = time
    this.#values[physical] = value
  }
}
