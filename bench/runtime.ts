/**
 * Runtime benchmark, on a local cluster of its own (scripts/bench.sh starts it):
 * 1. the time from a create request to every instance ready, against `kubectl apply` of the same
 *    manifests followed by `kubectl rollout status` (target: our ratio at most 1.2);
 * 2. with 50 and then 500 running deployments, the Kubernetes API requests the backend makes per minute in
 *    steady state, counted in the API server's audit log of Backstage's service account (target: the
 *    same at both sizes: no request per deployment), and the backend's memory.
 * Run it with `./scripts/bench.sh runtime`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssMiB, waitForCatalog, type RunningBackend } from './backend.ts';
import {
  addNodes,
  call,
  createBody,
  createMany,
  K8S_DIR,
  kubectl,
  median,
  MODEL,
  startOnCluster,
  untilRunning,
} from './cluster.ts';

const AUDIT_LOG = path.join(K8S_DIR, 'logs/audit-backstage.log');
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const SIZES = [50, 500];
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 60);
const NAMESPACE = 'models-development';
const KUBECTL_NAMESPACE = 'bench-kubectl';

async function untilGone(backend: RunningBackend, id: string): Promise<void> {
  for (;;) {
    const deployment = await call(backend, 'GET', `/deployments/${id}`);
    if (deployment.status === 'deleted') return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Our objects of one deployment, made plain manifests for another namespace (as a user's YAML would be). */
function asPlainManifests(id: string): string {
  const list = JSON.parse(
    kubectl([
      'get',
      'deployments,services,poddisruptionbudgets',
      '-n',
      NAMESPACE,
      '-l',
      `modelops.io/deployment-id=${id}`,
      '-o',
      'json',
    ]),
  );
  for (const item of list.items) {
    item.metadata = {
      name: item.metadata.name,
      namespace: KUBECTL_NAMESPACE,
      labels: item.metadata.labels,
    };
    delete item.status;
    if (item.kind === 'Service') {
      delete item.spec.clusterIP;
      delete item.spec.clusterIPs;
    }
  }
  return JSON.stringify(list);
}

async function createToReady(backend: RunningBackend) {
  const ours: number[] = [];
  const plain: number[] = [];
  kubectl(['create', 'namespace', KUBECTL_NAMESPACE]);
  for (let run = 0; run < LATENCY_RUNS; run++) {
    const name = `latency-${run}`;
    const started = performance.now();
    const created = await call(
      backend,
      'POST',
      '/deployments',
      createBody(name, 3),
    );
    await untilRunning(backend, created.deployment.id);
    ours.push(performance.now() - started);

    const manifests = asPlainManifests(created.deployment.id);
    const kubectlStarted = performance.now();
    kubectl(['apply', '-f', '-'], manifests);
    kubectl([
      'rollout',
      'status',
      `deployment/${name}`,
      '-n',
      KUBECTL_NAMESPACE,
      '--timeout=120s',
    ]);
    plain.push(performance.now() - kubectlStarted);

    kubectl(['delete', '-f', '-', '--wait=true'], manifests);
    await call(
      backend,
      'DELETE',
      `/deployments/${created.deployment.id}?confirm=${name}`,
    );
    await untilGone(backend, created.deployment.id);
  }
  kubectl(['delete', 'namespace', KUBECTL_NAMESPACE, '--wait=false']);
  return { ours: median(ours), kubectl: median(plain), all: { ours, plain } };
}

/** Requests in the audit log (one line per request; a watch's start and end both count once). */
function auditedRequests(): { total: number; byVerb: Record<string, number> } {
  const byVerb: Record<string, number> = {};
  let total = 0;
  let text = '';
  try {
    text = readFileSync(AUDIT_LOG, 'utf8');
  } catch {
    return { total, byVerb };
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line);
    if (event.stage !== 'ResponseComplete') continue;
    total++;
    const key = `${event.verb} ${
      event.objectRef?.resource ?? event.requestURI
    }`;
    byVerb[key] = (byVerb[key] ?? 0) + 1;
  }
  return { total, byVerb };
}

async function steadyState(backend: RunningBackend, size: number) {
  // Let the last rollouts' watch events settle before counting.
  await new Promise(resolve => setTimeout(resolve, 10_000));
  const before = auditedRequests();
  const rssBefore = rssMiB(backend.pid);
  await new Promise(resolve => setTimeout(resolve, STEADY_SECONDS * 1000));
  const after = auditedRequests();
  const byVerb: Record<string, number> = {};
  for (const [key, count] of Object.entries(after.byVerb)) {
    const delta = count - (before.byVerb[key] ?? 0);
    if (delta > 0) byVerb[key] = delta;
  }
  return {
    size,
    requestsPerMinute: ((after.total - before.total) * 60) / STEADY_SECONDS,
    byVerb,
    rssMiB: Math.round(rssMiB(backend.pid)),
    rssBeforeMiB: Math.round(rssBefore),
  };
}

async function main() {
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'bench-runtime-'));
  const backend = await startOnCluster({ database: { sqliteDir } });
  try {
    await waitForCatalog(backend, [MODEL.ref]);
    console.log(
      `runtime benchmark: create to ready, ${LATENCY_RUNS} runs of 3 instances each`,
    );
    const latency = await createToReady(backend);
    const ratio = latency.ours / latency.kubectl;
    console.log(
      `  ours: median ${Math.round(latency.ours)} ms (${latency.all.ours
        .map(Math.round)
        .join(', ')})`,
    );
    console.log(
      `  kubectl apply + rollout status: median ${Math.round(
        latency.kubectl,
      )} ms (${latency.all.plain.map(Math.round).join(', ')})`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)} (target <= 1.2): ${
        ratio <= 1.2 ? 'PASS' : 'MISS'
      }`,
    );

    addNodes(3);
    const results = [];
    let created = 0;
    for (const size of SIZES) {
      const started = Date.now();
      const requestsBefore = auditedRequests().total;
      await createMany(backend, created, size);
      // The audit log does see the backend: creating deployments takes requests; running them should not.
      console.log(
        `  creating ${size - created} deployments took ${
          auditedRequests().total - requestsBefore
        } API requests`,
      );
      created = size;
      console.log(
        `  ${size} deployments running (${
          size - (results.length ? SIZES[results.length - 1] : 0)
        } created and rolled out in ${Math.round(
          (Date.now() - started) / 1000,
        )} s)`,
      );
      const result = await steadyState(backend, size);
      results.push(result);
      console.log(
        `  steady state with ${size}: ${result.requestsPerMinute.toFixed(
          1,
        )} API requests/min ${JSON.stringify(result.byVerb)}; backend RSS ${
          result.rssMiB
        } MiB`,
      );
    }
    const [small, large] = results;
    const independent =
      large.requestsPerMinute <=
      Math.max(small.requestsPerMinute * 1.2, small.requestsPerMinute + 2);
    console.log(
      `  API requests/min ${small.requestsPerMinute.toFixed(1)} at ${
        small.size
      } vs ${large.requestsPerMinute.toFixed(1)} at ${
        large.size
      } (target: independent of the number of deployments): ${
        independent ? 'PASS' : 'MISS'
      }`,
    );
    console.log(
      `  backend RSS ${small.rssMiB} MiB at ${small.size}, ${
        large.rssMiB
      } MiB at ${large.size} (+${(
        ((large.rssMiB - small.rssMiB) * 1024) /
        (large.size - small.size)
      ).toFixed(0)} KiB per deployment)`,
    );
  } finally {
    await backend.stop();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
