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

    /**
     * How many revisions each deployment keeps (default 50, at least 2): the oldest are removed as new
     * ones are made, as a Kubernetes Deployment's `revisionHistoryLimit` does; the serving revision is
     * always kept. A rollback can go back to a kept revision only.
     */
    revisionHistoryLimit?: number;

    // modelDeployments.catalog (the catalog module's schedule) is declared by
    // @modelops/plugin-catalog-backend-module-model-deployments.

    /**
     * Four-eyes approval: in these environments the listed changes wait for an approver (a member of the
     * model's owner group, or of the group its `modelops.io/approvers` annotation names, other than the
     * requester) before they are applied. Without this section nothing waits.
     */
    approvals?: {
      /** Environments whose changes wait, e.g. `[production]`. */
      environments: Array<'development' | 'staging' | 'production'>;
      /**
       * The changes that wait. Default: `create`, `update-model`, `edit` (only an edit that restarts
       * the pods: env, resources, health check) and `delete`. `rollback` is left out by default so that
       * an emergency rollback is not held up, but such a rollback may only return to a revision an
       * approver saw, else it waits; list it to make every rollback wait. `promote` (finish a canary
       * or blue-green update now) and `scale` wait only when listed.
       */
      actions?: Array<
        | 'create'
        | 'update-model'
        | 'edit'
        | 'delete'
        | 'rollback'
        | 'promote'
        | 'scale'
      >;
      /**
       * How long a request waits before it expires (default 3 days), as an ISO 8601 duration
       * (`P3D`) or an object such as `{ days: 3 }`.
       */
      expiresAfter?: string | HumanDuration;
    };

    /**
     * Which Secrets a deployment's environment variables may reference (`secretKeyRef`): a Secret in the
     * environment's namespace labelled `modelops.io/owner=<kind>.<namespace>.<name>` of the model's
     * owner (`group.default.nlp-team`), or one granted here. Checked when a change is asked for and
     * before every apply, so one team cannot read another's credentials from a shared namespace.
     */
    secrets?: {
      /** Secrets an owner may reference without the label, in every environment namespace. */
      grants?: Array<{
        /** The owner's entity reference, e.g. `group:default/nlp-team` (kind `group` by default). */
        owner: string;
        /** Names of Secrets in the environment namespaces. */
        secrets: string[];
      }>;
    };

    /**
     * Alerts on each deployment's thresholds (`spec.monitoring`: error rate, p99 latency, no ready
     * instance), evaluated every minute; a firing alert shows on the deployment and is sent to the
     * model's owner through Backstage notifications when the notifications backend is installed.
     */
    alerts?: {
      /** The window the error rate and p99 latency are taken over (default 300 seconds). */
      windowSeconds?: number;
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
      /**
       * Where instances without GPUs are scheduled (GPU instances go to the nodes of their GPU type): a
       * node pool's labels and the taints its instances tolerate, as a pod spec writes them.
       */
      cpuNodes?: {
        nodeSelector?: { [label: string]: string };
        tolerations?: Array<{
          key?: string;
          /** `Equal` (default) or `Exists`. */
          operator?: string;
          value?: string;
          /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`; all effects when absent. */
          effect?: string;
        }>;
      };
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
      /**
       * The Pod Security standard the pods meet: `restricted` (default: non-root, no privilege
       * escalation, no capabilities, the runtime's seccomp profile) or `baseline`, for serving runtimes
       * that need more. Each deployment shows which in its `PodSecurityRestricted` condition.
       */
      podSecurity?: 'restricted' | 'baseline';
      /**
       * With two or more backend replicas on one PostgreSQL database, one replica drives each
       * deployment at a time, under a lease it renews whenever it works on it; once the lease is this
       * many seconds old (the holder crashed or hangs), another replica takes over (default 30). The
       * replicas' clocks must agree to well within it.
       */
      leaseSeconds?: number;
      /**
       * How long the runtime waits for a cluster's API server to answer a request (a watch or a pod
       * log: to start answering) before it gives the request up as a failure, reported on the
       * deployment and retried (default 15, or half of `leaseSeconds` when that is shorter; at most
       * half of `leaseSeconds`). Each environment is reconciled on its own, so one whose API server
       * does not answer delays no other.
       */
      clusterRequestTimeoutSeconds?: number;
    };

    /**
     * Where the deployments' metrics come from. Without this section the metrics are reported as not
     * configured, and canary analysis and the metric alerts have no figures to judge.
     */
    metrics?: {
      /** A Prometheus HTTP API: Prometheus itself, or Thanos, Mimir or a managed Prometheus. */
      prometheus?: {
        /** The base URL, e.g. `http://prometheus.monitoring:9090`; `/api/v1/...` is added to it. */
        url: string;
        /**
         * The request metrics the queries read (default `istio`): `istio` for Istio's
         * `istio_requests_total` and `istio_request_duration_milliseconds`, `opentelemetry` for the
         * OpenTelemetry HTTP server histogram `http_server_request_duration_seconds` as a collector's
         * Prometheus exporter writes it (with `k8s_namespace_name` and `k8s_deployment_name`). CPU and
         * memory come from cAdvisor, GPU utilisation from DCGM, with either.
         */
        preset?: 'istio' | 'opentelemetry';
        /**
         * The shortest window given to rate(), as a Prometheus duration (default `1m`); a range query
         * with a longer step uses the step, so that no sample falls between two points.
         */
        rateWindow?: string;
        /** How long a query may take before Prometheus is reported as unreachable (default 10). */
        timeoutSeconds?: number;
        /**
         * Sent with every query, e.g. `Authorization` for a managed Prometheus.
         * @deepVisibility secret
         */
        headers?: { [name: string]: string };
        /**
         * Environments whose cluster has a Prometheus of its own: its URL and headers, in place of
         * `url` and `headers`, for that environment's deployments. The preset, queries, rate window and
         * timeout are shared.
         */
        environments?: {
          [environment in 'development' | 'staging' | 'production']?: {
            /** The base URL of this environment's Prometheus HTTP API. */
            url: string;
            /**
             * Sent with every query to it; the shared `headers` are not.
             * @deepVisibility secret
             */
            headers?: { [name: string]: string };
          };
        };
        /**
         * PromQL templates that replace the preset's, per metric. `{{namespace}}`, `{{name}}` (the
         * deployment's name), `{{workloads}}` (a regex of its Kubernetes Deployments, or of one track's),
         * `{{pods}}` (a regex of their pods' names) and `{{window}}` (the rate window) are replaced, as
         * the content of a double-quoted string; a latency template is run once per quantile, with
         * `{{quantile}}`. Request rate and error rate must give one series; CPU, memory and GPU one per
         * `pod` label.
         */
        queries?: {
          /** Requests per second. */
          requestRate?: string;
          /** Milliseconds at `{{quantile}}`. */
          latency?: string;
          /** The percentage of requests answered with a 5xx. */
          errorRate?: string;
          /** Cores used, per pod. */
          cpu?: string;
          /** Working set bytes, per pod. */
          memory?: string;
          /** GPU utilisation percent, per pod. */
          gpu?: string;
        };
      };
      /**
       * Each user's budget of metrics points, whatever the provider: a range query costs its points
       * (timestamps: the range over the step, plus one), taken when the provider is asked; beyond the
       * budget the route answers 429 with `Retry-After`. Kept in each backend replica's memory, so
       * with N replicas a user may get up to N times as much.
       */
      limits?: {
        /** Points the budget refills by each minute (default 12000: six pages refreshing every 15 s). */
        pointsPerMinute?: number;
        /**
         * The most points the budget holds, what a user may ask for at once after a pause (default
         * 24000); at least 11001, the largest range the API allows.
         */
        burstPoints?: number;
      };
    };

    /** Pod logs, read from the Kubernetes API server with the runtime's credentials. */
    logs?: {
      /**
       * Followed logs (`follow=true`), each a connection to the API server held open. Kept in each
       * backend replica's memory, so with N replicas a user may hold up to N times as many.
       */
      follow?: {
        /** How many followed logs one user may hold open at once (default 5); beyond, 429. */
        maxStreamsPerUser?: number;
        /**
         * How long one followed log lasts at most (default 30 minutes), as an ISO 8601 duration
         * (`PT30M`) or an object such as `{ minutes: 30 }`; it then ends with a line that says so, and
         * the client follows again to continue (with the permission checked again).
         */
        maxDuration?: string | HumanDuration;
      };
    };
  };
}
