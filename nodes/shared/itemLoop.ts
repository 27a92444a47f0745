/**
 * The per-item loop every node of the pack runs its items through (ARCHITECTURE.md, habit 4).
 *
 * Public API (kept stable; other nodes build on it):
 *
 *   mapItems(ctx, perItem, options?): Promise<INodeExecutionData[]>
 *     One output. `perItem(item, itemIndex)` returns the output json (an IDataObject, paired with
 *     the item) or explicit items (`pairedItem` defaults to the item). A throw fails that item only.
 *
 *   routeItems(ctx, outputCount, perItem, options?): Promise<INodeExecutionData[][]>
 *     Several outputs. `perItem` returns a `RoutedItem` ({ output, json, ... }) or a list of them.
 *     Failed items go to output 0 (n8n looks for error items on every main output).
 *
 *   mapBatch(ctx, { collect, run, emit, describe?, describeDone? }): Promise<INodeExecutionData[]>
 *     For work done in batches: `collect(item, itemIndex)` gives the inputs of one item (a throw
 *     fails that item before anything is sent), `run(inputs)` handles all inputs of all items at
 *     once and returns one `BatchItemResult` per input in the same order (the transport's shape),
 *     `emit(value, input, itemIndex)` turns a success into output json or items. A failed input
 *     never loses the others: they are all run and emitted; then, without continueOnFail, the node
 *     fails with one error naming every failed input (`describe(input)`, e.g. "Task 123") and
 *     what its item did before (`describeDone(value, input)`, e.g. "task 7 created").
 *
 *   itemError(ctx, error, itemIndex): NodeOperationError | NodeApiError
 *     The error as thrown for an item: n8n's own error classes keep their data and get the item
 *     index; anything else becomes a NodeOperationError.
 *
 *   failedItemJson(error, itemIndex, inputJson, toErrorOutput): IDataObject
 *   continueOnFailItem(ctx, item, itemIndex, error): INodeExecutionData
 *     The item a failure becomes under continueOnFail (exported for nodes with their own loops).
 *
 * Error items follow how n8n 2.40's engine treats them (n8n-core WorkflowExecute):
 *  - an item with a top-level `error` has its json replaced by `{ error: message }`
 *    (normalizeNodeErrors), so the error is put in the json instead;
 *  - with onError 'continueErrorOutput' an item moves to the error output only if its json holds
 *    nothing but error/message/details (handleNodeErrorOutput, which then merges the paired input
 *    json back in itself), so there the json is exactly { error, details };
 *  - with continueOnFail / 'continueRegularOutput' the item stays on the regular output and keeps
 *    the input json, plus error and details.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What the loops need from `this` in execute; a narrow type keeps them easy to reuse. */
export type ItemLoopContext = Pick<
	IExecuteFunctions,
	'getInputData' | 'getNode' | 'continueOnFail'
>;

export type PerItemResult = IDataObject | INodeExecutionData[];

/** An output item and the index of the node output it goes to; pairedItem defaults to the item. */
export interface RoutedItem extends INodeExecutionData {
	output: number;
}

export interface ItemLoopOptions {
	/** Names an item in error messages, e.g. `(item, i) => \`Task ${item.json.id}\``. */
	describeItem?: (item: INodeExecutionData, itemIndex: number) => string | undefined;
}

/** One result per batch input, the transport's shape (`BatchItemResult`) with any error type. */
export type BatchResult<R> = { ok: true; value: R } | { ok: false; error: Error };

export interface BatchSpec<I, R> {
	/** Inputs of one item (usually one); runs at the item's index, so parameters read there. */
	collect: (item: INodeExecutionData, itemIndex: number) => I[] | Promise<I[]>;
	/** All inputs of all items in one go; must return one result per input, in order. */
	run: (inputs: I[]) => Promise<Array<BatchResult<R>>>;
	/** Output of one successful input. */
	emit: (value: R, input: I, itemIndex: number) => PerItemResult;
	/** Names one input in error messages, e.g. `(taskId) => \`Task ${taskId}\``. */
	describe?: (input: I) => string;
	/**
	 * Names what a successful input did, e.g. "task 123 created": an item that fails after some of
	 * its inputs succeeded says so in the node's error, since without continueOnFail nothing else
	 * reports them.
	 */
	describeDone?: (value: R, input: I) => string;
}

