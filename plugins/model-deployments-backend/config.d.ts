import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Model Deployments backend (plugin id `model-deployments`). */
  modelDeployments?: {
    /**
     * How long, in seconds, a permission decision for a user and a permission, and a model's owner and
     * approvers read from the catalog, are reused (default 5; 0 asks the permission backend and the
     * catalog on every request). Like Kubernetes' authorization webhook cache: a change of policy, of
     * group membership or of a model's owner applies after at most this long.
     */
    permissionDecisionCacheSeconds?: number;

    /** The catalog module's full sync of the deployments' Components (default every 10 minutes). */
    catalog?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };

    /**
     * Four-eyes approval: in these environments the listed changes wait for an approver (a member of the
     * model's owner group, or of the group its `modelops.io/approvers` annotation names, other than the
     * requester) before they are applied. Without this section nothing waits.
     */
    approvals?: {
      /** Environments whose changes wait, e.g. `[production]`. */
      environments: Array<'development' | 'staging' | 'production'>;
      /** The changes that wait (default all three). */
      actions?: Array<'create' | 'update-model' | 'delete'>;
      /**
       * How long a request waits before it expires (default 3 days), as an ISO 8601 duration
       * (`P3D`) or an object such as `{ days: 3 }`.
       */
      expiresAfter?: string | HumanDuration;
    };

    /**
     * Where each environment's deployments run. Without this section deployments are recorded but
     * not run anywhere, and their operations stay queued.
     */
    environments?: {
      [environment in 'development' | 'staging' | 'production']?: {
        /**
         * A cluster of `kubernetes.clusterLocatorMethods` (type `config`, `authProvider: serviceAccount`
         * with a `serviceAccountToken`), or a context of `modelDeployments.runtime.kubeconfig`.
         */
        cluster: string;
        /** The namespace of the environment's deployments; created when missing. */
        namespace: string;
      };
    };

    /** How deployments become Kubernetes objects. Required with `environments`. */
    runtime?: {
      /**
       * The model server's image. `{{ modelId }}`, `{{ modelVersion }}` and `{{ name }}` are replaced;
       * a model's `modelops.io/serving-image` annotation overrides it.
       */
      servingImage: string;
      /**
       * Where the server loads the model from, given to it as `MODEL_URI`, with the same placeholders;
       * a model's `modelops.io/model-uri` annotation overrides it.
       */
      modelUri?: string;
      /** The port the model server listens on (default 8080); it also serves the health check. */
      containerPort?: number;
      /** A kubeconfig file whose contexts are clusters too (client certificates, exec plugins). */
      kubeconfig?: string;
      /** The `nvidia.com/gpu.product` node label value of each GPU type (defaults: GPU feature discovery's). */
      gpuProducts?: { T4?: string; V100?: string; A100?: string };
      /** What enforces load balancing and traffic splits: `none` (default), `istio` or `gateway-api`. */
      trafficManager?: 'none' | 'istio' | 'gateway-api';
      /** The Gateway that HTTPRoutes attach to, with `trafficManager: gateway-api`. */
      gateway?: { name: string; namespace?: string };
      /** A rollout that makes no progress for this long fails (default 600). */
      progressDeadlineSeconds?: number;
      /** How long a model may take to load before the startup probe gives up (default 600). */
      startupTimeoutSeconds?: number;
      /** The external metric of GPU utilisation for the autoscaler, when a metrics adapter serves one. */
      gpuUtilizationMetric?: string;
    };
  };
}
