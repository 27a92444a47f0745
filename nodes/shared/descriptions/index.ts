/**
 * Field factories for what several nodes show (ARCHITECTURE.md, habit 3): one description, one
 * set of parameter names and defaults. The rules source has its own module (../rulesSource).
 *
 *   priorityLevelsField({ role, displayOptions? })   `priorityLevels`, default 'P1, P2, P3, P4'
 *   prefixFormatField(description)                    `prefixFormat`, default DEFAULT_PREFIX_FORMAT
 *   SHEETS_CREDENTIAL_FOR_RULES                       spread into the Sheets credentials entry
 *                                                     (see credentials.ts for why not a whole entry)
 *   recordPicker({ objectTypes, ... })                record type + record ID fields;
 *                                                     pickedRecord(ctx, itemIndex, sameOptions) reads them
 *   ownerPicker({ name?, ... })                       owner options field; register
 *                                                     `methods.loadOptions = { getOwners }`;
 *                                                     pickedOwnerId(ctx, itemIndex) reads it
 *   withDisplayOptions(property, displayOptions)      adds conditions to a field's own
 */
export { prefixFormatField, priorityLevelsField } from './priorityFields';
export type { PriorityLevelsFieldOptions } from './priorityFields';
export { SHEETS_CREDENTIAL_FOR_RULES } from './credentials';
export { HUBSPOT_RECORD_TYPES, pickedRecord, pickedRecordType, recordPicker } from './recordPicker';
export type {
	HubSpotRecordType,
	HubSpotRecordTypeInfo,
	PickedRecord,
	RecordPickerOptions,
} from './recordPicker';
export {
	getOwners,
	ownerName,
	ownerPicker,
	OWNERS_LOAD_OPTIONS_METHOD,
	pickedOwnerId,
} from './ownerPicker';
export type { OwnerPickerOptions } from './ownerPicker';
export { withDisplayOptions } from './displayOptions';
