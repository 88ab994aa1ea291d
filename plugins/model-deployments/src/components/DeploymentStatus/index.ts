export { DeploymentStatus } from './DeploymentStatus';
export { formatInstances } from './formatInstances';
