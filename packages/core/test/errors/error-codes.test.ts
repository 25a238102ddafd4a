import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as core from '../../src/index'
import * as codes from '../../src/errors/codes'
import { listErrorCodes } from '../../src/errors/error-codes'
import { ProactiveError } from '../../src/errors/proactive-error'

const table = readFileSync(resolve(__dirname, '../../../../docs/errors.md'), 'utf8')
const documented = [...table.matchAll(/^\| `(PROACTIVE_ERR_\w+)` \| (\d+) \| ([^|]+) \|/gm)].map((m) => ({
  code: m[1],
  statusCode: Number(m[2]),
  meaning: (m[3] as string).trim(),
}))

describe('error codes', () => {
  it('are all documented in docs/errors.md with the same status and meaning, and nothing else is', () => {
    const defined = listErrorCodes().sort((a, b) => a.code.localeCompare(b.code))
    expect(documented.sort((a, b) => (a.code as string).localeCompare(b.code as string))).toEqual(defined)
  })

  it('are all exported from the package through `errors`', () => {
    const exported = Object.values(core.errors).map((factory) => factory.code)
    expect(exported.sort()).toEqual(
      listErrorCodes()
        .map((c) => c.code)
        .sort(),
    )
    expect(Object.keys(core.errors).sort()).toEqual(Object.keys(codes).sort())
  })

  it('make ProactiveErrors that carry code and status', () => {
    const error = codes.invalidOption('sampleIntervalMs', 'a positive integer', -1)
    expect(error).toBeInstanceOf(ProactiveError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      code: 'PROACTIVE_ERR_INVALID_OPTION',
      message: 'sampleIntervalMs must be a positive integer, received -1',
    })
  })

  it('pass instanceof across two copies of the package, which share only the symbol', () => {
    const foreign = new Error('from another copy') as Error & Record<symbol, unknown>
    Object.defineProperty(foreign, Symbol.for('proactive.error'), { value: true })
    expect(foreign).toBeInstanceOf(ProactiveError)
    expect(new Error('plain')).not.toBeInstanceOf(ProactiveError)
  })
})
