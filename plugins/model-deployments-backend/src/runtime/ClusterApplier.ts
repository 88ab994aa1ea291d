import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import {
  DEPLOYMENT_ID_LABEL,
  FIELD_MANAGER,
  MANAGED_BY,
  MANAGED_BY_LABEL,
} from './manifests/labels';
import type { AppliedGenerations } from './observedState';

/** Every kind a deployment may own, so that what a plan no longer contains can be found and removed. */
const OWNED_KINDS: { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
  { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
];

function isNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 404;
}

const identity = (o: KubernetesObject) =>
  `${o.apiVersion}/${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;

/**
 * Brings a cluster's objects of one deployment to a set of manifests: server-side apply under one field
 * manager (so fields others own, such as the HPA's replica count, stay theirs), then removal of the
 * objects the deployment owns that the manifests no longer contain.
 */
export class ClusterApplier {
  private readonly api: KubernetesObjectApi;

  constructor(kubeConfig: KubeConfig) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  /** Creates the namespace when it is missing; leaves an existing one as it is. */
  async ensureNamespace(namespace: string): Promise<void> {
    try {
      await this.api.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      await this.api.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
        },
      });
    }
  }

  /** Resolves to the generation the API server gave each Deployment, by name. */
  async apply(
    deploymentId: string,
    namespace: string,
    objects: KubernetesObject[],
  ): Promise<AppliedGenerations> {
    const generations: AppliedGenerations = {};
    for (const object of objects) {
      const applied = await this.api.patch(
        object,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
      if (applied.kind === 'Deployment' && applied.metadata?.name) {
        generations[applied.metadata.name] = applied.metadata.generation ?? 0;
      }
    }
    const wanted = new Set(objects.map(identity));
    for (const owned of await this.owned(deploymentId, namespace)) {
      if (!wanted.has(identity(owned))) {
        await this.remove(owned);
      }
    }
    return generations;
  }

  /** Removes every object of the deployment; resolves to how many were still there. */
  async removeAll(deploymentId: string, namespace: string): Promise<number> {
    const owned = await this.owned(deploymentId, namespace);
    for (const object of owned) {
      await this.remove(object);
    }
    return owned.length;
  }

  /** The objects of the deployment that exist now, of every kind it may own. */
  async owned(
    deploymentId: string,
    namespace: string,
  ): Promise<KubernetesObject[]> {
    const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY},${DEPLOYMENT_ID_LABEL}=${deploymentId}`;
    const found: KubernetesObject[] = [];
    for (const { apiVersion, kind } of OWNED_KINDS) {
      try {
        const list = await this.api.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          selector,
        );
        found.push(...list.items.map(item => ({ ...item, apiVersion, kind })));
      } catch (error) {
        // A cluster without Istio or the Gateway API has no such kind, and so no such objects.
        if (!isNotFound(error)) {
          throw error;
        }
      }
    }
    return found;
  }

  private async remove(object: KubernetesObject): Promise<void> {
    try {
      await this.api.delete(
        object,
        undefined,
        undefined,
        undefined,
        undefined,
        'Foreground',
      );
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }
}
