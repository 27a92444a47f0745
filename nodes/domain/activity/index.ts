export * from './plan';
export * from './owners';
export * from './goals';
