/**
 * Smart forwarding: whose phone rings for a caller. The responsible owner is the contact's or the
 * open deal's, in the order chosen (Ringostat's "Responsible manager" looks at the entities in a
 * set order); the call goes to that owner's first destination, or on to the next step of the
 * forwarding scheme when there is none.
 */
export type OwnerOrder = 'contactFirst' | 'dealFirst';

export interface Responsible {
	ownerId: string;
	from: 'contact' | 'deal';
}

export function responsibleOwner(
	order: OwnerOrder,
	contactOwnerId: string | undefined,
	dealOwnerId: string | undefined,
): Responsible | undefined {
	const candidates: Array<[Responsible['from'], string | undefined]> =
		order === 'contactFirst'
			? [
					['contact', contactOwnerId],
					['deal', dealOwnerId],
				]
			: [
					['deal', dealOwnerId],
					['contact', contactOwnerId],
				];
	for (const [from, ownerId] of candidates) if (ownerId) return { ownerId, from };
	return undefined;
}

/** How the call-tracking service reads the destination: the whole plain body, or one JSON key. */
export type AnswerFormat = { kind: 'text' } | { kind: 'json'; key: string };

/** The answer's body: the destination, or empty so the call goes to the scheme's next step. */
export function forwardingBody(destination: string | undefined, format: AnswerFormat): string {
	if (format.kind === 'text') return destination ?? '';
	return JSON.stringify({ [format.key]: destination ?? '' });
}
