export { modelDeploymentsApiRef } from './ModelDeploymentsApi';
export type { ModelDeploymentsApi } from './ModelDeploymentsApi';
export { ModelDeploymentsClient } from './ModelDeploymentsClient';
