import type {
  CanaryAnalysis,
  CanaryAnalysisRequest,
  CanaryAnalysisResult,
  MetricsProvider,
  RequestSummary,
} from '@modelops/plugin-model-deployments-node';
import { formatFigure } from './formatFigure';
import { metricsTarget } from './metricsTarget';

function rounded(value: number | null): number[] {
  return value === null ? [] : [Number(formatFigure(value))];
}

/** The figures an event records: each track's, as measured over the step. */
function figuresOf(
  canary: RequestSummary,
  stable: RequestSummary,
): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [track, summary] of [
    ['canary', canary],
    ['stable', stable],
  ] as const) {
    for (const [name, value] of [
      ['requests/s', summary.requestsPerSecond],
      ['error rate %', summary.errorRatePercent],
      ['p99 ms', summary.p99LatencyMs],
    ] as const) {
      for (const figure of rounded(value)) {
        figures[`${track} ${name}`] = figure;
      }
    }
  }
  return figures;
}

/**
 * Judges a canary step by the canary's own requests over the step: it fails when its error rate is above
 * the deployment's `monitoring.maxErrorRatePercent`, or its p99 latency above `monitoring.maxP99LatencyMs`.
 * The stable track's figures are recorded beside them for comparison. A step in which no request reached
 * the canary cannot be judged, and says so.
 */
export class MetricsCanaryAnalysis implements CanaryAnalysis {
  constructor(private readonly metrics: MetricsProvider) {}

  async analyse(request: CanaryAnalysisRequest): Promise<CanaryAnalysisResult> {
    const deployment = { id: request.deploymentId, spec: request.spec };
    const window = { from: request.from, to: request.to };
    const [canary, stable] = await Promise.all([
      this.metrics.summarizeRequests(
        metricsTarget(deployment, request.namespace, 'canary'),
        window,
      ),
      this.metrics.summarizeRequests(
        metricsTarget(deployment, request.namespace, 'stable'),
        window,
      ),
    ]);
    const figures = figuresOf(canary, stable);
    if (!canary.requestsPerSecond) {
      return {
        verdict: 'not-analysed',
        summary: `no request reached the canary during the step (${this.metrics.source}), so it passed on instance readiness alone`,
        figures,
      };
    }

    const { maxErrorRatePercent, maxP99LatencyMs } = request.spec.monitoring;
    const findings: string[] = [];
    let failed = false;
    const errorRate = canary.errorRatePercent ?? 0;
    failed ||= errorRate > maxErrorRatePercent;
    findings.push(
      `error rate ${formatFigure(errorRate)} % ${
        errorRate > maxErrorRatePercent ? 'is above' : 'within'
      } ${formatFigure(maxErrorRatePercent)} %`,
    );
    if (maxP99LatencyMs !== undefined && canary.p99LatencyMs !== null) {
      const above = canary.p99LatencyMs > maxP99LatencyMs;
      failed ||= above;
      findings.push(
        `p99 latency ${formatFigure(canary.p99LatencyMs)} ms ${
          above ? 'is above' : 'within'
        } ${formatFigure(maxP99LatencyMs)} ms`,
      );
    }
    return {
      verdict: failed ? 'fail' : 'pass',
      summary: `the canary's ${findings.join(', ')} (${this.metrics.source})`,
      figures,
    };
  }
}
