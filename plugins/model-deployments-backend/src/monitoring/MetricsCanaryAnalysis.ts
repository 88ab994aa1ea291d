import type {
  CanaryAnalysis,
  CanaryAnalysisRequest,
  CanaryAnalysisResult,
  MetricsProvider,
  RequestSummary,
} from '@modelops/plugin-model-deployments-node';
import { formatFigure } from './formatFigure';
import { judgeRequests } from './judgeRequests';
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

/** Fewer requests than this in a step say too little: one error in two requests is not a 50 % error rate. */
export const MIN_CANARY_REQUESTS = 20;

/**
 * Judges a canary step by the canary's own requests over the step: it fails when its error rate is above
 * the deployment's `monitoring.maxErrorRatePercent`, or its p99 latency above `monitoring.maxP99LatencyMs`.
 * The stable track's figures are recorded beside them for comparison. A step that too few requests
 * reached, or whose figures could not be measured, cannot be judged, and says so.
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
    const source = `(${this.metrics.source})`;
    const seconds = (request.to.getTime() - request.from.getTime()) / 1000;
    const requests = Math.round((canary.requestsPerSecond ?? 0) * seconds);
    if (requests < MIN_CANARY_REQUESTS) {
      return {
        verdict: 'not-analysed',
        summary: `${
          requests === 0 ? 'no request' : `only ${requests} requests`
        } reached the canary during the step (at least ${MIN_CANARY_REQUESTS} are needed to judge it) ${source}, so it passed on instance readiness alone`,
        figures,
      };
    }

    const judged = judgeRequests(canary, request.spec.monitoring).filter(
      j => j.outcome !== 'no-threshold',
    );
    const unmeasured = judged.filter(j => j.outcome === 'unmeasured');
    if (unmeasured.length) {
      return {
        verdict: 'not-analysed',
        summary: `the canary's ${unmeasured
          .map(j => `${j.subject} ${j.verdict}`)
          .join(', ')} ${source}, so it passed on instance readiness alone`,
        figures,
      };
    }
    return {
      verdict: judged.some(j => j.outcome === 'above') ? 'fail' : 'pass',
      summary: `the canary's ${judged
        .map(j => `${j.subject} ${j.verdict}`)
        .join(', ')} ${source}`,
      figures,
    };
  }
}
