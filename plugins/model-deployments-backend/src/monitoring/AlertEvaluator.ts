import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AlertKind,
  DeploymentAlert,
  DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import type { MetricsProvider } from '@modelops/plugin-model-deployments-node';
import type { AlertObservation, AlertStore } from '../database/AlertStore';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { DeploymentRecord } from '../database/rows';
import type { AlertNotifier } from './AlertNotifier';
import { formatFigure } from './formatFigure';
import { metricsTarget } from './metricsTarget';

/** Deployments that should be serving: starting ones are not yet expected to, stopped ones not any more. */
const EVALUATED_STATUSES: readonly DeploymentStatus[] = [
  'running',
  'degraded',
  'updating',
  'rolling-back',
  'failed',
];

/** Deployments evaluated at once: each asks the metrics provider three instant queries. */
const CONCURRENCY = 8;

/** `unknown`: nothing could be measured (no provider, provider unreachable): the alert stays as it is. */
type Verdict =
  | { state: 'firing' | 'ok'; observation: AlertObservation }
  | { state: 'unknown' };

/**
 * Evaluates each deployment's thresholds (`spec.monitoring`) and records alerts as they fire and
 * resolve, telling the model's owners of each change. Run on a schedule by the plugin.
 */
export class AlertEvaluator {
  constructor(
    private readonly options: {
      store: DeploymentStore;
      alerts: AlertStore;
      notifier: AlertNotifier;
      logger: LoggerService;
      metrics?: MetricsProvider;
      namespaceOf: (environment: string) => string | undefined;
      /** The window the request figures are taken over. */
      windowSeconds: number;
      clock?: () => Date;
    },
  ) {}

  async evaluateAll(): Promise<void> {
    const at = this.options.clock?.() ?? new Date();
    const deployments = await this.options.store.listDeploymentsInStatus(
      EVALUATED_STATUSES,
    );
    for (let i = 0; i < deployments.length; i += CONCURRENCY) {
      await Promise.all(
        deployments
          .slice(i, i + CONCURRENCY)
          .map(deployment => this.evaluate(deployment, at)),
      );
    }
    await this.resolveNotEvaluated(new Set(deployments.map(d => d.id)), at);
  }

  private async evaluate(record: DeploymentRecord, at: Date): Promise<void> {
    const verdicts = [
      this.instancesVerdict(record, at),
      ...(await this.requestVerdicts(record, at)),
    ];
    for (const verdict of verdicts) {
      if (verdict.state === 'unknown') {
        continue;
      }
      const changed =
        verdict.state === 'firing'
          ? await this.options.alerts.fire(verdict.observation)
          : await this.options.alerts.resolve(verdict.observation);
      if (changed) {
        await this.options.notifier.changed(changed, {
          name: record.name,
          owner: record.owner,
          environment: record.spec.environment,
        });
      }
    }
  }

  private instancesVerdict(record: DeploymentRecord, at: Date): Verdict {
    const ready = record.instancesReady;
    const desired = record.spec.replicas.min;
    if (ready === null) {
      return { state: 'unknown' };
    }
    const observation = this.observation(record, 'no-ready-instances', at, {
      value: ready,
      threshold: 1,
      unit: 'instances',
    });
    if (!record.spec.monitoring.alertOnNoReadyInstances || ready > 0) {
      return {
        state: 'ok',
        observation: {
          ...observation,
          summary: `${ready} of ${desired} instances are ready`,
        },
      };
    }
    return {
      state: 'firing',
      observation: {
        ...observation,
        summary: `No instance is ready (0 of ${desired})`,
      },
    };
  }

  private async requestVerdicts(
    record: DeploymentRecord,
    at: Date,
  ): Promise<Verdict[]> {
    const { metrics, namespaceOf, windowSeconds, logger } = this.options;
    const namespace = namespaceOf(record.spec.environment);
    if (!metrics || !namespace) {
      return [];
    }
    let summary;
    try {
      summary = await metrics.summarizeRequests(
        metricsTarget(record, namespace),
        { from: new Date(at.getTime() - windowSeconds * 1000), to: at },
      );
    } catch (error) {
      logger.warn(
        `Could not evaluate the alerts of ${record.name}: ${
          (error as Error).message
        }`,
      );
      return [{ state: 'unknown' }];
    }
    const window = `over the last ${
      windowSeconds % 60 === 0
        ? `${windowSeconds / 60} min`
        : `${windowSeconds} s`
    }`;
    const { maxErrorRatePercent, maxP99LatencyMs } = record.spec.monitoring;
    return [
      this.thresholdVerdict(record, at, {
        kind: 'error-rate',
        value: summary.errorRatePercent,
        threshold: maxErrorRatePercent,
        unit: 'percent',
        describe: value => `Error rate ${formatFigure(value)} % ${window}`,
        limit: `${formatFigure(maxErrorRatePercent)} %`,
      }),
      this.thresholdVerdict(record, at, {
        kind: 'p99-latency',
        value: summary.p99LatencyMs,
        threshold: maxP99LatencyMs,
        unit: 'ms',
        describe: value => `p99 latency ${formatFigure(value)} ms ${window}`,
        limit: `${formatFigure(maxP99LatencyMs ?? 0)} ms`,
      }),
    ];
  }

  /** Fires above the threshold; resolves at or below it, without requests, or without a threshold. */
  private thresholdVerdict(
    record: DeploymentRecord,
    at: Date,
    check: {
      kind: AlertKind;
      value: number | null;
      threshold: number | undefined;
      unit: DeploymentAlert['unit'];
      describe: (value: number) => string;
      limit: string;
    },
  ): Verdict {
    const observation = this.observation(record, check.kind, at, {
      value: check.value,
      threshold: check.threshold ?? 0,
      unit: check.unit,
    });
    if (check.threshold === undefined) {
      return {
        state: 'ok',
        observation: { ...observation, summary: 'No threshold is set' },
      };
    }
    if (check.value === null) {
      return {
        state: 'ok',
        observation: { ...observation, summary: 'No requests came in' },
      };
    }
    const above = check.value > check.threshold;
    return {
      state: above ? 'firing' : 'ok',
      observation: {
        ...observation,
        summary: `${check.describe(check.value)} is ${
          above ? 'above' : 'within'
        } ${check.limit}`,
      },
    };
  }

  private observation(
    record: DeploymentRecord,
    kind: AlertKind,
    at: Date,
    figures: Pick<AlertObservation, 'value' | 'threshold' | 'unit'>,
  ): AlertObservation {
    return { deploymentId: record.id, kind, at, summary: '', ...figures };
  }

  /** A deployment that stopped, or was deleted, is not serving: what fired for it resolves. */
  private async resolveNotEvaluated(
    evaluated: Set<string>,
    at: Date,
  ): Promise<void> {
    for (const alert of await this.options.alerts.listFiring()) {
      if (evaluated.has(alert.deploymentId)) {
        continue;
      }
      const [record] = [
        ...(
          await this.options.store.getDeployments([alert.deploymentId])
        ).values(),
      ];
      const resolved = await this.options.alerts.resolve({
        deploymentId: alert.deploymentId,
        kind: alert.kind,
        at,
        summary: `Resolved: the deployment is ${record?.status ?? 'deleted'}`,
        value: null,
        threshold: alert.threshold,
        unit: alert.unit,
      });
      if (resolved && record) {
        await this.options.notifier.changed(resolved, {
          name: record.name,
          owner: record.owner,
          environment: record.spec.environment,
        });
      }
    }
  }
}
