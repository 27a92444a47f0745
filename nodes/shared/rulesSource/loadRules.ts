/**
 * Reads and compiles the rules once per execution, from the source the user picked. The domain
 * compiles and validates; this file reads parameters, fetches the sheet and turns the domain's
 * RuleSetError into a NodeOperationError that names the spreadsheet, row and column.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	compileRuleSet,
	parsePriorityLevels,
	rowsFromSheetValues,
	RuleSetError,
	type CompiledRuleSet,
	type MatchType,
	type RawRuleRow,
	type RuleProblem,
} from '../../domain/priority';
import { GOOGLE_SHEETS_CREDENTIAL_TYPE, googleSheetsClientFor } from '../transport';
import { DEFAULT_RULES_RANGE, RULES_SOURCE_PARAMETER, type RulesSourceKind } from './description';
import { rowsFromFieldValue, rowsFromTable, valueAtPath, type TableRule } from './nodeRows';
import { cachedSheetValues, sheetCacheKey } from './sheetCache';
import { firstColumnOfRange, firstRowOfRange, spreadsheetIdFrom } from './spreadsheetId';
import { describeRuleProblem } from './problems';

/** What loadRules needs from `this` in execute. */
export type RulesContext = Pick<
	IExecuteFunctions,
	'getNodeParameter' | 'getNode' | 'getCredentials' | 'getInputData'
> & { getExecutionCancelSignal?: IExecuteFunctions['getExecutionCancelSignal'] };

export interface LoadedRules {
	ruleSet: CompiledRuleSet;
	/** The priority levels, highest first. */
	levels: string[];
	/** Bad rules left out (only with "Skip Bad Rules"); empty otherwise. */
	warnings: RuleProblem[];
	/** Where the rules came from, for messages: 'spreadsheet 1AbC…, range "Rules"'. */
	source: string;
	sourceKind: RulesSourceKind;
	/** The "Default Priority" option as spelled in the levels; undefined when empty. */
	defaultPriority: string | undefined;
	/** True when the sheet's values came from the cache instead of a read. */
	fromCache: boolean;
}

export interface LoadRulesOptions {
	/** Item whose parameters (and, for the field source, json) are used; default 0. */
	itemIndex?: number;
	/** Prefix format whose prefixes `ruleSet.match(title)` ignores; default DEFAULT_PREFIX_FORMAT. */
	prefixTemplate?: string;
}

interface RulesOptions {
	caseSensitive?: boolean;
	accentSensitive?: boolean;
	defaultMatchType?: MatchType;
	cacheMinutes?: number;
	skipBadRows?: boolean;
	defaultPriority?: string;
}

interface SourceRows {
	rows: RawRuleRow[];
	source: string;
	fromCache: boolean;
}

function cellText(cell: unknown): string {
	return cell === undefined || cell === null ? '' : String(cell);
}

async function sheetRows(
	ctx: RulesContext,
	itemIndex: number,
	options: RulesOptions,
): Promise<SourceRows> {
	const node = ctx.getNode();
	const locator = ctx.getNodeParameter('rulesSpreadsheet', itemIndex);
	const spreadsheetId = spreadsheetIdFrom(locator);
	if (spreadsheetId === undefined) {
		throw new NodeOperationError(node, 'Enter the URL or ID of the rules spreadsheet', {
			itemIndex,
			description: `"${cellText((locator as IDataObject)?.value ?? locator)}" is neither`,
		});
	}
	const range =
		cellText(ctx.getNodeParameter('rulesRange', itemIndex, DEFAULT_RULES_RANGE)).trim() ||
		DEFAULT_RULES_RANGE;
	const headerRow = Math.max(
		1,
		Math.floor(Number(ctx.getNodeParameter('rulesHeaderRow', itemIndex, 1)) || 1),
	);
	const source = `spreadsheet ${spreadsheetId}, range "${range}"`;
	if (headerRow < firstRowOfRange(range)) {
		throw new NodeOperationError(node, `Header row ${headerRow} is above the range "${range}"`, {
			itemIndex,
			description: 'Make the range start at the header row, or leave the row out of the range',
		});
	}

	let fromCache = true;
	const read = async (): Promise<unknown[][]> => {
		fromCache = false;
		const client = await googleSheetsClientFor(ctx);
		return await client.readValues(spreadsheetId, range);
	};
	const cacheMinutes = Number(options.cacheMinutes ?? 0);
	let values: unknown[][];
	if (cacheMinutes > 0) {
		const credential = node.credentials?.[GOOGLE_SHEETS_CREDENTIAL_TYPE];
		const key = sheetCacheKey(credential?.id ?? credential?.name ?? '', spreadsheetId, range);
		values = await cachedSheetValues(key, cacheMinutes * 60_000, read);
	} else {
		values = await read();
	}
	try {
		// Row numbers and column letters in messages are the sheet's, wherever the range starts.
		const rows = rowsFromSheetValues(values, {
			headerRow,
			firstRowNumber: firstRowOfRange(range),
			firstColumnIndex: firstColumnOfRange(range) - 1,
		});
		return { rows, source, fromCache };
	} catch (error) {
		// A sheet without the expected header: named here, where the source is known.
		throw rulesError(ctx, error, source, itemIndex);
	}
}

