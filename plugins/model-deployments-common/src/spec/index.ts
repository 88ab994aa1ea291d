export * from './fields';
export * from './deploymentSpec';
export * from './testSpecs';
export * from './sections';
