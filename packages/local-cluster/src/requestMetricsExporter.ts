/**
 * A Prometheus exporter of simulated request metrics (Istio's and OpenTelemetry's) and per-pod usage
 * (cAdvisor's and DCGM's series), with counters that grow at set rates. The backend's metrics tests
 * scrape it with a real Prometheus, and the demo's traffic script (scripts/demo/traffic.ts, run by
 * Node's type stripping) serves the demo's request metrics with it. Import it as
 * `@internal/local-cluster/requestMetricsExporter`; it uses node:http only.
 */
import { createServer } from 'node:http';

/** A pod of a workload, with the resource usage the exporter reports for it. */
export type ExportedPod = {
  name: string;
  cpuCores: number;
  memoryBytes: number;
  /** The utilisation of its one GPU; without it, the pod has no GPU series. */
  gpuPercent?: number;
};

/** What one Kubernetes Deployment (a workload) of a model deployment serves, and what its pods use. */
export type WorkloadTraffic = {
  namespace: string;
  /** The model deployment's name: Istio's canonical service. */
  name: string;
  requestsPerSecond: number;
  /** The share of the requests answered with a 5xx (500). */
  errorRatio: number;
  /**
   * `[upper bound in ms, share of the requests at or under it]`, ascending and cumulative like a
   * Prometheus histogram; requests above the last bound are counted in `+Inf` only.
   */
  latencyBuckets: Array<[number, number]>;
  pods: ExportedPod[];
};

export type RequestMetricsExporter = {
  /** Where Prometheus scrapes it: `127.0.0.1:<port>`, path `/metrics`. */
  hostPort: string;
  /**
   * Adds a workload, or changes what it serves from now on: its counters go on from where they are,
   * as a real workload's would.
   */
  set(workload: string, traffic: WorkloadTraffic): void;
  stop(): Promise<void>;
};

type MetricType = 'counter' | 'gauge' | 'histogram';

/** One sample of a metric family; a counter's `perSecond` is its rate, a gauge's `value` its value. */
type Sample = {
  family: string;
  /** The sample's name: the family's, or a histogram's `_bucket`, `_sum` or `_count`. */
  name: string;
  labels: Record<string, string>;
} & ({ perSecond: number } | { value: number });

/** The families in the order they are written: the text format wants each family's samples together. */
const FAMILIES: Array<[string, MetricType]> = [
  ['istio_requests_total', 'counter'],
  ['istio_request_duration_milliseconds', 'histogram'],
  ['http_server_request_duration_seconds', 'histogram'],
  ['container_cpu_usage_seconds_total', 'counter'],
  ['container_memory_working_set_bytes', 'gauge'],
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge'],
];

const SERVER_CONTAINER = 'model-server';

function histogram(
  family: string,
  labels: Record<string, string>,
  perSecond: number,
  buckets: Array<[number, number]>,
  unitsPerMs: number,
): Sample[] {
  // Each request is taken to last the middle of its bucket; only the quantiles are checked exactly.
  let lower = 0;
  let previousShare = 0;
  let meanMs = 0;
  for (const [upper, share] of buckets) {
    meanMs += (share - previousShare) * ((lower + upper) / 2);
    lower = upper;
    previousShare = share;
  }
  meanMs += (1 - previousShare) * lower;

  return [
    ...buckets.map(([upper, share]) => ({
      family,
      name: `${family}_bucket`,
      labels: { ...labels, le: String(upper * unitsPerMs) },
      perSecond: perSecond * share,
    })),
    {
      family,
      name: `${family}_bucket`,
      labels: { ...labels, le: '+Inf' },
      perSecond,
    },
    {
      family,
      name: `${family}_sum`,
      labels,
      perSecond: perSecond * meanMs * unitsPerMs,
    },
    { family, name: `${family}_count`, labels, perSecond },
  ];
}

/** The request series of one response code, as Istio's sidecar and an OpenTelemetry collector write them. */
function requestSamples(
  workload: string,
  traffic: WorkloadTraffic,
  code: string,
  perSecond: number,
): Sample[] {
  const istio = {
    reporter: 'destination',
    destination_workload_namespace: traffic.namespace,
    destination_workload: workload,
    destination_canonical_service: traffic.name,
    response_code: code,
  };
  const openTelemetry = {
    k8s_namespace_name: traffic.namespace,
    k8s_deployment_name: workload,
    http_response_status_code: code,
  };
  return [
    {
      family: 'istio_requests_total',
      name: 'istio_requests_total',
      labels: istio,
      perSecond,
    },
    ...histogram(
      'istio_request_duration_milliseconds',
      istio,
      perSecond,
      traffic.latencyBuckets,
      1,
    ),
    ...histogram(
      'http_server_request_duration_seconds',
      openTelemetry,
      perSecond,
      traffic.latencyBuckets,
      0.001,
    ),
  ];
}

