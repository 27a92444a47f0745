export * from './weeklyHours';
export * from './calendar';
export * from './deadline';
