/** Merging displayOptions: a factory's own conditions and the ones its caller adds both apply. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The property with `extra` added to its displayOptions; its own condition on a name wins. */
export function withDisplayOptions(
	property: INodeProperties,
	extra: IDisplayOptions | undefined,
): INodeProperties {
	if (!extra) return property;
	const own = property.displayOptions ?? {};
	return {
		...property,
		displayOptions: {
			...own,
			...extra,
			show: own.show || extra.show ? { ...extra.show, ...own.show } : undefined,
			hide: own.hide || extra.hide ? { ...extra.hide, ...own.hide } : undefined,
		},
	};
}
