/**
 * Named prepared statements for a few hot, complex queries. PostgreSQL re-plans an unnamed
 * statement on every call; the 360° timeline (nine UNION branches under row-level security)
 * spent more time in the planner than in execution. A statement whose text starts with
 * PREPARED runs as a named statement instead, so each connection plans it once (PostgreSQL
 * then keeps a generic plan when it is as good). Only marked statements are named: naming
 * every query would keep a plan per text per connection without bound.
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { PostgresPool, PostgresPoolClient } from 'kysely'

export const PREPARED = '/* prepared */ '

function statementName(text: string): string {
  return `daifuku_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    query: ((text: string, values?: unknown[]) =>
      typeof text === 'string' && text.startsWith(PREPARED)
        ? client.query({ name: statementName(text), text, values })
        : client.query(text, values)) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  }
}

/** The pool as Kysely sees it, running PREPARED-marked statements as named ones. */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => preparingClient(await pool.connect()),
    end: () => pool.end(),
  }
}
