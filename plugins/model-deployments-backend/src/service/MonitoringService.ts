import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  METRIC_NAMES,
  modelDeploymentReadLogsPermission,
  resolveMetricsRange,
  type AlertList,
  type DeploymentAlert,
  type DeploymentMetrics,
  type InstanceList,
  type logsQuerySchema,
  type metricsQuerySchema,
} from '@modelops/plugin-model-deployments-common';
import type { MetricsProvider } from '@modelops/plugin-model-deployments-node';
import type { Writable } from 'node:stream';
import type { z } from 'zod/v3';
import type { AlertStore } from '../database/AlertStore';
import type { DeploymentAccess } from '../deployments/DeploymentAccess';
import { principalName } from '../lib/principal';
import { metricsTarget } from '../monitoring/metricsTarget';
import { MonitoringLimits } from '../monitoring/MonitoringLimits';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { DeploymentRuntime } from '../runtime/DeploymentRuntime';
import { SERVER_CONTAINER } from '../runtime/manifests/workload';
import { LastLine, PodLogError, PodLogs } from '../runtime/PodLogs';
import { podInstances } from '../runtime/podInstances';

/** The API server's refusal as the error a client of this API gets. */
function fromApiServer(error: unknown): Error {
  if (!(error instanceof PodLogError)) {
    return error as Error;
  }
  if (error.apiServerStatus === 404) {
    return new NotFoundError(error.message);
  }
  if (error.apiServerStatus === 400) {
    return new InputError(error.message);
  }
  return new ServiceUnavailableError(
    `The cluster did not give the log: ${error.message}`,
  );
}

const NO_CLUSTER =
  'No cluster is configured (modelDeployments.environments), so the deployment has no instances';

/** The points of a range query: every `step` seconds from `from` to `to`, both ends included. */
function rangePoints(from: Date, to: Date, stepSeconds: number): number {
  return Math.floor((to.getTime() - from.getTime()) / 1000 / stepSeconds) + 1;
}

/**
 * The read paths of monitoring: metrics from the provider, instances from the runtime's watch cache, logs
 * from the Kubernetes API, alerts from the store. Each checks that the user may read the deployment (a
 * deployment they may not read does not exist), and logs need their own permission. The metrics a user
 * asks the provider for, and the logs they follow, are limited per user (`limits`).
 */
export class MonitoringService {
  private readonly limits: MonitoringLimits;

  constructor(
    private readonly options: {
      access: Pick<DeploymentAccess, 'findReadable'>;
      authorizer: Pick<DeploymentAuthorizer, 'authorize'>;
      alerts: AlertStore;
      metrics?: MetricsProvider;
      namespaceOf: (environment: string) => string | undefined;
      runtime?: Pick<DeploymentRuntime, 'view'>;
      /** By default, the default limits. */
      limits?: MonitoringLimits;
      clock?: () => Date;
    },
  ) {
    this.limits = options.limits ?? new MonitoringLimits();
  }

  async metrics(
    id: string,
    query: z.output<typeof metricsQuerySchema>,
    credentials: BackstageCredentials,
  ): Promise<DeploymentMetrics> {
    const { record } = await this.options.access.findReadable(id, credentials);
    const { from, to, step } = resolveMetricsRange(
      query,
      this.options.clock?.() ?? new Date(),
    );
    const answer = {
      from: from.toISOString(),
      to: to.toISOString(),
      stepSeconds: step,
      ...(query.track ? { track: query.track } : {}),
      metrics: [],
    };
    const provider = this.options.metrics;
    if (!provider) {
      return {
        state: 'not-configured',
        message:
          'No metrics provider is configured: a platform engineer sets modelDeployments.metrics (e.g. a Prometheus URL)',
        ...answer,
      };
    }
    const namespace = this.options.namespaceOf(record.spec.environment);
    if (!namespace) {
      return {
        state: 'not-configured',
        source: provider.source,
        message: `The environment ${record.spec.environment} has no cluster configured, so nothing of this deployment runs to be measured`,
        ...answer,
      };
    }
    // Charged only when the provider is asked: its load is what the budget bounds.
    this.limits.chargeMetrics(
      principalName(credentials),
      rangePoints(from, to, step),
    );
    try {
      const metrics = await provider.queryRange({
        target: metricsTarget(record, namespace, query.track),
        // Without GPUs there is no GPU utilisation to ask for.
        metrics: METRIC_NAMES.filter(
          name => name !== 'gpu' || record.spec.resources.gpuCount > 0,
        ),
        from,
        to,
        stepSeconds: step,
      });
      return { state: 'ok', source: provider.source, ...answer, metrics };
    } catch (error) {
      return {
        state: 'unreachable',
        source: provider.source,
        message: (error as Error).message,
        ...answer,
      };
    }
  }

