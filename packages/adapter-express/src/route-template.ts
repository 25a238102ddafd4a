import type { ExpressRequest } from './express-types'

/**
 * The template of the route that answered (`/api` + `/users/:id`), or undefined when none matched.
 * Express restores `baseUrl` when an error leaves a nested router, so for such errors the template
 * lacks the router's mount path.
 */
export function routeTemplate(req: ExpressRequest): string | undefined {
  const path = req.route?.path
  if (path === undefined) return undefined
  const template = typeof path === 'string' ? path : String(path)
  const base = req.baseUrl ?? ''
  if (base === '') return template
  return template === '/' ? base : base + template
}
