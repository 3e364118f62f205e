/**
 * Named prepared statements. PostgreSQL re-plans an unnamed statement on every call; the 360° timeline (nine UNION
 * branches under row-level security) spent more time in the planner than in execution. A statement whose text starts
 * with PREPARED runs as a named statement instead, so each connection plans it once (PostgreSQL then keeps a generic
 * plan when it is as good). On a server only marked statements are named (executePrepared marks a query builder's),
 * at most MARKED_PER_CONNECTION texts a connection: naming every query would keep a plan per text per connection, for
 * twenty connections.
 *
 * The embedded database names every statement with parameters, up to `everyStatement` texts (later ones run
 * unnamed; decision 0034): PGlite plans in WebAssembly, 0.5–0.9 ms a statement — often more than it executes — and
 * has one connection, so the plans it keeps are bounded by that number alone.
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Compilable, Kysely, PostgresPool, PostgresPoolClient } from 'kysely'
import { SCOPE_READ_SESSION, scopeReadSession } from './read-sessions.ts'

export const PREPARED = '/* prepared */ '

// On a server, the PREPARED texts a connection keeps plans for; later ones run unnamed (plans cost memory on each
// of the pool's connections, and list statements vary with their filters).
const MARKED_PER_CONNECTION = 100

/**
 * Runs a query builder's statement as a named prepared statement (results transformed by the plugins as usual).
 * For hot statements whose best plan does not depend on the values: the plan cache may settle on a generic plan.
 */
export async function executePrepared<R>(db: Kysely<any>, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile()
  return (await db.executeQuery<R>({ ...compiled, sql: PREPARED + compiled.sql })).rows
}

// Names by text, so the same statement is not hashed again on every call (texts come from a bounded set of code paths).
const names = new Map<string, string>()

function statementName(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    name = `daifuku_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    if (names.size >= 5000) names.clear()
    names.set(text, name)
  }
  return name
}

// The statements named on each connection, when every statement is named.
const namedOn = new WeakMap<pg.PoolClient, Set<string>>()

function preparingClient(client: pg.PoolClient, everyStatement: number | null, readSessions: boolean): PostgresPoolClient {
  let named = namedOn.get(client)
  if (!named) {
    // A new client starts on a session without prepared statements (on PGlite too: pglite-connection.ts resets it).
    named = new Set()
    namedOn.set(client, named)
  }
  const limit = everyStatement ?? MARKED_PER_CONNECTION
  const nameFor = (text: string): string | null => {
    const name = statementName(text)
    if (named.has(name)) return name
    if (named.size >= limit) return null
    named.add(name)
    return name
  }
  const query = (text: string, values?: unknown[]) => {
    if (typeof text !== 'string') return client.query(text, values)
    if (text.startsWith(SCOPE_READ_SESSION)) {
      // Only a read pool's sessions may be scoped for good: on another pool the scope would outlive its request.
      if (!readSessions) return Promise.reject(new Error('A read session was scoped on a pool that is not the read pool'))
      return scopeReadSession(client, String(values![0]))
    }
    // A statement without parameters may hold several commands (begin; set_config …), which cannot be prepared.
    const wanted = text.startsWith(PREPARED) || (everyStatement !== null && values !== undefined && values.length > 0)
    const name = wanted ? nameFor(text) : null
    return name ? client.query({ name, text, values }) : client.query(text, values)
  }
  return {
    query: query as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  }
}

/**
 * The pool as Kysely sees it, running PREPARED-marked statements (or, with `everyStatement`, all) as named ones.
 * With `readSessions`, its sessions can be scoped to a tenant for good (read-sessions.ts).
 */
export function withPreparedStatements(pool: pg.Pool, options: { everyStatement?: number; readSessions?: boolean } = {}): PostgresPool {
  return {
    connect: async () => preparingClient(await pool.connect(), options.everyStatement ?? null, options.readSessions ?? false),
    end: () => pool.end(),
  }
}
