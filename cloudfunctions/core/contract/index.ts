export * from './errors';
export * from './actions';
