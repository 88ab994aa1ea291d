export * from './fields';
export * from './env';
export * from './deploymentSpec';
export * from './testSpecs';
export * from './sections';
