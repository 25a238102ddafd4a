/** The defaults of `createProactive`, in one visible place. */
export const proactiveDefaults = Object.freeze({
  serviceName: 'proactive',
  sampleIntervalMs: 1000,
  diskSampleIntervalMs: 30_000,
  retentionMs: 7 * 24 * 3_600_000,
  maxRecentExceptions: 100,
  /** Standalone ports of the guide. */
  ports: Object.freeze({ monitor: 8004, optimizer: 8005, autoFixer: 8003 }),
  host: '127.0.0.1',
})
