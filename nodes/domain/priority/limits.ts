/**
 * Bounds on what a rules source may hold. Rules come from a sheet anyone with edit access can
 * change; these keep one careless paste (a whole column of notes, a novel in a cell) from
 * costing the n8n process memory and time on every execution. Each is far above real rule tables.
 */
export const RULE_LIMITS = {
	/** Rules in one rule set, from any source. */
	maxRules: 10_000,
	/** Characters in one keyword or regex cell. */
	maxKeywordLength: 1_000,
	/** Rows read from a rules sheet's range, header, title and blank rows included. */
	maxSheetRows: 20_000,
	/** Cells read from a rules sheet's range (notes in other columns count too). */
	maxSheetCells: 200_000,
} as const;
