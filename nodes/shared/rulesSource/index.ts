/**
 * The rules source shared by Priority Lookup and Apply Task Prefix: one description, one code path.
 *
 * Public API (kept stable; other nodes build on it):
 *
 *   rulesSourceProperties(options?: { displayOptions?: IDisplayOptions }): INodeProperties[]
 *     The fields: rulesSource ('sheet' | 'inline' | 'field'), rulesSpreadsheet (resource locator,
 *     URL or ID), rulesRange (default 'Rules'), rulesHeaderRow (default 1), rulesTable.rule[]
 *     ({ keyword, priority, matchType }), rulesField (default 'rules'), priorityLevels
 *     (default 'P1, P2, P3, P4'), rulesOptions { caseSensitive, accentSensitive, defaultMatchType,
 *     cacheMinutes (sheet only), skipBadRows, defaultPriority }. `displayOptions` is merged into
 *     every field. A node using it declares the Sheets credential, asked for only while
 *     rulesSource is 'sheet', and registers its test:
 *       credentials: [{ name: 'googleSheetsTaskflowServiceAccountApi',
 *         testedBy: 'testGoogleSheetsServiceAccount', ...SHEETS_CREDENTIAL_FOR_RULES }]
 *       methods: { credentialTest: { testGoogleSheetsServiceAccount } }   // from ../transport
 *     (SHEETS_CREDENTIAL_FOR_RULES is in ../descriptions.)
 *
 *   loadRules(ctx, { itemIndex?, prefixTemplate? }): Promise<LoadedRules>
 *     Reads the parameters at `itemIndex` (default 0), reads the rules (the sheet through
 *     googleSheetsClientFor, optionally cached across executions for rulesOptions.cacheMinutes;
 *     the table; or the field of input item `itemIndex`) and compiles them. Call it ONCE per
 *     execution, before the item loop. LoadedRules = { ruleSet, levels, warnings, source,
 *     sourceKind, defaultPriority, fromCache }. `ruleSet.match(title)` ignores a leading prefix of
 *     `prefixTemplate` (default DEFAULT_PREFIX_FORMAT); pass the node's own prefix format when it has one. Bad rules throw a NodeOperationError naming the
 *     source (spreadsheet and range), sheet row and column; with skipBadRows they are left out and
 *     returned in `warnings`.
 *
 *   reportRuleWarnings(ctx, { warnings, source }): void
 *     Skipped rules as execution hints in the output pane plus one logger.warn (n8n 2.x has no
 *     other warnings channel for execute). Call it after loadRules when warnings is not empty.
 *
 *   priorityRank(levels, priority): number | undefined     1 = highest
 *   describeRuleProblem(problem): string                    "sheet row 5, column C (priority): ..."
 *   ruleWarningMessages({ warnings, source }): string[]
 *   spreadsheetIdFrom(locatorOrText): string | undefined    id from a URL, an id, or a locator value
 *   clearSheetCache(): void                                 for tests
 */

export { rulesSourceProperties, RULES_SOURCE_PARAMETER, DEFAULT_RULES_RANGE } from './description';
export type { RulesSourceKind, RulesSourcePropertiesOptions } from './description';
export { loadRules } from './loadRules';
export type { LoadedRules, LoadRulesOptions, RulesContext } from './loadRules';
export {
	reportRuleWarnings,
	ruleWarningMessages,
	describeRuleProblem,
	priorityRank,
	MAX_WARNING_HINTS,
} from './problems';
export type { RuleWarningsReport } from './problems';
export {
	spreadsheetIdFrom,
	firstRowOfRange,
	firstColumnOfRange,
	SPREADSHEET_URL_PATTERN,
} from './spreadsheetId';
export { clearSheetCache, sheetCacheSize, SHEET_CACHE_MAX_ENTRIES } from './sheetCache';
export { rowsFromFieldValue, rowsFromTable, valueAtPath } from './nodeRows';
