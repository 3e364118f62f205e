/**
 * Every module's routes, in the order they appear in the API document.
 * A new module adds its registrar here.
 */
import type { RouteRegistrar } from '../platform/http/server.ts'
import { registerAccountRoutes } from './accounts/index.ts'

export const routeRegistrars: RouteRegistrar[] = [registerAccountRoutes]
