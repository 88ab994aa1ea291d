import type {
  DeploymentSpec,
  MetricName,
} from '@modelops/plugin-model-deployments-common';
import { formatMetricValue } from './formatMetricValue';
import type { MetricThreshold } from './MetricChart';

/** The lines of `spec.monitoring` that alerts and canary analysis hold the metrics to. */
export function metricThresholds(
  monitoring: DeploymentSpec['monitoring'],
): Partial<Record<MetricName, MetricThreshold>> {
  const { maxErrorRatePercent, maxP99LatencyMs } = monitoring;
  return {
    errorRate: {
      value: maxErrorRatePercent,
      caption: `Alert and canary threshold: ${formatMetricValue(
        maxErrorRatePercent,
        'percent',
      )}`,
    },
    ...(maxP99LatencyMs !== undefined && {
      latency: {
        value: maxP99LatencyMs,
        caption: `Alert and canary threshold for p99: ${formatMetricValue(
          maxP99LatencyMs,
          'ms',
        )}`,
      },
    }),
  };
}
