/** HTTP methods the route table knows. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Who may call a route: anyone, a holder of the token, or a holder of the token when one is set. */
export type RouteAccess = 'public' | 'read' | 'write'

/** A framework-free request, as the adapters and the standalone server hand it to the route table. */
export interface ProactiveRequest {
  readonly method: string
  /** The path below the mount prefix, starting with `/` (`/health`, not `/proactive/health`). */
  readonly path: string
  readonly query: URLSearchParams
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** The parsed JSON body, when the framework already parsed one. */
  readonly body?: unknown
}

/** What the route table answers; adapters copy it to the framework's response as is. */
export interface ProactiveResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What a route handler returns: an object body becomes JSON. */
export interface RouteResult {
  readonly status?: number
  readonly contentType?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body: unknown
}

/** One endpoint. */
export interface RouteDefinition {
  readonly method: HttpMethod
  /** The path below the prefix, e.g. `/metrics/history`. */
  readonly path: string
  readonly access: RouteAccess
  /** A one-line description, for docs and the route listing. */
  readonly summary: string
  handle(request: ProactiveRequest): RouteResult | Promise<RouteResult>
}
