import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import type {
  CanaryAnalysisRequest,
  MetricsProvider,
  MetricsTarget,
  RequestSummary,
} from '@modelops/plugin-model-deployments-node';
import { MetricsCanaryAnalysis } from './MetricsCanaryAnalysis';

const spec = deploymentSpecSchema.parse({
  ...exampleDeploymentSpec,
  name: 'fraud',
  monitoring: { maxErrorRatePercent: 5, maxP99LatencyMs: 300 },
});

/**
 * The verdicts on figures a stub provider answers per workload; the cluster test runs the same analysis
 * on a real Prometheus.
 */
function analysisWith(byWorkload: Record<string, RequestSummary>) {
  const asked: MetricsTarget[] = [];
  const provider: MetricsProvider = {
    source: 'Prometheus (Istio request metrics)',
    queryRange: async () => [],
    summarizeRequests: async target => {
      asked.push(target);
      return byWorkload[target.workloads.join('|')];
    },
  };
  return { analysis: new MetricsCanaryAnalysis(provider), asked };
}

const request: CanaryAnalysisRequest = {
  deploymentId: 'd1',
  namespace: 'models-dev',
  spec,
  stableRevision: 1,
  canaryRevision: 2,
  stepIndex: 0,
  weightPercent: 25,
  from: new Date('2026-11-27T10:00:00Z'),
  to: new Date('2026-11-27T10:01:00Z'),
};

const healthy = {
  requestsPerSecond: 30,
  errorRatePercent: 0.4,
  p99LatencyMs: 180,
};

describe('MetricsCanaryAnalysis', () => {
  it("fails a canary whose error rate is above the deployment's threshold, with both tracks' figures", async () => {
    const { analysis, asked } = analysisWith({
      'fraud-canary': {
        requestsPerSecond: 10,
        errorRatePercent: 31.25,
        p99LatencyMs: 150,
      },
      fraud: healthy,
    });

    const result = await analysis.analyse(request);

    expect(result).toEqual({
      verdict: 'fail',
      summary:
        "the canary's error rate 31.3 % is above 5 %, p99 latency 150 ms is within 300 ms (Prometheus (Istio request metrics))",
      figures: {
        'canary requests/s': 10,
        'canary error rate %': 31.3,
        'canary p99 ms': 150,
        'stable requests/s': 30,
        'stable error rate %': 0.4,
        'stable p99 ms': 180,
      },
    });
    expect(asked.map(t => [t.namespace, t.workloads])).toEqual([
      ['models-dev', ['fraud-canary']],
      ['models-dev', ['fraud']],
    ]);
    expect(asked[0]).toMatchObject({ name: 'fraud', deploymentId: 'd1' });
  });

  it('fails a canary whose p99 latency is above the threshold', async () => {
    const { analysis } = analysisWith({
      'fraud-canary': {
        requestsPerSecond: 10,
        errorRatePercent: 0,
        p99LatencyMs: 950,
      },
      fraud: healthy,
    });
    const result = await analysis.analyse(request);
    expect(result.verdict).toBe('fail');
    expect(result.summary).toMatch(/p99 latency 950 ms is above 300 ms/);
  });

  it('passes a canary within both thresholds', async () => {
    const { analysis } = analysisWith({
      'fraud-canary': healthy,
      fraud: healthy,
    });
    const result = await analysis.analyse(request);
    expect(result.verdict).toBe('pass');
    expect(result.summary).toBe(
      "the canary's error rate 0.4 % is within 5 %, p99 latency 180 ms is within 300 ms (Prometheus (Istio request metrics))",
    );
  });

  it('cannot judge a step in which no request reached the canary, and says so', async () => {
    const { analysis } = analysisWith({
      'fraud-canary': {
        requestsPerSecond: null,
        errorRatePercent: null,
        p99LatencyMs: null,
      },
      fraud: healthy,
    });
    const result = await analysis.analyse(request);
    expect(result.verdict).toBe('not-analysed');
    expect(result.summary).toMatch(
      /^no request reached the canary during the step/,
    );
    expect(result.figures).toEqual({
      'stable requests/s': 30,
      'stable error rate %': 0.4,
      'stable p99 ms': 180,
    });
  });

  it('does not judge a step on too few requests: one error in a handful is no error rate', async () => {
    const { analysis } = analysisWith({
      'fraud-canary': {
        requestsPerSecond: 0.2,
        errorRatePercent: 50,
        p99LatencyMs: 150,
      },
      fraud: healthy,
    });
    const result = await analysis.analyse(request);
    expect(result.verdict).toBe('not-analysed');
    expect(result.summary).toMatch(
      /^only 12 requests reached the canary during the step \(at least 20 are needed to judge it\)/,
    );
  });

  it('does not judge a step whose error rate could not be measured, rather than taking it for 0', async () => {
    const { analysis } = analysisWith({
      'fraud-canary': {
        requestsPerSecond: 10,
        errorRatePercent: null,
        p99LatencyMs: 150,
      },
      fraud: healthy,
    });
    const result = await analysis.analyse(request);
    expect(result.verdict).toBe('not-analysed');
    expect(result.summary).toBe(
      "the canary's error rate could not be measured (Prometheus (Istio request metrics)), so it passed on instance readiness alone",
    );
  });

  it('lets an unreachable provider fail the call, so the runtime asks again instead of passing the step', async () => {
    const provider: MetricsProvider = {
      source: 'Prometheus',
      queryRange: async () => [],
      summarizeRequests: async () => {
        throw new Error('Prometheus at http://127.0.0.1:1 did not answer');
      },
    };
    await expect(
      new MetricsCanaryAnalysis(provider).analyse(request),
    ).rejects.toThrow(/did not answer/);
  });
});
