export * from './event';
export * from './employees';
export * from './forwarding';
export * from './matrix';
export * from './readCall';
export * from './records';
export * from './webhookFields';
