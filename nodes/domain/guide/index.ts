export * from './definition';
export * from './formPage';
export * from './questions';
export * from './state';
export * from './step';
export * from './timeline';
export * from './refusal';
