import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { apiServerMessage } from './apiServerMessage';
import { ClusterApplier } from './ClusterApplier';
import type { EnvironmentTarget, RuntimeConfig } from './config';
import { NamespaceObserver } from './NamespaceObserver';

/** How long to wait before trying a cluster that could not be reached again. */
const RETRY_UNREACHABLE_MS = 5000;

/** Where an environment's deployments run, and how the runtime reaches it. */
export type Target = {
  name: string;
  environment: EnvironmentTarget;
  applier: ClusterApplier;
  observer: NamespaceObserver;
  /** Whether the namespace exists and is being watched; until then each pass tries again. */
  observing: boolean;
  /** Why it is not being watched, as the cluster said. */
  unreachable?: string;
  /** When to try reaching it again. */
  retryAt: number;
};

/** What the runtime sees of one deployment: its pods from the watch cache, or why it cannot see them. */
export type DeploymentView =
  | { kubeConfig: KubeConfig; namespace: string; pods: V1Pod[] }
  | { unavailable: string };

/**
 * The environments' clusters and namespaces: each is watched once it can be reached, and tried again
 * every few seconds while it cannot. A namespace that starts being watched has all its deployments
 * observed once (`onObserving`), since what changed while nobody watched sends no watch event.
 */
export class ClusterTargets {
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly options: {
      config: RuntimeConfig;
      clusters: Map<string, KubeConfig>;
      logger: LoggerService;
      /** A deployment the watches say changed. */
      onChange: (deploymentId: string) => void;
      /** An environment whose namespace is now watched. */
      onObserving: (environment: string) => Promise<void>;
    },
  ) {}

  /**
   * Creates each environment's target; each starts being watched at its environment's first pass
   * ({@link retryUnreachable}), so that one cluster that does not answer holds up no other.
   */
  start(): void {
    const { config, clusters, logger, onChange } = this.options;
    for (const [name, environment] of Object.entries(config.environments)) {
      const kubeConfig = clusters.get(environment.cluster);
      if (!kubeConfig) {
        throw new Error(
          `modelDeployments.environments.${name}.cluster is '${environment.cluster}', which is neither a cluster of kubernetes.clusterLocatorMethods with a service-account token nor a context of modelDeployments.runtime.kubeconfig`,
        );
      }
      const target: Target = {
        name,
        environment,
        applier: new ClusterApplier(kubeConfig),
        observer: new NamespaceObserver(
          kubeConfig,
          environment.namespace,
          onChange,
          logger.child({ environment: name }),
        ),
        observing: false,
        retryAt: 0,
      };
      this.targets.set(name, target);
    }
  }

  /** The environments that have a target. */
  environments(): string[] {
    return [...this.targets.keys()];
  }

  /**
   * Starts watching the environment's namespace when it is not watched yet: at once the first time,
   * then once the wait after a failure is over.
   */
  async retryUnreachable(environment: string): Promise<void> {
    const target = this.targets.get(environment);
    if (target && !target.observing && Date.now() >= target.retryAt) {
      await this.startObserving(target);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.targets.values()].map(t => t.observer.stop()));
  }

  get(environment: string): Target | undefined {
    return this.targets.get(environment);
  }

  /** Why nothing can be applied or observed in the target now, or `undefined` when it can. */
  unreachable(target: Target): string | undefined {
    const lostWatch = target.observer.unreachable;
    return (
      target.unreachable ??
      (lostWatch &&
        `Lost contact with cluster ${target.environment.cluster} (namespace ${
          target.environment.namespace
        }): ${apiServerMessage(lostWatch)}; retrying`)
    );
  }

  /**
   * Where an environment's deployments run and what the runtime sees of one deployment there: its pods
   * from the watch cache (no request to the cluster), or why the namespace cannot be seen.
   */
  view(environment: string, deploymentId: string): DeploymentView {
    const target = this.targets.get(environment);
    if (!target) {
      return {
        unavailable: `The environment ${environment} has no cluster configured`,
      };
    }
    const lost = target.observer.unreachable;
    if (!target.observing || lost) {
      return {
        unavailable:
          target.unreachable ??
          (lost
            ? `Lost contact with cluster ${target.environment.cluster}: ${lost.message}`
            : `The namespace ${target.environment.namespace} is not observed yet`),
      };
    }
    return {
      kubeConfig: this.options.clusters.get(target.environment.cluster)!,
      namespace: target.environment.namespace,
      pods: target.observer.snapshot(deploymentId).pods,
    };
  }

  private async startObserving(target: Target): Promise<void> {
    const { namespace, cluster } = target.environment;
    try {
      await target.applier.ensureNamespace(namespace);
      await target.observer.start();
      target.observing = true;
    } catch (error) {
      const message = `Cannot reach namespace ${namespace} on cluster ${cluster}: ${apiServerMessage(
        error,
      )}`;
      if (message !== target.unreachable) {
        this.options.logger.warn(
          `${message}; trying again every ${RETRY_UNREACHABLE_MS / 1000} s`,
        );
      }
      target.unreachable = message;
      target.retryAt = Date.now() + RETRY_UNREACHABLE_MS;
      return;
    }
    target.unreachable = undefined;
    await this.options.onObserving(target.name);
  }
}
