export * from './fields';
export * from './deploymentSpec';