const LISTED_FAILURES = 10;

function isN8nError(error: unknown): error is NodeOperationError | NodeApiError {
	return error instanceof NodeOperationError || error instanceof NodeApiError;
}

/** The error as thrown for one item: n8n's error classes keep their data, with the item index. */
export function itemError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (isN8nError(error)) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const cause = error instanceof Error ? error : new Error(String(error));
	return new NodeOperationError(ctx.getNode(), cause, { itemIndex });
}

function errorDetails(error: Error, itemIndex: number): IDataObject {
	const details: IDataObject = { itemIndex };
	if (isN8nError(error)) {
		if (error.description) details.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	}
	return details;
}

/**
 * The json of a failed item. For the error output: only error/details (n8n adds the input json);
 * for the regular output: the input json plus error/details.
 */
export function failedItemJson(
	error: Error,
	itemIndex: number,
	inputJson: IDataObject,
	toErrorOutput: boolean,
	label?: string,
): IDataObject {
	const failure: IDataObject = {
		error: label ? `${label} (item ${itemIndex}): ${error.message}` : error.message,
		details: errorDetails(error, itemIndex),
	};
	return toErrorOutput ? failure : { ...inputJson, ...failure };
}

export function continueOnFailItem(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	item: INodeExecutionData,
	itemIndex: number,
	error: Error,
	label?: string,
): INodeExecutionData {
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return {
		json: failedItemJson(error, itemIndex, item.json, toErrorOutput, label),
		pairedItem: { item: itemIndex },
	};
}

function withPairing(result: PerItemResult, itemIndex: number): INodeExecutionData[] {
	if (!Array.isArray(result)) return [{ json: result, pairedItem: { item: itemIndex } }];
	return result.map((output) => ({
		...output,
		pairedItem: output.pairedItem ?? { item: itemIndex },
	}));
}

/** Runs `perItem` for every input item; one output. */
export async function mapItems(
	ctx: ItemLoopContext,
	perItem: (item: INodeExecutionData, itemIndex: number) => PerItemResult | Promise<PerItemResult>,
	options: ItemLoopOptions = {},
): Promise<INodeExecutionData[]> {
	const [output] = await routeItems(
		ctx,
		1,
		async (item, itemIndex) =>
			withPairing(await perItem(item, itemIndex), itemIndex).map((paired) => ({
				...paired,
				output: 0,
			})),
		options,
	);
	return output;
}

/** Runs `perItem` for every input item; each result names its output. */
export async function routeItems(
	ctx: ItemLoopContext,
	outputCount: number,
	perItem: (
		item: INodeExecutionData,
		itemIndex: number,
	) => RoutedItem | RoutedItem[] | Promise<RoutedItem | RoutedItem[]>,
	options: ItemLoopOptions = {},
): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			const routed = await perItem(item, itemIndex);
			for (const { output, ...data } of Array.isArray(routed) ? routed : [routed]) {
				const target = outputs[output];
				if (target === undefined) {
					throw new NodeOperationError(ctx.getNode(), `Output ${output} does not exist`, {
						itemIndex,
					});
				}
				target.push({ ...data, pairedItem: data.pairedItem ?? { item: itemIndex } });
			}
		} catch (error) {
			const failure = itemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw failure;
			const label = options.describeItem?.(item, itemIndex);
			outputs[0].push(continueOnFailItem(ctx, item, itemIndex, failure, label));
		}
	}
	return outputs;
}

interface FailedInput {
	itemIndex: number;
	label: string | undefined;
	error: NodeOperationError | NodeApiError;
}

function failureLine({ itemIndex, label, error }: FailedInput): string {
	return `${label ?? 'Item'} (item ${itemIndex}): ${error.message}`;
}

