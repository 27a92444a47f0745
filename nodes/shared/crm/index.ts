/** The one write path: planned CRM actions performed in batches, results back to their items. */
export { executeCrmActions } from './executeActions';
export type { CrmExecution } from './executeActions';
export { CrmActionStream } from './actionStream';
export { performCrmActions } from './performActions';
export { DEFAULT_IDEMPOTENCY_PROPERTY } from './performActions';
export type { CrmActionOutcome, FindExistingRecords, PerformOptions } from './performActions';
export { propertyDefinitionsOf, PROPERTY_DEFINITIONS_TTL_MS } from './propertyDefinitions';
