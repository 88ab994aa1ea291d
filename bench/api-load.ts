/**
 * API load benchmark: seeds 10,000 deployments in SQLite through the API, then measures in the same run
 * and the same backend our get and list routes against the catalog's by-name route, and the backend's
 * memory across 100,000 requests. Run it with `./scripts/bench.sh api`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  rssMiB,
  startBackend,
  waitForCatalog,
  type RunningBackend,
} from './backend.ts';

const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 10_000);
const CONNECTIONS = 20;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 20);
const MEMORY_REQUESTS = 100_000;

const MODELS = [
  { ref: 'resource:default/bert-sentiment', version: 'v2.1.0' },
  { ref: 'resource:default/t5-summarizer', version: '1.4.0' },
  { ref: 'resource:default/resnet50-classifier', version: '2.0' },
  { ref: 'resource:default/two-tower-recommender', version: '2026.11.2' },
];
const ENVIRONMENTS = ['development', 'staging', 'production'];
const API = '/api/model-deployments';

async function seed(backend: RunningBackend): Promise<string[]> {
  // Erin is in the demo policy's admin group: she may create deployments of every team's models.
  const token = await backend.tokenOf('erin');
  const ids: string[] = [];
  let next = 0;
  const started = Date.now();
  async function worker() {
    while (next < DEPLOYMENTS) {
      const i = next++;
      const model = MODELS[i % MODELS.length];
      const response = await fetch(`${backend.baseUrl}${API}/deployments`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          name: `bench-${String(i).padStart(5, '0')}`,
          modelRef: model.ref,
          modelVersion: model.version,
          environment: ENVIRONMENTS[i % ENVIRONMENTS.length],
          resources: { cpuCores: 2, memoryGb: 8 },
          replicas: { min: 1, max: 4 },
        }),
      });
      if (response.status !== 201) {
        throw new Error(
          `seeding failed with ${response.status}: ${await response.text()}`,
        );
      }
      ids.push(((await response.json()) as any).deployment.id);
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Seeded ${ids.length} deployments through the API in ${seconds.toFixed(
      1,
    )} s (${(ids.length / seconds).toFixed(0)} creates/s)`,
  );
  return ids;
}

type Load = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
};

async function load(
  backend: RunningBackend,
  title: string,
  nextPath: () => string,
  limit: { duration?: number; amount?: number },
): Promise<Load> {
  const result = await autocannon({
    url: backend.baseUrl,
    connections: CONNECTIONS,
    ...(limit.amount ? { amount: limit.amount } : { duration: limit.duration }),
    headers: { Authorization: `Bearer ${backend.token}` },
    requests: [{ setupRequest: request => ({ ...request, path: nextPath() }) }],
  });
  const figures = {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
  console.log(
    `${title.padEnd(44)} ${figures.requestsPerSecond
      .toFixed(0)
      .padStart(6)} req/s  p50 ${String(figures.p50).padStart(
      3,
    )} ms  p99 ${String(figures.p99).padStart(3)} ms  (${
      figures.total
    } requests, ${figures.non2xx} non-2xx, ${figures.errors} errors)`,
  );
  if (figures.non2xx || figures.errors) {
    throw new Error(
      `${title}: ${figures.non2xx} non-2xx responses and ${figures.errors} errors`,
    );
  }
  return figures;
}

/**
 * Measures in steady state: the catalog module publishes a Component for each deployment (not while its
 * creation waits for approval), and the catalog processes them after the seeding.
 */
async function waitForComponents(
  backend: RunningBackend,
  expected: number,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=component,spec.type=model-server&limit=1`,
      { headers: { Authorization: `Bearer ${backend.token}` } },
    );
    const { totalItems } = (await response.json()) as { totalItems: number };
    if (totalItems >= expected) {
      console.log(
        `The catalog had the ${totalItems} deployments' Components ${(
          (Date.now() - started) /
          1000
        ).toFixed(0)} s after the seeding`,
      );
      return;
    }
    if (Date.now() - started > 15 * 60_000) {
      throw new Error(
        `The catalog has ${totalItems} of ${expected} Components after 15 minutes`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 5000));
  }
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

async function main() {
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'modelops-bench-'));
  console.log(
    `Starting the demo backend on port 7017 with SQLite in ${sqliteDir}`,
  );
  const backend = await startBackend({ database: { sqliteDir }, port: 7017 });
  try {
    await waitForCatalog(
      backend,
      MODELS.map(m => m.ref),
    );
    const ids = await seed(backend);
    // Every third deployment is in production, where its creation waits for approval: no Component.
    await waitForComponents(
      backend,
      ids.length - Math.floor((ids.length + 1) / ENVIRONMENTS.length),
    );
    const catalogPaths = MODELS.map(
      m => `/api/catalog/entities/by-name/${m.ref.replace(':', '/')}`,
    );
    const listPaths = [
      `${API}/deployments?limit=50`,
      `${API}/deployments?limit=50&environment=production`,
      `${API}/deployments?limit=50&model=resource:default/bert-sentiment`,
      `${API}/deployments?limit=50&q=bench-04`,
    ];

    console.log(
      `\n${CONNECTIONS} connections, ${DURATION_SECONDS} s each, after a 5 s warm-up of each route`,
    );
    await load(
      backend,
      'warm-up',
      () =>
        pick([
          ...catalogPaths,
          ...listPaths,
          `${API}/deployments/${pick(ids)}`,
        ]),
      { duration: 5 },
    );
    const catalog = await load(
      backend,
      'catalog GET /entities/by-name/{kind}/{ns}/{name}',
      () => pick(catalogPaths),
      { duration: DURATION_SECONDS },
    );
    const get = await load(
      backend,
      'ours    GET /deployments/{id}',
      () => `${API}/deployments/${pick(ids)}`,
      { duration: DURATION_SECONDS },
    );
    const list = await load(
      backend,
      'ours    GET /deployments?limit=50 (filters vary)',
      () => pick(listPaths),
      { duration: DURATION_SECONDS },
    );

    console.log(
      `\nMemory across ${MEMORY_REQUESTS} requests (get and list mixed)`,
    );
    const before = rssMiB(backend.pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(backend.pid)), 1000);
    await load(
      backend,
      'mixed get/list',
      () =>
        Math.random() < 0.8
          ? `${API}/deployments/${pick(ids)}`
          : pick(listPaths),
      { amount: MEMORY_REQUESTS },
    );
    clearInterval(sampler);
    const after = rssMiB(backend.pid);
    const drift = (after - before) / before;
    console.log(
      `backend RSS: ${before.toFixed(0)} MiB before, ${after.toFixed(
        0,
      )} MiB after (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(
        ...samples,
      ).toFixed(0)} during); drift ${(drift * 100).toFixed(1)}%`,
    );

    const ratio = get.requestsPerSecond / catalog.requestsPerSecond;
    const targets = [
      {
        name: 'get vs catalog by-name, ratio of req/s >= 1.0',
        value: ratio.toFixed(2),
        ok: ratio >= 1.0,
      },
      {
        name: 'list of 50, p99 < 30 ms at 20 connections',
        value: `${list.p99} ms`,
        ok: list.p99 < 30,
      },
      {
        name: 'backend memory flat within ±10% across 100,000 requests',
        value: `${(drift * 100).toFixed(1)}%`,
        ok: Math.abs(drift) <= 0.1,
      },
    ];
    console.log('\nTargets');
    for (const t of targets)
      console.log(`  ${t.ok ? 'PASS' : 'MISS'}  ${t.name}: ${t.value}`);
    process.exitCode = targets.every(t => t.ok) ? 0 : 1;
  } finally {
    await backend.stop();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
