import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AlertKind,
  DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import type { MetricsProvider } from '@modelops/plugin-model-deployments-node';
import type { AlertObservation, AlertStore } from '../database/AlertStore';
import type { Stores } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { AlertNotifier } from './AlertNotifier';
import { judgeRequests } from './judgeRequests';
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
      stores: Pick<Stores, 'deployments'>;
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

  /** Evaluates every deployment that should be serving; stops between batches when `signal` aborts. */
  async evaluateAll(signal?: AbortSignal): Promise<void> {
    const at = this.options.clock?.() ?? new Date();
    const deployments = await this.options.stores.deployments.listInStatus(
      EVALUATED_STATUSES,
    );
    for (let i = 0; i < deployments.length; i += CONCURRENCY) {
      if (signal?.aborted) {
        return;
      }
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
    if (ready === null) {
      return { state: 'unknown' };
    }
    const observation = this.observation(record, 'no-ready-instances', at, {
      value: ready,
      threshold: 1,
      unit: 'instances',
    });
    const current = record.instancesCurrent ?? 0;
    if (!record.spec.monitoring.alertOnNoReadyInstances || ready > 0) {
      return {
        state: 'ok',
        observation: {
          ...observation,
          summary: `${ready} of ${current} instances are ready`,
        },
      };
    }
    return {
      state: 'firing',
      observation: {
        ...observation,
        summary:
          current > 0
            ? `No instance is ready (0 of ${current})`
            : 'No instance is running',
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
    return judgeRequests(summary, record.spec.monitoring).map(
      (judgement): Verdict => {
        if (judgement.outcome === 'unmeasured') {
          // Requests came in but the figure is missing (e.g. no histogram): nothing to decide on.
          return { state: 'unknown' };
        }
        const observation = this.observation(record, judgement.kind, at, {
          value: judgement.value,
          threshold: judgement.threshold ?? 0,
          unit: judgement.unit,
        });
        const sentence = `${judgement.subject} ${window} ${judgement.verdict}`;
        return {
          state: judgement.outcome === 'above' ? 'firing' : 'ok',
          observation: {
            ...observation,
            summary: sentence.charAt(0).toUpperCase() + sentence.slice(1),
          },
        };
      },
    );
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
          await this.options.stores.deployments.getMany([alert.deploymentId])
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
