import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  LIST_PAGE_SIZE_MAX,
  type DeploymentList,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

const PLUGIN_ID = 'model-deployments';

/**
 * Reads deployments through the REST API with the caller's own service credentials: a module of another
 * plugin cannot read this plugin's database. Services are allowed every permission, so it sees every
 * deployment.
 */
export class DeploymentsApiClient {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Deployments per request when listing; the API's maximum by default. */
      pageSize?: number;
    },
  ) {}

  /** Every deployment that is not deleted. */
  async listAll(): Promise<ModelDeployment[]> {
    const call = await this.caller();
    const deployments: ModelDeployment[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        limit: String(this.options.pageSize ?? LIST_PAGE_SIZE_MAX),
        ...(cursor ? { cursor } : {}),
      });
      const response = await call(`/deployments?${query}`);
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page = (await response.json()) as DeploymentList;
      deployments.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return deployments;
  }

  /** The deployment, with status `deleted` once it is; `undefined` when no deployment has this id. */
  async get(id: string): Promise<ModelDeployment | undefined> {
    const call = await this.caller();
    const response = await call(`/deployments/${encodeURIComponent(id)}`);
    if (response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as ModelDeployment;
  }

  private async caller(): Promise<(path: string) => Promise<Response>> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: PLUGIN_ID,
    });
    return path =>
      fetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
  }
}
