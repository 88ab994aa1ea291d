import type {
  MetricName,
  MetricResult,
} from '@modelops/plugin-model-deployments-common';

/**
 * What to measure: the Kubernetes Deployments (workloads) of one deployment in its namespace, all of them
 * or one track's (the canary's, to compare it with the stable one).
 *
 * @public
 */
export type MetricsTarget = {
  deploymentId: string;
  /** The deployment's name: its `app.kubernetes.io/name` label, Istio's canonical service. */
  name: string;
  environment: string;
  namespace: string;
  /** The Kubernetes Deployments whose pods serve the requests to measure. */
  workloads: string[];
};

/** @public */
export type MetricsRangeRequest = {
  target: MetricsTarget;
  metrics: readonly MetricName[];
  from: Date;
  to: Date;
  stepSeconds: number;
};

/**
 * The requests of a window as single figures: what canary analysis and alerts compare with thresholds.
 * `null` where nothing was measured (no request came in, or the metric does not exist).
 *
 * @public
 */
export type RequestSummary = {
  requestsPerSecond: number | null;
  errorRatePercent: number | null;
  p99LatencyMs: number | null;
};

/**
 * A source of a deployment's metrics. A method that cannot reach its source throws; the backend then
 * reports the provider as unreachable with the error's message, and shows no figures.
 *
 * @public
 */
export interface MetricsProvider {
  /** Where the figures come from, as a user should read it, e.g. "Prometheus (Istio request metrics)". */
  readonly source: string;
  /** Each metric over a range, as series with their unit; a metric whose query fails carries the error. */
  queryRange(request: MetricsRangeRequest): Promise<MetricResult[]>;
  /** The request rate, error rate and p99 latency over the window from `from` to `to`. */
  summarizeRequests(
    target: MetricsTarget,
    window: { from: Date; to: Date },
  ): Promise<RequestSummary>;
}
