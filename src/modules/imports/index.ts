/**
 * Imports and exports: CSV (UTF-8, Shift_JIS/CP932) and vCard into accounts and contacts through
 * their own services, as background jobs with an error report; list views out as CSV and vCard.
 */
import './imports.runner.ts'
import './contacts.target.ts'

export { registerImportRoutes } from './imports.routes.ts'
export { registerImportTarget, type ImportTarget, type ImportField } from './targets.ts'
export { runImport } from './imports.runner.ts'
