import {
  LATENCY_QUANTILES,
  METRIC_DEFINITIONS,
  type MetricName,
  type MetricResult,
  type MetricSeries,
} from '@modelops/plugin-model-deployments-common';
import type {
  MetricsProvider,
  MetricsRangeRequest,
  MetricsTarget,
  RequestSummary,
} from '@modelops/plugin-model-deployments-node';
import {
  MetricQueryError,
  PrometheusClient,
  type InstantSeries,
  type RangeSeries,
} from './PrometheusClient';
import { formatPrometheusDuration } from './prometheusDuration';
import {
  PRESET_SOURCES,
  renderQuery,
  type TemplateValues,
} from './queryTemplates';
import type { PrometheusMetricsConfig } from './readMetricsConfig';
import { pointsAt, rangeTimes, sampleValue } from './seriesPoints';

/** The one series of a metric that is not per instance; a template that gives more is a mistake. */
function single<T extends { metric: Record<string, string> }>(
  metric: MetricName,
  series: T[],
): T | undefined {
  if (series.length > 1) {
    throw new MetricQueryError(
      `The ${metric} query returned ${series.length} series; it must return one (aggregate it, e.g. with sum)`,
    );
  }
  return series[0];
}

/** The series of a metric per instance, by its `pod` label. */
function perPod<T extends { metric: Record<string, string> }>(
  metric: MetricName,
  series: T[],
): Array<T & { pod: string }> {
  return series
    .map(entry => {
      const pod = entry.metric.pod;
      if (!pod) {
        throw new MetricQueryError(
          `The ${metric} query returned a series without a pod label; it must return one per pod (e.g. sum by (pod))`,
        );
      }
      return { ...entry, pod };
    })
    .sort((a, b) => a.pod.localeCompare(b.pod));
}

/**
 * Metrics of a deployment's workloads from Prometheus, through the PromQL templates of a preset (Istio
 * or OpenTelemetry request metrics, cAdvisor and DCGM resource metrics) or of the config.
 */
export class PrometheusMetricsProvider implements MetricsProvider {
  readonly source: string;
  private readonly client: PrometheusClient;
  private readonly environmentClients: Map<string, PrometheusClient>;

  constructor(private readonly config: PrometheusMetricsConfig) {
    this.source = PRESET_SOURCES[config.preset];
    this.client = new PrometheusClient(config);
    this.environmentClients = new Map(
      Object.entries(config.environments).map(([environment, endpoint]) => [
        environment,
        new PrometheusClient({
          ...endpoint,
          timeoutSeconds: config.timeoutSeconds,
        }),
      ]),
    );
  }

  /** The Prometheus of the target's environment: its cluster's own, or the shared one. */
  private clientFor(target: MetricsTarget): PrometheusClient {
    return this.environmentClients.get(target.environment) ?? this.client;
  }

  async queryRange(request: MetricsRangeRequest): Promise<MetricResult[]> {
    const { target, from, to, stepSeconds } = request;
    // A window shorter than the step would skip the samples between two points.
    const window = formatPrometheusDuration(
      Math.max(this.config.rateWindowMs, stepSeconds * 1000),
    );
    const times = rangeTimes(from, to, stepSeconds);
    const range = { start: from, end: to, stepSeconds };
    const values = templateValues(target, window);
    const client = this.clientFor(target);

    return Promise.all(
      request.metrics.map(async (metric): Promise<MetricResult> => {
        const { title, unit } = METRIC_DEFINITIONS[metric];
        try {
          return {
            metric,
            title,
            unit,
            series: await this.rangeSeries(
              client,
              metric,
              values,
              range,
              times,
            ),
          };
        } catch (error) {
          if (error instanceof MetricQueryError) {
            return { metric, title, unit, series: [], error: error.message };
          }
          throw error;
        }
      }),
    );
  }

  async summarizeRequests(
    target: MetricsTarget,
    window: { from: Date; to: Date },
  ): Promise<RequestSummary> {
    // A window shorter than the rate window may hold too few samples for rate(), e.g. a short canary
    // pause; it is widened back from `to` rather than judged on nothing.
    const seconds = Math.max(
      Math.ceil(this.config.rateWindowMs / 1000),
      Math.round((window.to.getTime() - window.from.getTime()) / 1000),
    );
    const values = templateValues(target, `${seconds}s`);
    const client = this.clientFor(target);
    const [requestsPerSecond, errorRatePercent, p99LatencyMs] =
      await Promise.all([
        this.instantValue(client, 'requestRate', values, window.to),
        this.instantValue(client, 'errorRate', values, window.to),
        this.instantValue(
          client,
          'latency',
          { ...values, quantile: 0.99 },
          window.to,
        ),
      ]);
    return { requestsPerSecond, errorRatePercent, p99LatencyMs };
  }

  private async rangeSeries(
    client: PrometheusClient,
    metric: MetricName,
    values: TemplateValues,
    range: { start: Date; end: Date; stepSeconds: number },
    times: number[],
  ): Promise<MetricSeries[]> {
    const run = (quantile?: number) =>
      client.queryRange(
        renderQuery(this.config.queries[metric], { ...values, quantile }),
        range,
      );

    if (metric === 'latency') {
      const quantiles = await Promise.all(
        LATENCY_QUANTILES.map(
          async (quantile): Promise<MetricSeries | undefined> => {
            const found = single(metric, await run(quantile));
            return (
              found && {
                label: `p${Math.round(quantile * 100)}`,
                quantile,
                points: pointsAt(times, found.values),
              }
            );
          },
        ),
      );
      return quantiles.filter((series): series is MetricSeries => !!series);
    }
    if (METRIC_DEFINITIONS[metric].perInstance) {
      return perPod(metric, await run()).map(({ pod, values: samples }) => ({
        label: pod,
        instance: pod,
        points: pointsAt(times, samples),
      }));
    }
    const found = single<RangeSeries>(metric, await run());
    return found
      ? [
          {
            label: METRIC_DEFINITIONS[metric].title,
            points: pointsAt(times, found.values),
          },
        ]
      : [];
  }

  private async instantValue(
    client: PrometheusClient,
    metric: MetricName,
    values: TemplateValues,
    time: Date,
  ): Promise<number | null> {
    try {
      const found = single<InstantSeries>(
        metric,
        await client.query(
          renderQuery(this.config.queries[metric], values),
          time,
        ),
      );
      return found ? sampleValue(found.value) : null;
    } catch (error) {
      if (error instanceof MetricQueryError) {
        throw new Error(
          `Prometheus at ${client.url} gave no ${metric}: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function templateValues(target: MetricsTarget, window: string): TemplateValues {
  return {
    namespace: target.namespace,
    name: target.name,
    workloads: target.workloads,
    window,
  };
}
