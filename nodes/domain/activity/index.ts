export * from './plan';
export * from './owners';
