import type {
  AlertKind,
  DeploymentSpec,
  MetricUnit,
} from '@modelops/plugin-model-deployments-common';
import type { RequestSummary } from '@modelops/plugin-model-deployments-node';
import { formatFigure } from './formatFigure';

/**
 * One threshold of `spec.monitoring` against what was measured: `unmeasured` when there were requests
 * but no figure (e.g. no latency histogram), `no-requests` when nothing came in, `no-threshold` when
 * the deployment sets none.
 */
export type ThresholdJudgement = {
  kind: Extract<AlertKind, 'error-rate' | 'p99-latency'>;
  unit: Extract<MetricUnit, 'percent' | 'ms'>;
  value: number | null;
  threshold: number | undefined;
  outcome: 'above' | 'within' | 'unmeasured' | 'no-requests' | 'no-threshold';
  /** The figure, e.g. "error rate 12.5 %" (or "error rate" without one). */
  subject: string;
  /** What it means against the threshold, e.g. "is above 5 %". */
  verdict: string;
};

/**
 * The request figures of a window against the deployment's thresholds: one rule for alerts and canary
 * analysis alike.
 */
export function judgeRequests(
  summary: RequestSummary,
  monitoring: DeploymentSpec['monitoring'],
): ThresholdJudgement[] {
  const requests = (summary.requestsPerSecond ?? 0) > 0;
  const judge = (
    kind: ThresholdJudgement['kind'],
    name: string,
    unit: ThresholdJudgement['unit'],
    symbol: string,
    value: number | null,
    threshold: number | undefined,
  ): ThresholdJudgement => {
    const limit =
      threshold === undefined ? '' : `${formatFigure(threshold)} ${symbol}`;
    const base = { kind, unit, value, threshold };
    if (threshold === undefined) {
      return {
        ...base,
        outcome: 'no-threshold',
        subject: name,
        verdict: 'has no threshold',
      };
    }
    if (!requests) {
      return {
        ...base,
        outcome: 'no-requests',
        subject: name,
        verdict: 'has no requests to judge',
      };
    }
    if (value === null) {
      return {
        ...base,
        outcome: 'unmeasured',
        subject: name,
        verdict: 'could not be measured',
      };
    }
    const above = value > threshold;
    return {
      ...base,
      outcome: above ? 'above' : 'within',
      subject: `${name} ${formatFigure(value)} ${symbol}`,
      verdict: `${above ? 'is above' : 'is within'} ${limit}`,
    };
  };
  return [
    judge(
      'error-rate',
      'error rate',
      'percent',
      '%',
      summary.errorRatePercent,
      monitoring.maxErrorRatePercent,
    ),
    judge(
      'p99-latency',
      'p99 latency',
      'ms',
      'ms',
      summary.p99LatencyMs,
      monitoring.maxP99LatencyMs,
    ),
  ];
}
