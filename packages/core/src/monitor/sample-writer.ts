import type { Logger } from '../logging/logger'
import type { EventBus } from '../events/event-bus'
import type { Sample } from '../metrics/sample'
import type { Storage } from '../storage/storage'

/**
 * Writes samples to storage off the sampling path, one batch in flight at a time, with a bounded
 * backlog: when storage is slower than sampling, the oldest unwritten samples are dropped and counted.
 * A failure is logged once per outage, not once per batch.
 */
export class SampleWriter {
  private backlog: Sample[] = []
  private writing: Promise<void> | undefined
  private failing = false
  /** Samples dropped because the backlog was full. */
  dropped = 0

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly events: EventBus,
    private readonly maxBacklog: number,
  ) {}

  enqueue(samples: readonly Sample[]): void {
    for (const sample of samples) this.backlog.push(sample)
    const excess = this.backlog.length - this.maxBacklog
    if (excess > 0) {
      this.backlog.splice(0, excess)
      this.dropped += excess
    }
    this.writing ??= this.drain()
  }

  /** Resolves once everything enqueued so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing
  }

  private async drain(): Promise<void> {
    try {
      while (this.backlog.length > 0) {
        const batch = this.backlog
        this.backlog = []
        try {
          await this.storage.appendSamples(batch)
          if (this.failing) {
            this.failing = false
            this.logger.info({ storage: this.storage.name }, 'storage is writable again')
          }
        } catch (error) {
          // Keep the batch for the next attempt unless that would exceed the backlog bound.
          this.backlog = batch.concat(this.backlog).slice(-this.maxBacklog)
          if (!this.failing) {
            this.failing = true
            this.logger.error(
              { storage: this.storage.name, err: error },
              'storage write failed; keeping samples in memory',
            )
            this.events.emit('internal-error', error, { component: `storage:${this.storage.name}` })
          }
          return
        }
      }
    } finally {
      this.writing = undefined
    }
  }
}
