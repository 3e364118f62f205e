/**
 * Background jobs: the durable queue (enqueueJob, registerJobHandler), the worker loop,
 * recurring schedules, maintenance jobs and the admin routes.
 */
import './maintenance.ts'

export { enqueueJob, registerJobHandler, retryDelayMs, type EnqueueJobInput, type JobContext, type JobHandler, type JobRow } from './queue.ts'
export { defineRecurringJob, type RecurringJobDefinition } from './recurring.ts'
export { createWorker, type Worker, type WorkerOptions } from './worker.ts'
export { registerJobRoutes } from './jobs.routes.ts'
export { listJobs, retryJob } from './jobs.service.ts'
