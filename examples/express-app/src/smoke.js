// @ts-check
/* global fetch -- Node 20 has it */
// Starts the example in-process on a free port, calls it like a user would, and exits 1 on any
// unexpected answer. CI runs it against the built packages: `pnpm --filter "./examples/**" run smoke`.
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { createConsoleLogger, createProactive } from '@proactive/core'
import { createApp } from './app.js'

const token = 'smoke-test-token-0123456789'
const proactive = createProactive({
  serviceName: 'express-example',
  logger: createConsoleLogger('warn'),
  token,
  sampleIntervalMs: 100,
})
await proactive.start()
// CPU utilisation is a difference between two readings, so it appears from the second sample on.
const deadline = Date.now() + 5000
while (proactive.monitor.latestValue('cpu.utilization') === undefined && Date.now() < deadline)
  await sleep(50)
const server = createApp(proactive, { start: false }).listen(0, '127.0.0.1')
await once(server, 'listening')
const address = server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const auth = { authorization: `Bearer ${token}` }

const calls = [
  { path: '/users/1', expected: [200] },
  { path: '/users/2', expected: [200] },
  { path: '/users/404', expected: [404] },
  { path: '/boom', expected: [500] },
  { path: '/no-such-page', expected: [404] },
  // 503 is a correct answer too when the machine running the smoke test is overloaded.
  { path: '/proactive/health', expected: [200, 503], type: 'application/health+json' },
  { path: '/proactive/health/live', expected: [200] },
  { path: '/proactive/metrics', expected: [401] },
  {
    path: '/proactive/metrics',
    headers: auth,
    expected: [200],
    type: 'text/plain',
    contains: 'proactive_cpu_utilization',
  },
  {
    path: '/proactive/metrics/history?metric=cpu.utilization&from=yesterday',
    headers: auth,
    expected: [400],
  },
  { path: '/proactive/nothing-here', headers: auth, expected: [404] },
]

let failures = 0
for (const call of calls) {
  const response = await fetch(base + call.path, { headers: call.headers ?? {} })
  const body = await response.text()
  const problems = []
  if (!call.expected.includes(response.status)) problems.push(`expected ${call.expected.join(' or ')}`)
  if (call.type && !response.headers.get('content-type')?.startsWith(call.type))
    problems.push(`expected ${call.type}`)
  if (call.contains && !body.includes(call.contains))
    problems.push(`expected the body to contain ${call.contains}`)
  failures += problems.length > 0 ? 1 : 0
  const label = `${call.headers ? '(token) ' : ''}GET ${call.path}`
  console.log(`${problems.length > 0 ? 'FAIL' : 'ok  '} ${response.status} ${label} ${problems.join('; ')}`)
  console.log(`       ${body.slice(0, 160).replaceAll('\n', ' ')}`)
}

// Response timing is recorded when a response finishes; give the last ones a moment.
await sleep(50)
const routes = proactive.http.routes()
console.log(`recorded routes: ${routes.join(', ')}`)
for (const route of ['GET /users/:id', 'GET /boom', 'GET UNMATCHED'])
  if (!routes.includes(route)) {
    failures++
    console.log(`FAIL expected ${route} among the recorded routes`)
  }
if (routes.some((route) => route.includes('/proactive'))) {
  failures++
  console.log("FAIL Proactive's own routes were recorded")
}
const captured = proactive.recentExceptions()[0]
console.log(
  `captured exception: ${captured?.message} (${captured?.method} ${captured?.route} → ${captured?.statusCode})`,
)
if (captured?.route !== '/boom' || captured.statusCode !== 500) {
  failures++
  console.log('FAIL expected the /boom error to be captured with its route and status')
}

server.closeAllConnections()
server.close()
await proactive.stop()
console.log(failures === 0 ? 'smoke test passed' : `smoke test failed: ${failures} problem(s)`)
process.exit(failures === 0 ? 0 : 1)
