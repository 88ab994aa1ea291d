import type { Config } from '@backstage/config';
import {
  ENVIRONMENTS,
  type DeploymentEnvironment,
} from '@modelops/plugin-model-deployments-common';

/**
 * Where an environment's deployments run: `modelDeployments.environments.<environment>` in app-config.
 *
 * @public
 */
export type DeploymentEnvironmentConfig = {
  /** A cluster name from `kubernetes.clusterLocatorMethods` (type `config`) or a kubeconfig context. */
  cluster: string;
  /** The namespace of the environment's deployments. */
  namespace: string;
};

/**
 * Reads and checks `modelDeployments.environments`: each configured environment's cluster and
 * namespace. Empty when the section is absent (deployments are then recorded, not run anywhere); throws
 * for a key that is not one of the environments.
 *
 * @public
 */
export function readDeploymentEnvironments(
  config: Config,
): Partial<Record<DeploymentEnvironment, DeploymentEnvironmentConfig>> {
  const environments: Partial<
    Record<DeploymentEnvironment, DeploymentEnvironmentConfig>
  > = {};
  const section = config.getOptionalConfig('modelDeployments.environments');
  for (const key of section?.keys() ?? []) {
    if (!(ENVIRONMENTS as readonly string[]).includes(key)) {
      throw new Error(
        `modelDeployments.environments.${key} is not an environment; use one of ${ENVIRONMENTS.join(
          ', ',
        )}`,
      );
    }
    const environment = section!.getConfig(key);
    environments[key as DeploymentEnvironment] = {
      cluster: environment.getString('cluster'),
      namespace: environment.getString('namespace'),
    };
  }
  return environments;
}
