export { DeploymentStatus } from './DeploymentStatus';
export { formatInstances, observedCount } from './formatInstances';
