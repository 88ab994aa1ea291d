export * from './createDeployment';
export * from './editDeployment';
export * from './listDeployments';
export * from './operations';
