/**
 * The Sheets credential as every node using the rules source declares it: required, but asked for
 * only while the rules come from a sheet. A node spreads this into its own entry, keeping `name`
 * and `testedBy` there as plain strings: n8n's lint plugin reads them from the node file to check
 * that the credential is tested, and fails on entries that are not object literals.
 *
 *   credentials: [{
 *     name: 'googleSheetsTaskflowServiceAccountApi',
 *     testedBy: 'testGoogleSheetsServiceAccount',    // methods.credentialTest, from ../transport
 *     ...SHEETS_CREDENTIAL_FOR_RULES,
 *   }]
 */
import type { INodeCredentialDescription } from 'n8n-workflow';

import { RULES_SOURCE_PARAMETER } from '../rulesSource/description';

export const SHEETS_CREDENTIAL_FOR_RULES: Pick<
	INodeCredentialDescription,
	'required' | 'displayOptions'
> = {
	required: true,
	displayOptions: { show: { [RULES_SOURCE_PARAMETER]: ['sheet'] } },
};
