export * from './actions';
export * from './propertyValue';
