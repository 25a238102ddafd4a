import { describe, expect, it } from 'vitest'
import { checkKey, evaluateRule, issueMessage, resolveThresholdRules } from '../../src/monitor/thresholds'

const rules = resolveThresholdRules()
const rule = (metric: string) => {
  const found = rules.find((r) => r.metric === metric)
  if (!found) throw new Error(`no rule for ${metric}`)
  return found
}

describe('resolveThresholdRules', () => {
  it('uses the guide defaults: CPU 70/85 and memory 75/90', () => {
    expect(rule('cpu.utilization')).toMatchObject({ warning: 70, critical: 85 })
    expect(rule('memory.utilization')).toMatchObject({ warning: 75, critical: 90 })
    expect(rule('disk.utilization')).toMatchObject({ warning: 80, critical: 90 })
    expect(rule('eventloop.delay.p99_ms')).toMatchObject({ warning: 200, critical: 1000 })
  })

  it('overrides one level and keeps the other default', () => {
    const custom = resolveThresholdRules({ cpu: { critical: 95 } })
    expect(custom.find((r) => r.metric === 'cpu.utilization')).toMatchObject({ warning: 70, critical: 95 })
  })

  it('rejects a warning above the critical level and names the option', () => {
    expect(() => resolveThresholdRules({ cpu: { warning: 90, critical: 80 } })).toThrow(
      'thresholds.cpu.warning must be at most the critical level 80, received 90',
    )
  })

  it('rejects a non-numeric level', () => {
    expect(() => resolveThresholdRules({ memory: { warning: Number.NaN } })).toThrow(
      'thresholds.memory.warning must be a finite number',
    )
  })

  it('accepts extra rules, including ones that fire below a level', () => {
    const custom = resolveThresholdRules({
      rules: [
        {
          metric: 'cache.hit_rate',
          name: 'Cache hit rate',
          unit: '',
          warning: 0.8,
          critical: 0.5,
          direction: 'below',
        },
      ],
    })
    const cache = custom.find((r) => r.metric === 'cache.hit_rate')
    expect(cache && evaluateRule(cache, 0.4)).toEqual({ severity: 'critical', threshold: 0.5 })
    expect(cache && evaluateRule(cache, 0.7)).toEqual({ severity: 'warning', threshold: 0.8 })
    expect(cache && evaluateRule(cache, 0.9)).toBeUndefined()
  })
})

describe('evaluateRule', () => {
  it('is critical at or above the critical level, warning between, nothing below', () => {
    expect(evaluateRule(rule('cpu.utilization'), 85)).toEqual({ severity: 'critical', threshold: 85 })
    expect(evaluateRule(rule('cpu.utilization'), 72)).toEqual({ severity: 'warning', threshold: 70 })
    expect(evaluateRule(rule('cpu.utilization'), 69.9)).toBeUndefined()
  })
})

describe('issueMessage', () => {
  it("writes the guide's message: CPU at 92% (threshold: 85%)", () => {
    expect(issueMessage(rule('cpu.utilization'), 92.4, 85)).toBe('CPU at 92% (threshold: 85%)')
  })

  it('names the mount of a disk issue', () => {
    expect(issueMessage(rule('disk.utilization'), 95.2, 90, { mount: '/var' })).toBe(
      'Disk /var at 95% (threshold: 90%)',
    )
  })

  it('keeps a decimal for small values', () => {
    expect(issueMessage(rule('eventloop.delay.p99_ms'), 250, 200)).toBe(
      'Event-loop delay p99 at 250ms (threshold: 200ms)',
    )
  })
})

describe('checkKey', () => {
  it('turns a metric into component:measurement', () => {
    expect(checkKey('cpu.utilization')).toBe('cpu:utilization')
    expect(checkKey('eventloop.delay.p99_ms')).toBe('eventloop:delay.p99_ms')
  })
})
