import {
  METRIC_DEFINITIONS,
  METRIC_NAMES,
  type DeploymentAlert,
  type DeploymentInstance,
  type DeploymentMetrics,
  type MetricName,
  type MetricResult,
  type MetricSeries,
} from '@modelops/plugin-model-deployments-common';

/** The end of the ranges the fixtures cover, and the clock of the tests that check the range sent. */
export const NOW = new Date('2026-11-26T10:00:00.000Z');

const MINUTE = 60_000;

/** A series of `values`, one a minute, ending at {@link NOW}. */
export function aSeries(
  label: string,
  values: Array<number | null>,
  extra: Partial<MetricSeries> = {},
): MetricSeries {
  const start = NOW.getTime() - (values.length - 1) * MINUTE;
  return {
    label,
    ...extra,
    points: values.map((value, index) => [start + index * MINUTE, value]),
  };
}

/** A metric with its title and unit from METRIC_DEFINITIONS. */
export function aMetric(
  metric: MetricName,
  series: MetricSeries[],
  error?: string,
): MetricResult {
  const { title, unit } = METRIC_DEFINITIONS[metric];
  return { metric, title, unit, series, ...(error ? { error } : {}) };
}

/** The series of each metric for a deployment with two instances, as a provider reports them. */
const SERIES: Record<MetricName, MetricSeries[]> = {
  requestRate: [aSeries('Request rate', [12, 14.5, 13.25])],
  latency: [
    aSeries('p50', [40, 42, 41], { quantile: 0.5 }),
    aSeries('p95', [90, 95, 92], { quantile: 0.95 }),
    aSeries('p99', [180, 210, 230], { quantile: 0.99 }),
  ],
  errorRate: [aSeries('Error rate (5xx)', [0.5, 1, 1.5])],
  cpu: [
    aSeries('bert-7f9c-a', [1.5, 1.75, 2], { instance: 'bert-7f9c-a' }),
    aSeries('bert-7f9c-b', [1.25, 1.5, 1.5], { instance: 'bert-7f9c-b' }),
  ],
  memory: [
    aSeries('bert-7f9c-a', [2 * 2 ** 30, 2.5 * 2 ** 30, 3 * 2 ** 30], {
      instance: 'bert-7f9c-a',
    }),
  ],
  gpu: [aSeries('bert-7f9c-a', [60, 70, 80], { instance: 'bert-7f9c-a' })],
};

/** What the metrics route answers over the last hour; `metrics` replaces some of them by name. */
export function someMetrics(
  overrides: Partial<DeploymentMetrics> = {},
  metrics: Partial<Record<MetricName, MetricResult>> = {},
): DeploymentMetrics {
  return {
    state: 'ok',
    source: 'Prometheus (Istio request metrics)',
    from: new Date(NOW.getTime() - 60 * MINUTE).toISOString(),
    to: NOW.toISOString(),
    stepSeconds: 15,
    metrics: METRIC_NAMES.map(
      name => metrics[name] ?? aMetric(name, SERIES[name]),
    ),
    ...overrides,
  };
}

export function anInstance(
  overrides: Partial<DeploymentInstance> = {},
): DeploymentInstance {
  return {
    name: 'bert-7f9c-a',
    track: 'stable',
    phase: 'Running',
    ready: true,
    restarts: 0,
    node: 'node-1',
    containers: ['model-server'],
    startedAt: '2026-11-26T09:00:00Z',
    ...overrides,
  };
}

export function anAlert(
  overrides: Partial<DeploymentAlert> = {},
): DeploymentAlert {
  return {
    id: 'al1',
    deploymentId: 'd1',
    kind: 'error-rate',
    state: 'firing',
    summary: 'Error rate 7.5 % is above 5 %',
    value: 7.5,
    threshold: 5,
    unit: 'percent',
    firedAt: '2026-11-26T09:50:00Z',
    resolvedAt: null,
    lastEvaluatedAt: '2026-11-26T10:00:00Z',
    ...overrides,
  };
}

/**
 * A log stream the test writes to: each call of `streamLogs` gets its own, recorded with its signal, and
 * ends when the test ends it or the signal aborts, as the client's stream does.
 */
export function controllableLogs() {
  type Stream = {
    instance: string;
    signal: AbortSignal;
    write: (text: string) => void;
    end: () => void;
  };
  const streams: Stream[] = [];
  const streamLogs = jest.fn(
    (_id: string, instance: string, _query: unknown, signal: AbortSignal) => {
      const queue: string[] = [];
      let ended = false;
      let wake: () => void = () => undefined;
      const stream: Stream = {
        instance,
        signal,
        write: text => {
          queue.push(text);
          wake();
        },
        end: () => {
          ended = true;
          wake();
        },
      };
      signal.addEventListener('abort', () => wake());
      streams.push(stream);
      const written = () =>
        new Promise<void>(resolve => {
          wake = resolve;
        });
      return (async function* chunks() {
        for (;;) {
          if (signal.aborted) {
            throw new DOMException('The operation was aborted.', 'AbortError');
          }
          const text = queue.shift();
          if (text !== undefined) {
            yield text;
          } else if (ended) {
            return;
          } else {
            await written();
          }
        }
      })();
    },
  );
  return { streamLogs, streams };
}
