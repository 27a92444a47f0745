/**
 * Field factories for what several nodes show (ARCHITECTURE.md, habit 3): one description, one
 * set of parameter names and defaults. The rules source has its own module (../rulesSource).
 *
 *   priorityLevelsField({ role, displayOptions? })   `priorityLevels`, default DEFAULT_PRIORITY_LEVELS
 *   prefixFormatField(description)                    `prefixFormat`, default DEFAULT_PREFIX_FORMAT
 *   SHEETS_CREDENTIAL_FOR_RULES                       spread into the Sheets credentials entry
 *                                                     (see credentials.ts for why not a whole entry)
 *   withDisplayOptions(property, displayOptions)      adds conditions to a field's own
 */
export {
	DEFAULT_PREFIX_FORMAT,
	DEFAULT_PRIORITY_LEVELS,
	prefixFormatField,
	priorityLevelsField,
} from './priorityFields';
export type { PriorityLevelsFieldOptions } from './priorityFields';
export { SHEETS_CREDENTIAL_FOR_RULES } from './credentials';
export { withDisplayOptions } from './displayOptions';
