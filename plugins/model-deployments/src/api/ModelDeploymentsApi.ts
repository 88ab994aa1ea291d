import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DeploymentList,
  ListDeploymentsQuery,
  ModelDeployment,
  ModelVersion,
} from '@modelops/plugin-model-deployments-common';

/**
 * The Model Deployments backend (`/api/model-deployments`), as the frontend calls it, typed from the
 * common package. Errors are `ResponseError`s that carry the backend's message, which names the field.
 *
 * @public
 */
export interface ModelDeploymentsApi {
  listDeployments(query?: ListDeploymentsQuery): Promise<DeploymentList>;
  getDeployment(id: string): Promise<ModelDeployment>;
  /** The versions a model can be deployed at, newest first. */
  listModelVersions(modelRef: string): Promise<ModelVersion[]>;
}

/** @public */
export const modelDeploymentsApiRef = createApiRef<ModelDeploymentsApi>({
  id: 'plugin.model-deployments.service',
});
