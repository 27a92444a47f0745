/** /crm/v3/pipelines/{objectType}: read pipelines and their stages (deals and tickets). */
import { objectNotFound } from '../errors';
import type { PipelineInput, PipelineStageInput } from '../pipelines';
import type { RequestContext, Router } from '../router';
import type { SandboxStore } from '../store';
import { objectTypeParam } from './shared';

/** HubSpot's default pipelines predate any account; a fixed date stands for their creation. */
const PIPELINE_CREATED_AT = '2019-08-06T02:41:52.000Z';

function publicStage(stage: PipelineStageInput, displayOrder: number): Record<string, unknown> {
	return {
		id: stage.id,
		label: stage.label,
		displayOrder,
		metadata: { ...stage.metadata },
		createdAt: PIPELINE_CREATED_AT,
		updatedAt: PIPELINE_CREATED_AT,
		archived: false,
	};
}

function publicPipeline(pipeline: PipelineInput, displayOrder: number): Record<string, unknown> {
	return {
		id: pipeline.id,
		label: pipeline.label,
		displayOrder,
		stages: pipeline.stages.map(publicStage),
		createdAt: PIPELINE_CREATED_AT,
		updatedAt: PIPELINE_CREATED_AT,
		archived: false,
	};
}

function pipelineFor(store: SandboxStore, ctx: RequestContext): PipelineInput {
	const type = objectTypeParam(ctx);
	const pipeline = store.pipelines.get(type, ctx.params.pipelineId);
	if (!pipeline)
		throw objectNotFound(`Unable to find pipeline ${ctx.params.pipelineId} for ${type}`, {
			pipelineId: [ctx.params.pipelineId],
		});
	return pipeline;
}

export function registerPipelineRoutes(router: Router, store: SandboxStore): void {
	const base = '/crm/v3/pipelines/:objectType';
	router
		.add('GET', base, 'hubspot', (ctx) => ({
			status: 200,
			body: { results: store.pipelines.list(objectTypeParam(ctx)).map(publicPipeline) },
		}))
		.add('GET', `${base}/:pipelineId`, 'hubspot', (ctx) => {
			const type = objectTypeParam(ctx);
			const pipeline = pipelineFor(store, ctx);
			return {
				status: 200,
				body: publicPipeline(pipeline, store.pipelines.list(type).indexOf(pipeline)),
			};
		})
		.add('GET', `${base}/:pipelineId/stages`, 'hubspot', (ctx) => ({
			status: 200,
			body: { results: pipelineFor(store, ctx).stages.map(publicStage) },
		}))
		.add('GET', `${base}/:pipelineId/stages/:stageId`, 'hubspot', (ctx) => {
			const stages = pipelineFor(store, ctx).stages;
			const index = stages.findIndex((stage) => stage.id === ctx.params.stageId);
			if (index < 0)
				throw objectNotFound(
					`Unable to find stage ${ctx.params.stageId} in pipeline ${ctx.params.pipelineId}`,
					{ stageId: [ctx.params.stageId] },
				);
			return { status: 200, body: publicStage(stages[index], index) };
		});
}
