#!/usr/bin/env bash
# Installs the packed @proactive/core, @proactive/express and @proactive/fastify into an empty
# project with npm, exactly as a user would, and checks ESM, CommonJS, the types and the CLI.
# vitest is installed too: `@proactive/core/testing` (the storage conformance suite) runs on it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PNPM_VERSION=$(node -p "require('$root/package.json').packageManager.split('@')[1]")

for pkg in core adapter-express adapter-fastify; do
  (cd "$root/packages/$pkg" && npx --yes "pnpm@${PNPM_VERSION}" pack --pack-destination "$work" >/dev/null)
done
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund ./proactive-core-*.tgz ./proactive-express-*.tgz ./proactive-fastify-*.tgz express fastify vitest@^4 >/dev/null

node --input-type=module -e "
import { createProactive, createFakeMetricsSource, createFakeClock } from '@proactive/core'
import { proactiveExpress } from '@proactive/express'
import { proactiveFastify } from '@proactive/fastify'
import { runStorageConformance } from '@proactive/core/testing'
const clock = createFakeClock()
const proactive = createProactive({ clock, sources: [createFakeMetricsSource({ series: { 'cpu.utilization': [92] } })], defaultSources: false })
await proactive.start()
if (proactive.health().issues[0]?.message !== 'CPU at 92% (threshold: 85%)') throw new Error('ESM: wrong health')
if (typeof proactiveExpress !== 'function' || typeof proactiveFastify !== 'function' || typeof runStorageConformance !== 'function') throw new Error('ESM: missing exports')
await proactive.stop()
console.log('ESM import: ok')
"
node -e "
const { createProactive, ProactiveError } = require('@proactive/core')
const { proactiveExpress } = require('@proactive/express')
try { createProactive({ sampleIntervalMs: -1 }) } catch (error) {
  if (!(error instanceof ProactiveError)) throw error
  console.log('CommonJS require: ok (' + error.code + ')')
}
if (typeof proactiveExpress !== 'function') throw new Error('CJS: missing export')
"
test -f node_modules/@proactive/core/dist/index.d.ts && test -f node_modules/@proactive/core/dist/index.d.cts
echo "type declarations: ok"
version=$(npx proactive version)
echo "npx proactive version: $version"
npx proactive start --colour 2>/dev/null && exit 1 || echo "npx proactive start rejects a bad option: ok"
echo "pack smoke test passed"