/** What the failed items did before failing, one line each, e.g. "Item 0 had done: task 7 created". */
function doneLines(failures: FailedInput[], doneByItem: Map<number, string[]>): string[] {
	const failedItems = [...new Set(failures.map((failure) => failure.itemIndex))];
	return failedItems.flatMap((itemIndex) => {
		const done = doneByItem.get(itemIndex);
		return done ? [`Item ${itemIndex} had done, and keeps: ${done.join('; ')}`] : [];
	});
}

/** One error for the whole node naming every failed input; a single failure keeps its own class. */
function combinedFailure(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	failures: FailedInput[],
	total: number,
	doneByItem: Map<number, string[]>,
): NodeOperationError | NodeApiError {
	const [first] = failures;
	const done = doneLines(failures, doneByItem);
	if (failures.length === 1) {
		if (first.label) first.error.message = `${first.label}: ${first.error.message}`;
		if (done.length > 0) {
			first.error.description = [...done, first.error.description ?? ''].join('\n').trim();
		}
		return first.error;
	}
	const listed = failures.slice(0, LISTED_FAILURES).map(failureLine);
	const more = failures.length - listed.length;
	return new NodeOperationError(
		ctx.getNode(),
		`${failures.length} of ${total} failed: ${failures
			.slice(0, 3)
			.map((failure) => failure.label ?? `item ${failure.itemIndex}`)
			.join(', ')}${failures.length > 3 ? ', …' : ''}`,
		{
			itemIndex: first.itemIndex,
			description: [...listed, ...(more > 0 ? [`and ${more} more`] : []), ...done].join('\n'),
		},
	);
}

/**
 * Collects inputs per item, runs them as one batch and maps each input's result back to its
 * item, keeping item order. See the file header for the contract.
 */
export async function mapBatch<I, R>(
	ctx: ItemLoopContext,
	spec: BatchSpec<I, R>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const outputsByItem: INodeExecutionData[][] = items.map(() => []);
	const inputs: I[] = [];
	const inputItemIndex: number[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const input of await spec.collect(items[itemIndex], itemIndex)) {
				inputs.push(input);
				inputItemIndex.push(itemIndex);
			}
		} catch (error) {
			// Bad input fails before anything is sent, so nothing is half done.
			const failure = itemError(ctx, error, itemIndex);
			if (!continueOnFail) throw failure;
			outputsByItem[itemIndex].push(continueOnFailItem(ctx, items[itemIndex], itemIndex, failure));
		}
	}

	let results: Array<BatchResult<R>> = [];
	if (inputs.length > 0) {
		try {
			results = await spec.run(inputs);
		} catch (error) {
			// The whole batch failed (e.g. a rejected credential): every input shares the error.
			if (!continueOnFail) throw itemError(ctx, error, inputItemIndex[0]);
			results = inputs.map(() => ({ ok: false, error: error as Error }));
		}
		if (results.length !== inputs.length) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The batch returned ${results.length} results for ${inputs.length} inputs`,
			);
		}
	}

	const failures: FailedInput[] = [];
	const doneByItem = new Map<number, string[]>();
	results.forEach((result, inputIndex) => {
		const itemIndex = inputItemIndex[inputIndex];
		const input = inputs[inputIndex];
		const target = outputsByItem[itemIndex];
		let error: unknown;
		if (result.ok) {
			try {
				target.push(...withPairing(spec.emit(result.value, input, itemIndex), itemIndex));
				const done = spec.describeDone?.(result.value, input);
				if (done) doneByItem.set(itemIndex, [...(doneByItem.get(itemIndex) ?? []), done]);
				return;
			} catch (emitError) {
				error = emitError;
			}
		} else {
			error = result.error;
		}
		const failure: FailedInput = {
			itemIndex,
			label: spec.describe?.(input),
			error: itemError(ctx, error, itemIndex),
		};
		failures.push(failure);
		if (continueOnFail) {
			target.push(
				continueOnFailItem(ctx, items[itemIndex], itemIndex, failure.error, failure.label),
			);
		}
	});

	if (failures.length > 0 && !continueOnFail) {
		throw combinedFailure(ctx, failures, inputs.length, doneByItem);
	}
	return outputsByItem.flat();
}
