export * from './types';
export * from './levels';
export { normaliseForMatching } from './normalise';
export { parseMatchType, MATCH_TYPE_HINT } from './matchType';
export * from './ruleSet';
export * from './sheet';
export * from './prefix';
export * from './hubspot';
export * from './plan';