function tableRows(ctx: RulesContext, itemIndex: number): SourceRows {
	const rules = ctx.getNodeParameter('rulesTable.rule', itemIndex, []) as TableRule[];
	return { rows: rowsFromTable(rules), source: 'the rules table', fromCache: false };
}

function fieldRows(ctx: RulesContext, itemIndex: number): SourceRows {
	const fieldName = cellText(ctx.getNodeParameter('rulesField', itemIndex, 'rules')).trim();
	const source = `field "${fieldName}" of the first input item`;
	const item = ctx.getInputData()[itemIndex];
	try {
		return {
			rows: rowsFromFieldValue(item ? valueAtPath(item.json, fieldName) : undefined, fieldName),
			source,
			fromCache: false,
		};
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
}

function ruleSetNodeError(
	ctx: RulesContext,
	error: RuleSetError,
	source: string,
	itemIndex: number,
): NodeOperationError {
	const listed = error.problems.slice(0, 50).map(describeRuleProblem);
	const more = error.problems.length - listed.length;
	return new NodeOperationError(ctx.getNode(), `${error.message} (in ${source})`, {
		itemIndex,
		description: [
			...listed,
			...(more > 0 ? [`and ${more} more`] : []),
			'Fix the rules, or turn on "Skip Bad Rules" to leave them out with a warning.',
		].join('\n'),
	});
}

/** n8n's errors (e.g. the Sheets read's NodeApiError) pass unchanged; the rest gain the node. */
function rulesError(
	ctx: RulesContext,
	error: unknown,
	source: string,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof RuleSetError) return ruleSetNodeError(ctx, error, source, itemIndex);
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, {
		itemIndex,
		description: `While reading the rules from ${source}`,
	});
}

function resolveDefaultPriority(
	ctx: RulesContext,
	levels: string[],
	value: string | undefined,
	itemIndex: number,
): string | undefined {
	const wanted = value?.trim() ?? '';
	if (wanted === '') return undefined;
	const level = levels.find((candidate) => candidate.toLowerCase() === wanted.toLowerCase());
	if (level === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Default priority "${wanted}" is not one of the priority levels (${levels.join(', ')})`,
			{ itemIndex },
		);
	}
	return level;
}

/** Reads the rules source of the node and compiles it. Call once per execution. */
export async function loadRules(
	ctx: RulesContext,
	options: LoadRulesOptions = {},
): Promise<LoadedRules> {
	const itemIndex = options.itemIndex ?? 0;
	const sourceKind = ctx.getNodeParameter(RULES_SOURCE_PARAMETER, itemIndex) as RulesSourceKind;
	const ruleOptions = ctx.getNodeParameter('rulesOptions', itemIndex, {}) as RulesOptions;
	let levels: string[];
	try {
		levels = parsePriorityLevels(ctx.getNodeParameter('priorityLevels', itemIndex, '') as string);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	const defaultPriority = resolveDefaultPriority(
		ctx,
		levels,
		ruleOptions.defaultPriority,
		itemIndex,
	);

	let source = sourceKind === 'sheet' ? 'the rules spreadsheet' : 'the rules';
	try {
		let sourceRows: SourceRows;
		if (sourceKind === 'sheet') sourceRows = await sheetRows(ctx, itemIndex, ruleOptions);
		else if (sourceKind === 'inline') sourceRows = tableRows(ctx, itemIndex);
		else if (sourceKind === 'field') sourceRows = fieldRows(ctx, itemIndex);
		else {
			throw new NodeOperationError(ctx.getNode(), `Unknown rules source "${String(sourceKind)}"`, {
				itemIndex,
			});
		}
		source = sourceRows.source;
		const { ruleSet, warnings } = compileRuleSet(sourceRows.rows, levels, {
			caseSensitive: ruleOptions.caseSensitive ?? false,
			accentSensitive: ruleOptions.accentSensitive ?? false,
			defaultMatchType: ruleOptions.defaultMatchType ?? 'contains',
			skipBadRows: ruleOptions.skipBadRows ?? false,
			...(options.prefixTemplate ? { prefixTemplate: options.prefixTemplate } : {}),
		});
		return {
			ruleSet,
			levels,
			warnings,
			source,
			sourceKind,
			defaultPriority,
			fromCache: sourceRows.fromCache,
		};
	} catch (error) {
		throw rulesError(ctx, error, source, itemIndex);
	}
}
