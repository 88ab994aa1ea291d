export { DeploymentStatus } from './DeploymentStatus';
