export * from './storage.ts';
export * from './types.ts';
