import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readStartConfig, withEnvFile } from '../../src/config/env-config'
import { ProactiveError } from '../../src/errors/proactive-error'

describe('readStartConfig', () => {
  it('uses the guide defaults with an empty environment', () => {
    const config = readStartConfig({})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      monitorPort: 8004,
      storage: 'memory',
      sampleIntervalMs: 1000,
      thresholds: { cpu: { warning: 70, critical: 85 }, memory: { warning: 75, critical: 90 } },
    })
    expect(config.token).toBeUndefined()
  })

  it("reads the guide's variables", () => {
    const config = readStartConfig({
      CPU_THRESHOLD_WARNING: '60',
      CPU_THRESHOLD_CRITICAL: '80',
      MEMORY_THRESHOLD_WARNING: '70',
      MEMORY_THRESHOLD_CRITICAL: '95',
      PROACTIVE_STORAGE: 'sqlite:./proactive.db',
      PROACTIVE_TOKEN: 'a-very-long-secret-token',
      PROACTIVE_MONITOR_PORT: '9004',
      PROACTIVE_SAMPLE_INTERVAL: '5s',
      PROACTIVE_DISK_PATHS: '/, /var/lib',
    })
    expect(config.thresholds.cpu).toEqual({ warning: 60, critical: 80 })
    expect(config.thresholds.memory).toEqual({ warning: 70, critical: 95 })
    expect(config).toMatchObject({
      storage: 'sqlite:./proactive.db',
      monitorPort: 9004,
      sampleIntervalMs: 5000,
    })
    expect(config.diskPaths).toEqual(['/', '/var/lib'])
  })

  it.each([
    [
      { CPU_THRESHOLD_WARNING: 'high' },
      'CPU_THRESHOLD_WARNING must be a number from 0 to 100, received "high"',
    ],
    [
      { MEMORY_THRESHOLD_CRITICAL: '120' },
      'MEMORY_THRESHOLD_CRITICAL must be a number from 0 to 100, received "120"',
    ],
    [
      { CPU_THRESHOLD_WARNING: '90' },
      'CPU_THRESHOLD_WARNING must be at most CPU_THRESHOLD_CRITICAL (85), received "90"',
    ],
    [
      { PROACTIVE_MONITOR_PORT: '80a' },
      'PROACTIVE_MONITOR_PORT must be a port number from 0 to 65535, received "80a"',
    ],
    [
      { PROACTIVE_SAMPLE_INTERVAL: 'often' },
      'PROACTIVE_SAMPLE_INTERVAL must be a duration of at least 10 ms',
    ],
    [{ PROACTIVE_TOKEN: 'short' }, 'PROACTIVE_TOKEN must be at least 16 characters, received "(hidden)"'],
    [
      { PROACTIVE_LOG_LEVEL: 'loud' },
      'PROACTIVE_LOG_LEVEL must be one of debug, info, warn, error, silent, received "loud"',
    ],
    [
      { PROACTIVE_DISK_PATHS: 'var' },
      'PROACTIVE_DISK_PATHS must be a comma-separated list of absolute paths',
    ],
  ])('stops with a message naming the variable for %o', (env, message) => {
    let caught: unknown
    try {
      readStartConfig(env)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ProactiveError)
    expect((caught as ProactiveError).code).toBe('PROACTIVE_ERR_INVALID_ENV')
    expect((caught as ProactiveError).message).toContain(message)
  })
})

describe('withEnvFile', () => {
  it('adds .env values under the variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proactive-env-'))
    writeFileSync(join(dir, '.env'), 'CPU_THRESHOLD_WARNING=65\nPROACTIVE_STORAGE=sqlite:x.db\n# comment\n')
    const env = withEnvFile({ CPU_THRESHOLD_WARNING: '50' }, join(dir, '.env'))
    expect(env.CPU_THRESHOLD_WARNING).toBe('50')
    expect(env.PROACTIVE_STORAGE).toBe('sqlite:x.db')
  })

  it('ignores a missing file', () => {
    expect(withEnvFile({ A: '1' }, '/nonexistent/.env')).toEqual({ A: '1' })
  })
})
