/** vitest globalSetup: migrate the golden test database once per run. */
import { prepareGoldenDatabase } from './golden.ts'

export default async function setup(): Promise<void> {
  await prepareGoldenDatabase()
}
