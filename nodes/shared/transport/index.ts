/** The public surface of the transport for node authors. */
export { HubSpotTransport, DEFAULT_HUBSPOT_BASE_URL } from './HubSpotTransport';
export type { HubSpotTransportConfig } from './HubSpotTransport';
export type { RequestOptions } from './transportCore';
export { BatchStream } from './batchStream';
export type { BatchStreamOptions } from './batchStream';
export type { HubSpotApis } from './hubspotClientFactory';
export {
	hubSpotTransportFor,
	googleSheetsClientFor,
	testGoogleSheetsServiceAccount,
	testHubSpotTaskflowApi,
} from './fromContext';
export {
	REDIS_URL_ENVIRONMENT_VARIABLE,
	REDIS_KEY_PREFIX_ENVIRONMENT_VARIABLE,
} from '../state/redisSettings';
export type {
	HubSpotTaskflowCredentialData,
	TransportContext,
	TransportOverrides,
} from './fromContext';
export { toHubSpotNodeApiError, isNodeApiError, HUBSPOT_CREDENTIAL_TYPE } from './hubspotErrors';
export type { MapErrorOptions } from './hubspotErrors';
export {
	GoogleSheetsClient,
	parseServiceAccount,
	toGoogleSheetsNodeApiError,
	GOOGLE_SHEETS_CREDENTIAL_TYPE,
	DEFAULT_SHEETS_BASE_URL,
	GOOGLE_TOKEN_URL,
} from './googleSheets';
export type {
	GoogleSheetsServiceAccountCredentialData,
	ReadValuesOptions,
	SpreadsheetSummary,
} from './googleSheets';
export { HUBSPOT_BATCH_LIMIT } from './batchResults';
export { SEARCH_PAGE_LIMIT, SEARCH_RESULT_CAP } from './crmSearch';
export { sortBy } from './crmChangeFeed';
export type { ChangeFeedRequest, ChangePage, ChangedRecord } from './crmChangeFeed';
export type { RateLimitOptions } from './rateLimit';
export { closeSharedRateBudgets } from './rateBudget';
export type { RetryOptions } from './retryPolicy';
export type * from './types';
