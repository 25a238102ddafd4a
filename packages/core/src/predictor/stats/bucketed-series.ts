import { invalidOption } from '../../errors/codes'

/**
 * A long window kept small: samples are averaged into fixed time buckets and the newest `capacity`
 * buckets are held in a ring, so memory is fixed and each sample costs O(1).
 *
 * A bucket joins the window when the first sample of a later bucket arrives; its point is the mean
 * time and mean value of its samples. Samples older than the open bucket are dropped.
 *
 * @example
 * const series = new BucketedSeries(60_000, 120) // two hours of 1-minute means
 * series.add(time, value) // true when a bucket closed and joined the window
 */
export class BucketedSeries {
  readonly bucketMs: number
  readonly capacity: number
  #times: Float64Array
  #values: Float64Array
  #head = 0
  #size = 0
  #openBucket = Number.NaN
  #timeSum = 0
  #valueSum = 0
  #count = 0

  constructor(bucketMs: number, capacity: number) {
    if (!Number.isFinite(bucketMs) || bucketMs <= 0)
      throw invalidOption('BucketedSeries bucketMs', 'a positive number of milliseconds', bucketMs)
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw invalidOption('BucketedSeries capacity', 'a positive integer', capacity)
    this.bucketMs = bucketMs
    this.capacity = capacity
    this.#times = new Float64Array(capacity)
    this.#values = new Float64Array(capacity)
  }

  /** Closed buckets in the window. */
  get length(): number {
    return this.#size
  }

  /** Milliseconds from the oldest to the newest closed bucket (0 with fewer than two). */
  get spanMs(): number {
    return this.#size < 2 ? 0 : this.#timeAt(this.#size - 1) - this.#timeAt(0)
  }

  /** Adds a sample; returns true when it closed a bucket, which then joined the window. */
  add(time: number, value: number): boolean {
    const bucket = Math.floor(time / this.bucketMs)
    if (bucket < this.#openBucket) return false
    let closed = false
    if (bucket > this.#openBucket && this.#count > 0) {
      this.#push(this.#timeSum / this.#count, this.#valueSum / this.#count)
      this.#timeSum = 0
      this.#valueSum = 0
      this.#count = 0
      closed = true
    }
    this.#openBucket = bucket
    this.#timeSum += time
    this.#valueSum += value
    this.#count++
    return closed
  }

  /**
   * Copies the newest `count` closed buckets, oldest first, into `x` (seconds relative to `originMs`,
   * so negative for the past) and `y`; returns how many were copied.
   */
  copyNewest(x: Float64Array, y: Float64Array, count: number, originMs: number): number {
    const copied = Math.min(count, this.#size, x.length, y.length)
    const first = this.#size - copied
    for (let i = 0; i < copied; i++) {
      x[i] = (this.#timeAt(first + i) - originMs) / 1000
      y[i] = this.#values[(this.#head + first + i) % this.capacity] as number
    }
    return copied
  }

  /** Empties the window. */
  clear(): void {
    this.#head = 0
    this.#size = 0
    this.#openBucket = Number.NaN
    this.#timeSum = 0
    this.#valueSum = 0
    this.#count = 0
  }

  #push(time: number, value: number): void {
    const slot = (this.#head + this.#size) % this.capacity
    this.#times[slot] = time
    this.#values[slot] = value
    if (this.#size < this.capacity) this.#size++
    else this.#head = (this.#head + 1) % this.capacity
  }

  #timeAt(index: number): number {
    return this.#times[(this.#head + index) % this.capacity] as number
  }
}
