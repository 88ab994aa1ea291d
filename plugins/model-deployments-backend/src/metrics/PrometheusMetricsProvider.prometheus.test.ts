// One file: its cases share one real Prometheus and one exporter, started once for the file.
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  startRequestMetricsExporter,
  type RequestMetricsExporter,
  type WorkloadTraffic,
} from '@internal/local-cluster/requestMetricsExporter';
import type {
  MetricResult,
  MetricSeries,
} from '@modelops/plugin-model-deployments-common';
import type { MetricsTarget } from '@modelops/plugin-model-deployments-node';
import {
  freePort,
  startPrometheus,
  type TestPrometheus,
} from '../__testUtils__/prometheus';
import { PrometheusMetricsProvider } from './PrometheusMetricsProvider';
import type { MetricsPreset } from './queryTemplates';
import { readMetricsConfig } from './readMetricsConfig';

// Prometheus starts in about a second; the first test waits for about 20 s of samples.
jest.setTimeout(60_000);

const MiB = 1024 * 1024;

/** p50 50 ms (the top of the first bucket), p95 100 + 150 × 5/9 = 183.33 ms, p99 250 ms. */
const STABLE_LATENCY: Array<[number, number]> = [
  [50, 0.5],
  [100, 0.9],
  [250, 0.99],
  [500, 1],
];

/** p50 100 ms, p95 500 ms, p99 500 + 500 × 0.04/0.05 = 900 ms. */
const CANARY_LATENCY: Array<[number, number]> = [
  [100, 0.5],
  [250, 0.8],
  [500, 0.95],
  [1000, 1],
];

const fraud: WorkloadTraffic = {
  namespace: 'models',
  name: 'fraud',
  requestsPerSecond: 10,
  errorRatio: 0.05,
  latencyBuckets: STABLE_LATENCY,
  pods: [
    {
      name: 'fraud-5d8f7b9c4-x2x7q',
      cpuCores: 0.5,
      memoryBytes: 512 * MiB,
      gpuPercent: 40,
    },
    {
      name: 'fraud-5d8f7b9c4-b9k2m',
      cpuCores: 0.25,
      memoryBytes: 256 * MiB,
      gpuPercent: 60,
    },
  ],
};

const fraudCanary: WorkloadTraffic = {
  namespace: 'models',
  name: 'fraud',
  requestsPerSecond: 2.5,
  errorRatio: 0.2,
  latencyBuckets: CANARY_LATENCY,
  pods: [
    {
      name: 'fraud-canary-7c6d5e4f3-q8w4z',
      cpuCores: 1.5,
      memoryBytes: 1024 * MiB,
    },
  ],
};

/** The same names in another namespace, which no query of `models` may count. */
const fraudInStaging: WorkloadTraffic = {
  ...fraud,
  namespace: 'staging',
  requestsPerSecond: 7,
  errorRatio: 0.5,
  pods: [
    {
      name: 'fraud-5d8f7b9c4-x2x7q',
      cpuCores: 3,
      memoryBytes: 4096 * MiB,
      gpuPercent: 99,
    },
  ],
};

/** Traffic without any error. */
const scoring: WorkloadTraffic = {
  namespace: 'models',
  name: 'scoring',
  requestsPerSecond: 4,
  errorRatio: 0,
  latencyBuckets: STABLE_LATENCY,
  pods: [{ name: 'scoring-6b5c4d3e2-pq7rs', cpuCores: 1, memoryBytes: MiB }],
};

const target = (workloads: string[], name = 'fraud'): MetricsTarget => ({
  deploymentId: `id-of-${name}`,
  name,
  environment: 'production',
  namespace: 'models',
  workloads,
});

const ALL_METRICS = [
  'requestRate',
  'latency',
  'errorRate',
  'cpu',
  'memory',
  'gpu',
] as const;

/** Every point of every series, by series label. */
function figures(result: MetricResult | undefined) {
  expect(result?.error).toBeUndefined();
  return Object.fromEntries(
    result!.series.map((series: MetricSeries) => [
      series.label,
      series.points.map(([, value]) => value),
    ]),
  );
}

/** Each of `values` is `expected`, to Prometheus's floating-point arithmetic. */
function expectAll(values: Array<number | null>, expected: number) {
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) {
    expect(value).not.toBeNull();
    expect(value!).toBeCloseTo(expected, 9);
  }
}

