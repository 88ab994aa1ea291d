export { ModelDeploymentsClient } from './ModelDeploymentsClient';
export type {
  CreateDeploymentOptions,
  EditDeploymentOptions,
  ModelDeploymentsApi,
  ModelDeploymentsRequestOptions,
} from './ModelDeploymentsApi';
