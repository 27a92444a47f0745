export * from './signature';
export * from './requestUri';
export * from './events';
export * from './dedupe';
export * from './verifyRequest';
export * from './intake';
export * from './secretStrength';
