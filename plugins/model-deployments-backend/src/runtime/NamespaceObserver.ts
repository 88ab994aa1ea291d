import {
  AppsV1Api,
  CoreV1Api,
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ObjectCache,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { TimedKubeConfig } from './clusterRequests';
import {
  DEPLOYMENT_ID_LABEL,
  MANAGED_BY,
  MANAGED_BY_LABEL,
} from './manifests/labels';

const SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
/** After a watch fails, wait this long before listing and watching again. */
const RESTART_DELAY_MS = 5_000;

type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

/**
 * Watches one namespace of one cluster: the Deployments and pods that carry our label, with one list
 * and one watch per kind, however many deployments there are. Tells its listener which deployment
 * changed; the caches answer what it looks like now.
 */
export class NamespaceObserver {
  private readonly deployments: Watched<V1Deployment>;
  private readonly pods: Watched<V1Pod>;
  private stopped = false;
  /** The last error of a watch, until it recovers: the cluster is unreachable or refuses us. */
  private failure: Error | undefined;

  constructor(
    kubeConfig: KubeConfig,
    readonly namespace: string,
    private readonly onChange: (deploymentId: string) => void,
    private readonly logger: LoggerService,
  ) {
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    this.deployments = makeInformer(
      kubeConfig,
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      () =>
        apps.listNamespacedDeployment({ namespace, labelSelector: SELECTOR }),
      SELECTOR,
    );
    this.pods = makeInformer(
      kubeConfig,
      `/api/v1/namespaces/${namespace}/pods`,
      () => core.listNamespacedPod({ namespace, labelSelector: SELECTOR }),
      SELECTOR,
    );
    for (const informer of [
      this.deployments,
      this.pods,
    ] as Watched<KubernetesObject>[]) {
      for (const verb of ['add', 'update', 'delete'] as const) {
        informer.on(verb, object => {
          const id = object.metadata?.labels?.[DEPLOYMENT_ID_LABEL];
          if (id) {
            this.onChange(id);
          }
        });
      }
      informer.on('connect', () => {
        this.failure = undefined;
      });
      informer.on('error', failure => {
        // A watch whose answer did not start in time says so (see TimedKubeConfig).
        const error =
          kubeConfig instanceof TimedKubeConfig
            ? kubeConfig.explain(failure)
            : failure;
        this.failure =
          error instanceof Error ? error : new Error(String(error));
        this.logger.warn(
          `Watch of ${namespace} failed, restarting in ${
            RESTART_DELAY_MS / 1000
          } s: ${this.failure.message}`,
        );
        setTimeout(() => {
          if (!this.stopped) {
            informer.start().catch(() => undefined);
          }
        }, RESTART_DELAY_MS);
      });
    }
  }

  async start(): Promise<void> {
    await Promise.all([this.deployments.start(), this.pods.start()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.deployments.stop(), this.pods.stop()]);
  }

  /** Why the cluster cannot be observed now, if it cannot. */
  get unreachable(): Error | undefined {
    return this.failure;
  }

  /** The deployment's workloads and pods, from the caches. */
  snapshot(deploymentId: string): {
    deployments: V1Deployment[];
    pods: V1Pod[];
  } {
    const mine = (o: KubernetesObject) =>
      o.metadata?.labels?.[DEPLOYMENT_ID_LABEL] === deploymentId;
    return {
      deployments: this.deployments.list(this.namespace).filter(mine),
      pods: this.pods.list(this.namespace).filter(mine),
    };
  }
}
