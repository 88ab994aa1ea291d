import type { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { TimedKubeConfig } from './clusterRequests';
import { readClusterRequestTimeoutSeconds } from './config';

/**
 * The clusters the runtime may deploy to, by name: those of the Kubernetes plugin's configuration
 * (`kubernetes.clusterLocatorMethods` of type `config`, with a service-account token), so that one
 * app-config section serves both plugins, and the contexts of a kubeconfig file
 * (`modelDeployments.runtime.kubeconfig`, which also carries client certificates and exec plugins).
 * Every request through them is given up after `modelDeployments.runtime.clusterRequestTimeoutSeconds`
 * ({@link TimedKubeConfig}).
 */
export function readClusters(config: Config): Map<string, KubeConfig> {
  const clusters = new Map<string, KubeConfig>();
  const timeoutSeconds = readClusterRequestTimeoutSeconds(config);

  for (const locator of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (locator.getString('type') !== 'config') {
      continue;
    }
    for (const cluster of locator.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const authProvider = cluster.getOptionalString('authProvider');
      const token = cluster.getOptionalString('serviceAccountToken');
      if (authProvider !== 'serviceAccount' || !token) {
        // Other providers sign requests as the signed-in user, which a background runtime cannot do.
        continue;
      }
      const kubeConfig = new TimedKubeConfig(name, timeoutSeconds);
      kubeConfig.loadFromClusterAndUser(
        {
          name,
          server: cluster.getString('url'),
          caData: cluster.getOptionalString('caData'),
          caFile: cluster.getOptionalString('caFile'),
          skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        },
        { name: `${name}-model-deployments`, token },
      );
      clusters.set(name, kubeConfig);
    }
  }

  const kubeconfigFile = config.getOptionalString(
    'modelDeployments.runtime.kubeconfig',
  );
  if (kubeconfigFile) {
    const file = new KubeConfig();
    file.loadFromFile(kubeconfigFile);
    for (const context of file.getContexts()) {
      const kubeConfig = new TimedKubeConfig(context.name, timeoutSeconds);
      kubeConfig.loadFromFile(kubeconfigFile);
      kubeConfig.setCurrentContext(context.name);
      clusters.set(context.name, kubeConfig);
    }
  }
  return clusters;
}