  async instances(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<InstanceList> {
    const { record } = await this.options.access.findReadable(id, credentials);
    const view = this.options.runtime?.view(record.spec.environment, record.id);
    if (!view) {
      return { items: [], unavailable: NO_CLUSTER };
    }
    if ('unavailable' in view) {
      return { items: [], unavailable: view.unavailable };
    }
    return { items: podInstances(view.pods) };
  }

  /**
   * Checks the request, then streams the container's log into `out` until it ends, `signal` aborts, or
   * (when following) the client goes away or the follow has lasted as long as one may, when a last line
   * says so. Refusals are thrown before `onOpen`, and nothing is written; among them a 429 when the user
   * follows as many logs as they may already.
   */
  async streamLogs(
    id: string,
    instance: string,
    query: z.output<typeof logsQuerySchema>,
    credentials: BackstageCredentials,
    stream: { out: Writable; signal: AbortSignal; onOpen: () => void },
  ): Promise<void> {
    const { record, resource } = await this.options.access.findReadable(
      id,
      credentials,
    );
    await this.options.authorizer.authorize(
      credentials,
      modelDeploymentReadLogsPermission,
      resource,
    );
    const view = this.options.runtime?.view(record.spec.environment, record.id);
    if (!view || 'unavailable' in view) {
      throw new ServiceUnavailableError(view?.unavailable ?? NO_CLUSTER);
    }
    const pod = view.pods.find(p => p.metadata?.name === instance);
    if (!pod) {
      throw new NotFoundError(
        `No instance '${instance}' of deployment '${record.name}'`,
      );
    }
    const containers = (pod.spec?.containers ?? []).map(c => c.name);
    const container = query.container ?? SERVER_CONTAINER;
    if (!containers.includes(container)) {
      throw new InputError(
        `container must be one of the instance's containers: ${containers.join(
          ', ',
        )}`,
      );
    }
    // A read that is not followed ends once the lines are sent; a followed one holds a slot until it ends.
    const slot = query.follow
      ? this.limits.followSlot(principalName(credentials))
      : undefined;
    const timeUp = new AbortController();
    const timer =
      slot &&
      setTimeout(
        () => timeUp.abort(new LastLine(this.limits.followStoppedLine())),
        this.limits.settings.followMaxDurationMs,
      );
    try {
      await new PodLogs(view.kubeConfig)
        .stream(
          {
            namespace: view.namespace,
            pod: instance,
            container,
            tailLines: query.tailLines,
            sinceSeconds: query.sinceSeconds,
            follow: query.follow,
            previous: query.previous,
          },
          stream.out,
          AbortSignal.any([stream.signal, timeUp.signal]),
          stream.onOpen,
        )
        .catch(error => {
          throw fromApiServer(error);
        });
    } finally {
      clearTimeout(timer);
      slot?.release();
    }
  }

  async alerts(
    id: string,
    query: { state?: DeploymentAlert['state']; limit: number },
    credentials: BackstageCredentials,
  ): Promise<AlertList> {
    await this.options.access.findReadable(id, credentials);
    return { items: await this.options.alerts.list(id, query) };
  }
}
