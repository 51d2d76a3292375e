export * from './errors';
export * from './define';
export * from './members';
export * from './jobs';
export * from './actions';
