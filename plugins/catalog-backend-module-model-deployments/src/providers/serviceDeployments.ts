import type { AuthService } from '@backstage/backend-plugin-api';
import type {
  ModelDeployment,
  ModelDeploymentsApi,
} from '@modelops/plugin-model-deployments-common';

/** The deployments the provider publishes, as it reads them. */
export type DeploymentsReader = {
  /** Every deployment that is not deleted. */
  listAll(): Promise<ModelDeployment[]>;
  /** The deployment, with status `deleted` once it is; `undefined` when no deployment has this id. */
  get(id: string): Promise<ModelDeployment | undefined>;
};

/**
 * Reads deployments through the REST API with the module's own service credentials: a module of another
 * plugin cannot read this plugin's database. Services are allowed every permission, so it sees every
 * deployment.
 */
export function serviceDeployments(options: {
  client: Pick<ModelDeploymentsApi, 'listAllDeployments' | 'findDeployment'>;
  auth: AuthService;
  /** Deployments per request when listing; the API's maximum by default. */
  pageSize?: number;
}): DeploymentsReader {
  const { client, auth, pageSize } = options;
  const asService = async () =>
    auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'model-deployments',
    });
  return {
    listAll: async () =>
      client.listAllDeployments({ limit: pageSize }, await asService()),
    get: async id => client.findDeployment(id, await asService()),
  };
}
