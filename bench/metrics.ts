/**
 * Metrics route benchmark: one deployment's metrics over 1 hour at 15 s resolution (every series at
 * once) through `GET /deployments/{id}/metrics`, against the same PromQL sent directly to the same local
 * Prometheus, alternating in one run. Prometheus holds an hour of that deployment's series, backfilled
 * with promtool as it would have scraped them every 15 s. Run it with `./scripts/bench.sh metrics`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackend, waitForCatalog } from './backend.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const PROMETHEUS_PORT = 9392;
const NAMESPACE = 'models-development';
const NAME = 'bench-metrics';
const PODS = [
  `${NAME}-7d9c5b6f4-a1b2c`,
  `${NAME}-7d9c5b6f4-d3e4f`,
  `${NAME}-7d9c5b6f4-g5h6i`,
];
const SCRAPE_SECONDS = 15;
const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const TARGET_P95_MS = 150;
const TARGET_RATIO = 1.3;

/** An hour (and a few minutes, for the first rate window) of the series, in OpenMetrics. */
function openMetrics(end: number): string {
  const times: number[] = [];
  for (let t = end - 3900; t <= end; t += SCRAPE_SECONDS) times.push(t);
  const lines: string[] = [];
  const istio = (code: string) =>
    `reporter="destination",destination_workload_namespace="${NAMESPACE}",destination_workload="${NAME}",destination_canonical_service="${NAME}",response_code="${code}"`;
  lines.push('# TYPE istio_requests counter');
  for (const [code, rate] of [
    ['200', 48],
    ['500', 2],
  ] as const) {
    for (const [i, t] of times.entries())
      lines.push(
        `istio_requests_total{${istio(code)}} ${
          rate * SCRAPE_SECONDS * i
        } ${t}`,
      );
  }
  lines.push('# TYPE istio_request_duration_milliseconds histogram');
  for (const [b, le] of [...BUCKETS_MS, '+Inf'].entries()) {
    const share = le === '+Inf' ? 1 : Math.min(1, (b + 1) / BUCKETS_MS.length);
    for (const [i, t] of times.entries())
      lines.push(
        `istio_request_duration_milliseconds_bucket{${istio(
          '200',
        )},le="${le}"} ${Math.round(50 * SCRAPE_SECONDS * i * share)} ${t}`,
      );
  }
  for (const [i, t] of times.entries())
    lines.push(
      `istio_request_duration_milliseconds_count{${istio('200')}} ${
        50 * SCRAPE_SECONDS * i
      } ${t}`,
    );
  for (const [i, t] of times.entries())
    lines.push(
      `istio_request_duration_milliseconds_sum{${istio('200')}} ${
        4000 * SCRAPE_SECONDS * i
      } ${t}`,
    );
  lines.push('# TYPE container_cpu_usage_seconds counter');
  for (const pod of PODS)
    for (const [i, t] of times.entries())
      lines.push(
        `container_cpu_usage_seconds_total{namespace="${NAMESPACE}",pod="${pod}",container="model-server"} ${
          1.5 * SCRAPE_SECONDS * i
        } ${t}`,
      );
  lines.push('# TYPE container_memory_working_set_bytes gauge');
  for (const pod of PODS)
    for (const t of times)
      lines.push(
        `container_memory_working_set_bytes{namespace="${NAMESPACE}",pod="${pod}",container="model-server"} ${
          6 * 2 ** 30
        } ${t}`,
      );
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

async function time(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-metrics-'));
  const end = Math.floor(Date.now() / 1000);
  const prometheusBin = execFileSync('scripts/prometheus.sh', ['path'], {
    encoding: 'utf8',
  }).trim();
  const promtool = path.join(path.dirname(prometheusBin), 'promtool');
  writeFileSync(path.join(work, 'series.om'), openMetrics(end));
  execFileSync(
    promtool,
    [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      path.join(work, 'series.om'),
      path.join(work, 'data'),
    ],
    { stdio: 'ignore' },
  );
  const queryLog = path.join(work, 'queries.log');
  writeFileSync(
    path.join(work, 'prometheus.yml'),
    `global:\n  query_log_file: ${queryLog}\n`,
  );
  const prometheus = spawn(
    prometheusBin,
    [
      `--config.file=${path.join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
    ],
    { stdio: 'ignore', detached: true },
  );
  const prometheusUrl = `http://127.0.0.1:${PROMETHEUS_PORT}`;
  process.env.BENCH_PROMETHEUS_URL = prometheusUrl;
  const backend = await startBackend({
    database: { sqliteDir: work },
    port: 7017,
    configFiles: ['bench/app-config.metrics.yaml'],
  });
  try {
    await waitForCatalog(backend, ['resource:default/bert-sentiment']);
    const token = await backend.tokenOf('guest');
    const created = await fetch(
      `${backend.baseUrl}/api/model-deployments/deployments`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          name: NAME,
          modelRef: 'resource:default/bert-sentiment',
          modelVersion: 'v2.1.0',
          environment: 'development',
          resources: { cpuCores: 2, memoryGb: 8 },
          replicas: { min: 3, max: 3 },
          autoscaling: { enabled: false },
        }),
      },
    );
    if (created.status !== 201)
      throw new Error(
        `create failed: ${created.status} ${await created.text()}`,
      );
    const { deployment } = (await created.json()) as {
      deployment: { id: string };
    };

    const from = new Date((end - 3600) * 1000).toISOString();
    const to = new Date(end * 1000).toISOString();
    const routeUrl = `${backend.baseUrl}/api/model-deployments/deployments/${deployment.id}/metrics?from=${from}&to=${to}&step=15`;
    const viaRoute = async () => {
      const response = await fetch(routeUrl, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as {
        state: string;
        metrics: {
          metric: string;
          series: { points: unknown[] }[];
          error?: string;
        }[];
      };
      if (body.state !== 'ok')
        throw new Error(`the route answered ${JSON.stringify(body)}`);
      const empty = body.metrics.filter(
        m => m.error || !m.series.some(s => s.points.length > 200),
      );
      if (empty.length)
        throw new Error(
          `metrics without an hour of points: ${JSON.stringify(empty)}`,
        );
    };
    await viaRoute();
    const sample = await fetch(routeUrl, {
      headers: {
        Authorization: `Bearer ${token}`,
        'Accept-Encoding': 'identity',
      },
    });
    const bytes = (await sample.arrayBuffer()).byteLength;

    // The PromQL the route sent, from Prometheus's own query log: the direct requests replay exactly it.
    const queries = [
      ...new Set(
        readFileSync(queryLog, 'utf8')
          .trim()
          .split('\n')
          .map(line => JSON.parse(line).params.query as string),
      ),
    ];
    // The cheapest direct client: node:http with keep-alive and no compression, as the route's provider
    // sends them, so that the ratio is the route's own cost.
    const agent = new http.Agent({ keepAlive: true });
    const queryRange = (query: string) =>
      new Promise<void>((resolve, reject) => {
        const body = new URLSearchParams({
          query,
          start: String(end - 3600),
          end: String(end),
          step: '15',
        }).toString();
        const request = http.request(
          `${prometheusUrl}/api/v1/query_range`,
          {
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'Content-Length': Buffer.byteLength(body),
            },
          },
          response => {
            const chunks: Buffer[] = [];
            response.on('data', chunk => chunks.push(chunk));
            response.on('end', () => {
              JSON.parse(Buffer.concat(chunks).toString('utf8'));
              resolve();
            });
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const direct = async () => {
      await Promise.all(queries.map(queryRange));
    };
    // And as a typical client sends them: fetch, which asks for gzip.
    const directFetch = async () => {
      await Promise.all(
        queries.map(async query => {
          const response = await fetch(`${prometheusUrl}/api/v1/query_range`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              query,
              start: String(end - 3600),
              end: String(end),
              step: '15',
            }),
          });
          await response.json();
        }),
      );
    };

    for (let i = 0; i < 20; i++) {
      await viaRoute();
      await direct();
    }
    // The read and permission check that every route of a deployment does, alone.
    const readUrl = `${backend.baseUrl}/api/model-deployments/deployments/${deployment.id}`;
    const read = async () => {
      const response = await fetch(readUrl, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await response.json();
    };
    const route: number[] = [];
    const prom: number[] = [];
    const promFetch: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      route.push(await time(viaRoute));
      prom.push(await time(direct));
      promFetch.push(await time(directFetch));
      reads.push(await time(read));
    }
    const r = summary(route);
    const p = summary(prom);
    const f = summary(promFetch);
    const ratio = r.p95 / p.p95;
    const ratioFetch = r.p95 / f.p95;
    console.log(
      `Metrics of one deployment, 1 h at 15 s (${
        queries.length
      } PromQL queries, ${Math.round(
        bytes / 1024,
      )} KB of JSON, ${ITERATIONS} requests each way, alternating):`,
    );
    console.log(
      `  GET /deployments/{id}/metrics   p50 ${r.p50.toFixed(
        1,
      )} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(
        1,
      )} ms  (target p95 < ${TARGET_P95_MS} ms: ${
        r.p95 < TARGET_P95_MS ? 'met' : 'MISSED'
      })`,
    );
    console.log(
      `  the same PromQL to Prometheus (node:http, no gzip)   p50 ${p.p50.toFixed(
        1,
      )} ms  p95 ${p.p95.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms`,
    );
    console.log(
      `  the same PromQL to Prometheus (fetch, gzip)   p50 ${f.p50.toFixed(
        1,
      )} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms`,
    );
    const g = summary(reads);
    console.log(
      `  GET /deployments/{id} (its read and permission check alone)  p50 ${g.p50.toFixed(
        1,
      )} ms  p95 ${g.p95.toFixed(1)} ms`,
    );
    console.log(
      `  ratio of p95s: ${ratio.toFixed(
        2,
      )} against node:http, ${ratioFetch.toFixed(
        2,
      )} against fetch (target <= ${TARGET_RATIO}: ${
        ratio <= TARGET_RATIO ? 'met' : 'MISSED'
      } against the cheaper client)`,
    );
  } finally {
    await backend.stop();
    process.kill(-prometheus.pid!, 'SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
