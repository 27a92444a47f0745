/**
 * The call's source (UTM, Google client id, landing page) goes to custom properties of a new
 * caller's contact and deal. Before anything is written, each property is checked to exist on
 * both object types: a missing one fails the call naming it, or is created when the user allows.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HubSpotTransport } from '../shared/transport';
import type { CallSettings } from './callSettings';

export const SOURCE_OBJECT_TYPES = ['contacts', 'deals'] as const;

interface SourceRun {
	settings: CallSettings;
	createsRecords: boolean;
	failure?: Error;
}

function propertyGroup(objectType: string): string {
	return objectType === 'contacts' ? 'contactinformation' : 'dealinformation';
}

/** Marks the runs whose source properties are missing (and not to be created) as failed. */
export async function ensureSourceProperties(
	transport: HubSpotTransport,
	runs: Array<SourceRun | undefined>,
): Promise<void> {
	const needing = runs.filter(
		(run): run is SourceRun =>
			run !== undefined &&
			!run.failure &&
			run.createsRecords &&
			Object.keys(run.settings.source.values).length > 0,
	);
	if (needing.length === 0) return;
	const created = new Map<string, Promise<Error | undefined>>();
	for (const objectType of SOURCE_OBJECT_TYPES) {
		const existing = await transport.propertyNames(objectType);
		for (const run of needing) {
			for (const property of Object.keys(run.settings.source.values)) {
				if (existing.has(property) || run.failure) continue;
				const field = run.settings.source.fieldOf[property];
				if (!run.settings.source.createMissing) {
					run.failure = new NodeOperationError(
						transport.node,
						`Write Call Source To > ${field}: HubSpot has no ${objectType} property "${property}"`,
						{
							description: `Create it in HubSpot (single-line text) on contacts and deals, or switch on Create Missing Source Properties.`,
						},
					);
					continue;
				}
				const key = `${objectType}:${property}`;
				if (!created.has(key)) {
					created.set(
						key,
						transport
							.createTextProperty(objectType, {
								name: property,
								label: `${field} (call tracking)`,
								groupName: propertyGroup(objectType),
							})
							.then(
								() => undefined,
								// Made meanwhile (by another run, or a resent create): it exists.
								(error: unknown) =>
									error instanceof NodeApiError && error.httpCode === '409'
										? undefined
										: (error as Error),
							),
					);
				}
				const failure = await created.get(key);
				if (failure) run.failure = failure;
			}
		}
	}
}
