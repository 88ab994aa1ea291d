import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DeploymentList,
  ListDeploymentsQuery,
  ModelDeployment,
  ModelVersion,
} from '@modelops/plugin-model-deployments-common';
import type { ModelDeploymentsApi } from './ModelDeploymentsApi';

/**
 * The client of the Model Deployments backend, through the app's fetch API (which adds the user's
 * token).
 *
 * @public
 */
export class ModelDeploymentsClient implements ModelDeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listDeployments(
    query: ListDeploymentsQuery = {},
  ): Promise<DeploymentList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined) params.append(key, String(item));
      }
    }
    const search = params.toString();
    return this.get<DeploymentList>(
      `/deployments${search ? `?${search}` : ''}`,
    );
  }

  getDeployment(id: string): Promise<ModelDeployment> {
    return this.get<ModelDeployment>(`/deployments/${encodeURIComponent(id)}`);
  }

  async listModelVersions(modelRef: string): Promise<ModelVersion[]> {
    const { kind, namespace, name } = parseEntityRef(modelRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return (
      await this.get<{ items: ModelVersion[] }>(`/models/${path}/versions`)
    ).items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'model-deployments',
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