describe('PrometheusMetricsProvider against a real Prometheus', () => {
  let exporter: RequestMetricsExporter;
  let prometheus: TestPrometheus;
  /** A time whose 10 s rate window and the 4 s before it are full of samples. */
  let to: Date;

  const provider = (preset: MetricsPreset, settings: JsonObject = {}) =>
    new PrometheusMetricsProvider(
      readMetricsConfig(
        new ConfigReader({
          modelDeployments: {
            metrics: {
              prometheus: {
                url: prometheus.url,
                preset,
                rateWindow: '10s',
                ...settings,
              },
            },
          },
        }),
      )!,
    );

  beforeAll(async () => {
    exporter = await startRequestMetricsExporter();
    exporter.set('fraud', fraud);
    exporter.set('fraud-canary', fraudCanary);
    exporter.set('fraud', fraudInStaging);
    exporter.set('scoring', scoring);
    prometheus = await startPrometheus({ scrapeTargets: [exporter.hostPort] });
    // 19 samples a second apart: the ranges below reach 14 s back from 2 s ago.
    await prometheus.waitForSamples(
      'count_over_time(istio_requests_total{destination_workload_namespace="models",destination_workload="fraud",response_code="200"}[1m]) >= 19',
      40_000,
    );
    // Two seconds back, the last scrape before `to` is surely in.
    to = new Date(Date.now() - 2000);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  describe.each<[MetricsPreset, string]>([
    ['istio', 'Prometheus (Istio request metrics)'],
    ['opentelemetry', 'Prometheus (OpenTelemetry HTTP server metrics)'],
  ])('with the %s preset', (preset, source) => {
    const range = (workloads: string[], name?: string) =>
      provider(preset).queryRange({
        target: target(workloads, name),
        metrics: ALL_METRICS,
        from: new Date(to.getTime() - 4000),
        to,
        stepSeconds: 2,
      });

    it('names its source', () => {
      expect(provider(preset).source).toBe(source);
    });

    it('gives the stable workload’s request rate, error rate, latency quantiles and pods', async () => {
      const results = await range(['fraud']);
      expect(results.map(r => [r.metric, r.title, r.unit])).toEqual([
        ['requestRate', 'Request rate', 'requests/s'],
        ['latency', 'Latency', 'ms'],
        ['errorRate', 'Error rate (5xx)', 'percent'],
        ['cpu', 'CPU usage', 'cores'],
        ['memory', 'Memory usage', 'bytes'],
        ['gpu', 'GPU utilization', 'percent'],
      ]);
      const [requestRate, latency, errorRate, cpu, memory, gpu] = results;

      expect(requestRate.series[0].points.map(([time]) => time)).toEqual([
        to.getTime() - 4000,
        to.getTime() - 2000,
        to.getTime(),
      ]);
      expect(Object.keys(figures(requestRate))).toEqual(['Request rate']);
      expectAll(figures(requestRate)['Request rate'], 10);
      expectAll(figures(errorRate)['Error rate (5xx)'], 5);

      expect(
        latency.series.map(s => [s.label, s.quantile, s.instance]),
      ).toEqual([
        ['p50', 0.5, undefined],
        ['p95', 0.95, undefined],
        ['p99', 0.99, undefined],
      ]);
      expectAll(figures(latency).p50, 50);
      expectAll(figures(latency).p95, 183.3333333333);
      expectAll(figures(latency).p99, 250);

      expect(cpu.series.map(s => [s.label, s.instance])).toEqual([
        ['fraud-5d8f7b9c4-b9k2m', 'fraud-5d8f7b9c4-b9k2m'],
        ['fraud-5d8f7b9c4-x2x7q', 'fraud-5d8f7b9c4-x2x7q'],
      ]);
      // Only the server container counts, not the pod's cgroup too.
      expectAll(figures(cpu)['fraud-5d8f7b9c4-x2x7q'], 0.5);
      expectAll(figures(cpu)['fraud-5d8f7b9c4-b9k2m'], 0.25);
      expectAll(figures(memory)['fraud-5d8f7b9c4-x2x7q'], 512 * MiB);
      expectAll(figures(memory)['fraud-5d8f7b9c4-b9k2m'], 256 * MiB);
      expectAll(figures(gpu)['fraud-5d8f7b9c4-x2x7q'], 40);
      expectAll(figures(gpu)['fraud-5d8f7b9c4-b9k2m'], 60);
    });

    it('gives the canary’s workload alone', async () => {
      const [requestRate, latency, errorRate, cpu, memory, gpu] = await range([
        'fraud-canary',
      ]);
      expectAll(figures(requestRate)['Request rate'], 2.5);
      expectAll(figures(errorRate)['Error rate (5xx)'], 20);
      expectAll(figures(latency).p50, 100);
      expectAll(figures(latency).p95, 500);
      expectAll(figures(latency).p99, 900);
      expect(Object.keys(figures(cpu))).toEqual([
        'fraud-canary-7c6d5e4f3-q8w4z',
      ]);
      expectAll(figures(cpu)['fraud-canary-7c6d5e4f3-q8w4z'], 1.5);
      expectAll(figures(memory)['fraud-canary-7c6d5e4f3-q8w4z'], 1024 * MiB);
      expect(gpu.series).toEqual([]);
    });

    it('adds up both workloads of the deployment', async () => {
      const [requestRate, , errorRate, cpu] = await range([
        'fraud',
        'fraud-canary',
      ]);
      expectAll(figures(requestRate)['Request rate'], 12.5);
      // (10 × 5 % + 2.5 × 20 %) / 12.5
      expectAll(figures(errorRate)['Error rate (5xx)'], 8);
      expect(cpu.series.map(s => s.instance)).toEqual([
        'fraud-5d8f7b9c4-b9k2m',
        'fraud-5d8f7b9c4-x2x7q',
        'fraud-canary-7c6d5e4f3-q8w4z',
      ]);
    });

    it('gives an error rate of 0 for traffic without errors, and nothing without traffic', async () => {
      const [, , errorRate] = await range(['scoring'], 'scoring');
      expectAll(figures(errorRate)['Error rate (5xx)'], 0);

      const absent = await range(['absent'], 'absent');
      for (const result of absent) {
        expect(result).toMatchObject({ series: [] });
        expect(result.error).toBeUndefined();
      }
    });

    it('summarizes a window of requests', async () => {
      await expect(
        provider(preset).summarizeRequests(target(['fraud']), {
          from: new Date(to.getTime() - 10_000),
          to,
        }),
      ).resolves.toEqual({
        requestsPerSecond: expect.closeTo(10, 9),
        errorRatePercent: expect.closeTo(5, 9),
        p99LatencyMs: expect.closeTo(250, 9),
      });
      await expect(
        provider(preset).summarizeRequests(target(['absent'], 'absent'), {
          from: new Date(to.getTime() - 10_000),
          to,
        }),
      ).resolves.toEqual({
        requestsPerSecond: null,
        errorRatePercent: null,
        p99LatencyMs: null,
      });
    });
  });

  it('widens a rate window shorter than the step to the step', async () => {
    // Half a second holds at most one sample, which rate() needs two of; 5 s holds five.
    const [requestRate] = await provider('istio', {
      rateWindow: '500ms',
    }).queryRange({
      target: target(['fraud']),
      metrics: ['requestRate'],
      from: to,
      to,
      stepSeconds: 5,
    });
    expect(requestRate.series).toHaveLength(1);
    expectAll(figures(requestRate)['Request rate'], 10);
  });

  describe('with templates that give no figures', () => {
    const mistaken = () =>
      provider('istio', {
        queries: {
          // An unclosed parenthesis: Prometheus refuses it.
          cpu: 'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="{{namespace}}"}[{{window}}])',
          // One series per response code, not one.
          errorRate:
            'sum by (response_code) (rate(istio_requests_total{destination_workload=~"{{workloads}}"}[{{window}}]))',
          memory:
            'sum(container_memory_working_set_bytes{namespace="{{namespace}}",pod=~"{{pods}}"})',
        },
      });

    it('puts the error on each such metric alone', async () => {
      const [requestRate, cpu, errorRate, memory] = await mistaken().queryRange(
        {
          target: target(['fraud']),
          metrics: ['requestRate', 'cpu', 'errorRate', 'memory'],
          from: to,
          to,
          stepSeconds: 2,
        },
      );
      expect(requestRate.error).toBeUndefined();
      expectAll(figures(requestRate)['Request rate'], 10);
      expect(cpu).toMatchObject({ metric: 'cpu', series: [] });
      expect(cpu.error).toMatch(
        /^\d+:\d+: parse error: unclosed left parenthesis$/,
      );
      expect(errorRate).toMatchObject({
        metric: 'errorRate',
        series: [],
        error:
          'The errorRate query returned 2 series; it must return one (aggregate it, e.g. with sum)',
      });
      expect(memory).toMatchObject({
        metric: 'memory',
        series: [],
        error:
          'The memory query returned a series without a pod label; it must return one per pod (e.g. sum by (pod))',
      });
    });

    it('throws from a summary that needs one', async () => {
      await expect(
        mistaken().summarizeRequests(target(['fraud']), {
          from: new Date(to.getTime() - 10_000),
          to,
        }),
      ).rejects.toThrow(
        `Prometheus at ${prometheus.url} gave no errorRate: The errorRate query returned 2 series`,
      );
    });
  });

  it('throws, naming the Prometheus, when it does not answer', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = new PrometheusMetricsProvider(
      readMetricsConfig(
        new ConfigReader({
          modelDeployments: { metrics: { prometheus: { url } } },
        }),
      )!,
    );
    const expected = `Prometheus at ${url} did not answer: connect ECONNREFUSED`;
    await expect(
      unreachable.queryRange({
        target: target(['fraud']),
        metrics: ['requestRate', 'cpu'],
        from: new Date(to.getTime() - 60_000),
        to,
        stepSeconds: 15,
      }),
    ).rejects.toThrow(expected);
    await expect(
      unreachable.summarizeRequests(target(['fraud']), {
        from: new Date(to.getTime() - 60_000),
        to,
      }),
    ).rejects.toThrow(expected);
  });

  it("asks an environment's own Prometheus for that environment's deployments, and the shared one for the others", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const split = provider('istio', {
      url: closed,
      environments: { production: { url: prometheus.url } },
    });
    const window = { from: new Date(to.getTime() - 10_000), to };

    const production = await split.summarizeRequests(target(['fraud']), window);
    expect(production.requestsPerSecond).toBeGreaterThan(0);
    await expect(
      split.summarizeRequests(
        { ...target(['fraud']), environment: 'staging' },
        window,
      ),
    ).rejects.toThrow(`Prometheus at ${closed} did not answer`);
  });
});
