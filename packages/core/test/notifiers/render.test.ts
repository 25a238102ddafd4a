import { describe, expect, it } from 'vitest'
import { criticalIssuesNotification, type Notification } from '../../src/notifiers/notification'
import { escapeSlack, renderSlack, slackLimits, type SlackBlock } from '../../src/notifiers/render-slack'
import { escapeHtml, renderHtml } from '../../src/notifiers/render-html'
import { renderText } from '../../src/notifiers/render-text'
import { cpuIssue, start } from './fixtures'

const blockText = (block: SlackBlock | undefined): string =>
  !block ? '' : block.type === 'context' ? (block.elements[0]?.text ?? '') : block.text.text

const many = (count: number, overrides: Partial<Notification> = {}): Notification => ({
  id: 'test',
  kind: 'alert',
  severity: 'critical',
  title: 'Many issues',
  summary: `${count} issues`,
  items: Array.from({ length: count }, (_, index) => ({ title: `Issue ${index + 1}` })),
  action: 'Auto-scaling initiated',
  time: start,
  ...overrides,
})

describe('renderSlack', () => {
  it('renders header, severity, summary, one section per item and the action, plus the text fallback', () => {
    const message = renderSlack(criticalIssuesNotification([cpuIssue], 'Auto-scaling initiated'))
    expect(message.blocks.map((block) => block.type)).toEqual([
      'header',
      'context',
      'section',
      'section',
      'section',
    ])
    expect(blockText(message.blocks[0])).toBe('🚨 Critical System Issues Detected')
    expect(blockText(message.blocks[3])).toContain('*CPU at 92% (threshold: 85%)*')
    expect(blockText(message.blocks[4])).toBe('*Action:* Auto-scaling initiated')
    expect(message.text).toBe(
      '🚨 Critical System Issues Detected — 1 issue needs attention\n• CPU at 92% (threshold: 85%)\nAction: Auto-scaling initiated',
    )
  })

  it('keeps to 50 blocks and says how many items it left out', () => {
    const message = renderSlack(many(120))
    expect(message.blocks).toHaveLength(slackLimits.maxBlocks)
    expect(blockText(message.blocks.at(-1))).toBe('…and 75 more')
    expect(blockText(message.blocks.at(-2))).toBe('*Action:* Auto-scaling initiated')
    const itemSections = message.blocks.filter((block) => blockText(block).startsWith('*Issue '))
    expect(itemSections).toHaveLength(120 - 75)
  })

  it('fits exactly 46 items into 50 blocks without an "and more" line', () => {
    const message = renderSlack(many(46))
    expect(message.blocks).toHaveLength(50)
    expect(message.blocks.some((block) => blockText(block).includes('more'))).toBe(false)
  })

  it('cuts the header at 150 and sections at 3,000 characters, ending in an ellipsis', () => {
    const message = renderSlack(
      many(1, { title: 'T'.repeat(400), items: [{ title: 'x', detail: 'd'.repeat(5_000) }] }),
    )
    expect(blockText(message.blocks[0])).toHaveLength(150)
    expect(blockText(message.blocks[0]).endsWith('…')).toBe(true)
    const long = message.blocks.find((block) => blockText(block).startsWith('*x*'))
    expect(blockText(long)).toHaveLength(3_000)
    expect(message.text.length).toBeLessThanOrEqual(slackLimits.fallbackChars)
  })

  it('never splits an emoji when cutting', () => {
    const title = `${'a'.repeat(148)}🚨🚨`
    expect(blockText(renderSlack(many(1, { title })).blocks[0])).toBe(`${'a'.repeat(148)}…`)
  })

  it('escapes &, < and > so user text cannot become links or mentions', () => {
    expect(escapeSlack('<!channel> p95 > 200ms & rising')).toBe(
      '&lt;!channel&gt; p95 &gt; 200ms &amp; rising',
    )
    const message = renderSlack(many(1, { items: [{ title: '<!here>' }] }))
    expect(JSON.stringify(message)).not.toContain('<!here>')
  })
})

describe('renderHtml', () => {
  it('escapes every value and shows title, items, fields and action', () => {
    const html = renderHtml(
      many(1, { title: '<script>x</script>', items: [{ title: 'a & b', fields: { 'p95 <': '"200"' } }] }),
    )
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;')
    expect(html).toContain('<strong>a &amp; b</strong>')
    expect(html).toContain('<strong>p95 &lt;:</strong> &quot;200&quot;')
    expect(html).toContain('<strong>Action:</strong> Auto-scaling initiated')
    expect(escapeHtml(`'`)).toBe('&#39;')
  })
})

describe('renderText', () => {
  it('writes title, severity and time, summary, items with fields, and the action', () => {
    const text = renderText(criticalIssuesNotification([cpuIssue], 'Auto-scaling initiated'))
    expect(text.split('\n')).toEqual([
      '🚨 Critical System Issues Detected',
      '[CRITICAL] 2026-01-01T00:01:00.000Z',
      '1 issue needs attention',
      '',
      '- CPU at 92% (threshold: 85%)',
      '  Metric: cpu.utilization',
      '  Value: 92',
      '  Threshold: 85',
      '  Since: 2026-01-01T00:00:00.000Z',
      '',
      'Action: Auto-scaling initiated',
    ])
  })
})
