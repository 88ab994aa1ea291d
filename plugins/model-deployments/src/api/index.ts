export { modelDeploymentsApiRef } from './ModelDeploymentsApi';
export {
  ModelDeploymentsClient,
  type ModelDeploymentsApi,
} from '@modelops/plugin-model-deployments-common';
