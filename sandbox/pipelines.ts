/**
 * Deal and ticket pipelines: HubSpot's default ones (ids and stage ids as every account has them)
 * plus any a seed adds. They give `pipeline`/`dealstage` and `hs_pipeline`/`hs_pipeline_stage`
 * their options, tell whether a deal is closed (and won) and check that a stage belongs to the
 * record's pipeline.
 */
import { invalidPropertyValues } from './errors';
import type { ObjectType } from './objectTypes';
import type { PropertyRegistry } from './propertyDefs';
import type { PipelineInput } from './types';

export type { PipelineInput, PipelineStageInput } from './types';

export const PIPELINE_OBJECT_TYPES = ['deals', 'tickets'] as const;
export type PipelineObjectType = (typeof PIPELINE_OBJECT_TYPES)[number];

/** The properties that hold a record's pipeline and stage. */
export const PIPELINE_PROPERTIES: Record<PipelineObjectType, { pipeline: string; stage: string }> =
	{
		deals: { pipeline: 'pipeline', stage: 'dealstage' },
		tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
	};

/** The pipeline a record is in when it names none. */
export const DEFAULT_PIPELINE_ID: Record<PipelineObjectType, string> = {
	deals: 'default',
	tickets: '0',
};

const dealStage = (id: string, label: string, probability: string, isClosed = false) => ({
	id,
	label,
	metadata: { isClosed: String(isClosed), probability },
});

/** HubSpot's default sales pipeline, with each stage's win probability. */
export const DEFAULT_DEAL_PIPELINE: PipelineInput = {
	id: 'default',
	label: 'Sales Pipeline',
	stages: [
		dealStage('appointmentscheduled', 'Appointment Scheduled', '0.2'),
		dealStage('qualifiedtobuy', 'Qualified To Buy', '0.4'),
		dealStage('presentationscheduled', 'Presentation Scheduled', '0.6'),
		dealStage('decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'),
		dealStage('contractsent', 'Contract Sent', '0.9'),
		dealStage('closedwon', 'Closed Won', '1.0', true),
		dealStage('closedlost', 'Closed Lost', '0.0', true),
	],
};

/** HubSpot's default support pipeline. */
export const DEFAULT_TICKET_PIPELINE: PipelineInput = {
	id: '0',
	label: 'Support Pipeline',
	stages: [
		{ id: '1', label: 'New', metadata: { ticketState: 'OPEN' } },
		{ id: '2', label: 'Waiting on contact', metadata: { ticketState: 'OPEN' } },
		{ id: '3', label: 'Waiting on us', metadata: { ticketState: 'OPEN' } },
		{ id: '4', label: 'Closed', metadata: { ticketState: 'CLOSED' } },
	],
};

export function isPipelineObjectType(type: ObjectType): type is PipelineObjectType {
	return (PIPELINE_OBJECT_TYPES as readonly string[]).includes(type);
}

export class PipelineRegistry {
	private byType = {} as Record<PipelineObjectType, PipelineInput[]>;

	constructor() {
		this.reset();
	}

	reset(): void {
		this.byType = {
			deals: [structuredClone(DEFAULT_DEAL_PIPELINE)],
			tickets: [structuredClone(DEFAULT_TICKET_PIPELINE)],
		};
	}

	/** Adds a pipeline; deal stages must say whether they are closed and their win probability. */
	add(type: PipelineObjectType, input: PipelineInput): void {
		if (this.get(type, input.id)) throw new Error(`${type} pipeline ${input.id} already exists`);
		if (input.stages.length === 0) throw new Error(`pipeline ${input.id} has no stages`);
		for (const stage of input.stages) {
			const taken = this.byType[type].some((p) => p.stages.some((s) => s.id === stage.id));
			if (taken) throw new Error(`stage id ${stage.id} is already used by a ${type} pipeline`);
			if (
				type === 'deals' &&
				(!['true', 'false'].includes(stage.metadata.isClosed) ||
					!Number.isFinite(Number(stage.metadata.probability)))
			)
				throw new Error(`deal stage ${stage.id} needs metadata.isClosed and probability`);
		}
		this.byType[type].push(structuredClone(input));
	}

	list(type: ObjectType): PipelineInput[] {
		return isPipelineObjectType(type) ? this.byType[type] : [];
	}

	get(type: ObjectType, pipelineId: string): PipelineInput | undefined {
		return this.list(type).find((p) => p.id === pipelineId);
	}

	/** A deal's closed and won flags, from its stage's metadata; undefined for an unknown stage. */
	dealOutcome(
		pipelineId: string | undefined,
		stageId: string,
	): { closed: boolean; won: boolean } | undefined {
		const stage = this.get('deals', pipelineId ?? DEFAULT_PIPELINE_ID.deals)?.stages.find(
			(s) => s.id === stageId,
		);
		if (!stage) return undefined;
		const closed = stage.metadata.isClosed === 'true';
		return { closed, won: closed && Number(stage.metadata.probability) === 1 };
	}

	/** Sets the options of the pipeline and stage properties to the pipelines' ids and stage ids. */
	applyTo(properties: PropertyRegistry): void {
		for (const type of PIPELINE_OBJECT_TYPES) {
			const names = PIPELINE_PROPERTIES[type];
			const pipelines = this.byType[type];
			setOptions(properties, type, names.pipeline, pipelines);
			setOptions(
				properties,
				type,
				names.stage,
				pipelines.flatMap((p) => p.stages),
			);
		}
	}
}

function setOptions(
	properties: PropertyRegistry,
	type: PipelineObjectType,
	name: string,
	entries: Array<{ id: string; label: string }>,
): void {
	const def = properties[type].get(name);
	if (!def) return;
	def.options = entries.map((entry, index) => ({
		label: entry.label,
		value: entry.id,
		displayOrder: index,
		hidden: false,
	}));
}

/**
 * A stage must belong to the record's pipeline (the one written, else the record's, else the
 * default): HubSpot rejects the write with INVALID_OPTION listing that pipeline's stages.
 */
export function assertStageInPipeline(
	pipelines: PipelineRegistry,
	type: ObjectType,
	changes: Record<string, string | null>,
	existing: Record<string, string> = {},
): void {
	if (!isPipelineObjectType(type)) return;
	const names = PIPELINE_PROPERTIES[type];
	if (changes[names.pipeline] === undefined && changes[names.stage] === undefined) return;
	const pipelineId =
		changes[names.pipeline] ?? existing[names.pipeline] ?? DEFAULT_PIPELINE_ID[type];
	const stageId = changes[names.stage] === undefined ? existing[names.stage] : changes[names.stage];
	const pipeline = pipelines.get(type, pipelineId);
	if (!pipeline || stageId === undefined || stageId === null) return;
	if (pipeline.stages.some((s) => s.id === stageId)) return;
	const allowed = pipeline.stages.map((s) => `label: "${s.label}" value: "${s.id}"`).join(', ');
	throw invalidPropertyValues([
		{
			name: names.stage,
			error: 'INVALID_OPTION',
			message: `${stageId} was not one of the allowed options for pipeline ${pipeline.id}: [${allowed}]`,
		},
	]);
}
