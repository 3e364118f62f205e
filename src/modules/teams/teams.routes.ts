/** HTTP for teams: parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Team, TeamCreate, TeamListQuery, TeamPatch } from './teams.schema.ts'
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.ts'

const tags = ['Teams']

export function registerTeamRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/teams',
    { schema: { tags, summary: 'List teams', querystring: TeamListQuery, response: { 200: listOf(Team), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listTeams(ctx, request.query)),
  )
  http.post(
    '/api/v1/teams',
    { schema: { tags, summary: 'Create a team', body: TeamCreate, response: { 201: Team, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createTeam(ctx, request.body))),
  )
  http.get(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'Get a team', params: IdParams, response: { 200: Team, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getTeam(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'Rename or move a team', params: IdParams, body: TeamPatch, response: { 200: Team, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateTeam(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'Delete an empty team', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteTeam(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
