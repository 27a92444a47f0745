export * from './objectTypes';
export * from './dates';
export * from './cursor';
export * from './changes';
export * from './settings';
