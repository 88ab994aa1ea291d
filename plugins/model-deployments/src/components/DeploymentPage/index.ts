export { DeploymentPage } from './DeploymentPage';
export { DeploymentDetails } from './DeploymentDetails';