/** The kubelet's cAdvisor series of a pod: its container's and its own cgroup's (`container=""`). */
function podSamples(namespace: string, pod: ExportedPod): Sample[] {
  const samples: Sample[] = [];
  for (const container of [SERVER_CONTAINER, '']) {
    const labels = { namespace, pod: pod.name, container };
    samples.push(
      {
        family: 'container_cpu_usage_seconds_total',
        name: 'container_cpu_usage_seconds_total',
        labels,
        perSecond: pod.cpuCores,
      },
      {
        family: 'container_memory_working_set_bytes',
        name: 'container_memory_working_set_bytes',
        labels,
        value: pod.memoryBytes,
      },
    );
  }
  if (pod.gpuPercent !== undefined) {
    samples.push({
      family: 'DCGM_FI_DEV_GPU_UTIL',
      name: 'DCGM_FI_DEV_GPU_UTIL',
      labels: {
        namespace,
        pod: pod.name,
        container: SERVER_CONTAINER,
        gpu: '0',
      },
      value: pod.gpuPercent,
    });
  }
  return samples;
}

const escapeLabelValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const seriesKey = (sample: Sample) =>
  `${sample.name}{${Object.entries(sample.labels)
    .map(([label, value]) => `${label}="${escapeLabelValue(value)}"`)
    .join(',')}}`;

/**
 * Serves `/metrics` in the Prometheus text format for the workloads it is given: Istio's request
 * metrics, the OpenTelemetry HTTP server histogram, cAdvisor's CPU and memory, and DCGM's GPU
 * utilisation. Counters grow linearly with wall-clock time at the configured rates, and each scrape's
 * samples carry the time they were computed for, so that Prometheus's rate() over a window full of
 * samples is the configured rate exactly.
 *
 * That time is the scrape's tick: the previous scrape's time plus whole scrape intervals. A scrape
 * that comes late under load is still stamped on its tick, so the samples stay evenly spaced and
 * rate() extrapolates every window to its edges (it stops short where a gap is 10 % longer than the
 * others).
 */
export async function startRequestMetricsExporter(
  options: { scrapeIntervalSeconds?: number } = {},
): Promise<RequestMetricsExporter> {
  const intervalMs = (options.scrapeIntervalSeconds ?? 1) * 1000;
  let lastScrapedAt: number | undefined;
  const tickOf = (time: number) =>
    lastScrapedAt === undefined
      ? time
      : lastScrapedAt +
        Math.max(0, Math.round((time - lastScrapedAt) / intervalMs)) *
          intervalMs;

  /** By namespace and name, as Kubernetes tells workloads apart. */
  const workloads = new Map<
    string,
    { workload: string; traffic: WorkloadTraffic; since: number }
  >();
  /** Each counter's value when its workload last changed: counters never go back. */
  const counted = new Map<string, number>();

  const samplesOf = (workload: string, traffic: WorkloadTraffic) => {
    const codes: Array<[string, number]> = [
      ['200', traffic.requestsPerSecond * (1 - traffic.errorRatio)],
      ['500', traffic.requestsPerSecond * traffic.errorRatio],
    ];
    return [
      // Like Istio's, a response code's series exist once a request got that code.
      ...codes
        .filter(
          ([code, perSecond]) =>
            perSecond > 0 ||
            counted.has(
              seriesKey(requestSamples(workload, traffic, code, 0)[0]),
            ),
        )
        .flatMap(([code, perSecond]) =>
          requestSamples(workload, traffic, code, perSecond),
        ),
      ...traffic.pods.flatMap(pod => podSamples(traffic.namespace, pod)),
    ];
  };

  const valueAt = (sample: Sample, since: number, time: number) =>
    'value' in sample
      ? sample.value
      : (counted.get(seriesKey(sample)) ?? 0) +
        (sample.perSecond * Math.max(0, time - since)) / 1000;

  const render = () => {
    const now = tickOf(Date.now());
    lastScrapedAt = now;
    const byFamily = new Map<string, string[]>(
      FAMILIES.map(([family]) => [family, []]),
    );
    for (const { workload, traffic, since } of workloads.values()) {
      for (const sample of samplesOf(workload, traffic)) {
        byFamily
          .get(sample.family)!
          .push(`${seriesKey(sample)} ${valueAt(sample, since, now)} ${now}`);
      }
    }
    return FAMILIES.flatMap(([family, type]) => [
      `# TYPE ${family} ${type}`,
      ...byFamily.get(family)!,
    ]).join('\n');
  };

  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(`${render()}\n`);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as { port: number };

  return {
    hostPort: `127.0.0.1:${port}`,
    set(workload, traffic) {
      // Never before the last scrape's time, which a tick may put slightly ahead of the clock.
      const now = Math.max(Date.now(), lastScrapedAt ?? 0);
      const key = `${traffic.namespace}/${workload}`;
      const current = workloads.get(key);
      if (current) {
        for (const sample of samplesOf(workload, current.traffic)) {
          if ('perSecond' in sample) {
            counted.set(seriesKey(sample), valueAt(sample, current.since, now));
          }
        }
      }
      workloads.set(key, { workload, traffic, since: now });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        // Prometheus keeps its scrape connection open.
        server.closeAllConnections();
      }),
  };
}
