/**
 * SIMULATED REQUEST TRAFFIC, FOR THE DEMO ONLY. The local cluster's pods run no model server (kwok
 * simulates them), so nothing serves requests and nothing measures them. This stands in for the Istio
 * sidecars of a real cluster: every few seconds it lists the pods of our deployments and serves Istio's
 * request metrics for each workload (a Kubernetes Deployment: one per track) with made-up figures, in
 * proportion to its ready pods. A workload whose pods are all gone stops growing. It serves no CPU or
 * memory: those come from the kubelet resource metrics that kwok serves for each node.
 *
 *   node scripts/demo/traffic.ts <targets file>
 *
 * It listens on a loopback port of its own and writes it to the targets file, which the demo's
 * Prometheus reads (file_sd, scripts/demo/prometheus.sh). KUBECONFIG names the cluster.
 */
import { execFile } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  startRequestMetricsExporter,
  type WorkloadTraffic,
} from '@internal/local-cluster/requestMetricsExporter';

const SCRAPE_SECONDS = 5;
/**
 * The pods that get simulated traffic: those of model deployments, which the backend labels
 * `app.kubernetes.io/managed-by=model-deployments` (as it labels every object it creates). The script
 * keeps its own copy of the selector rather than importing the backend's code: like the sidecars it
 * stands in for, it knows the cluster, not the backend.
 */
const POD_SELECTOR = 'app.kubernetes.io/managed-by=model-deployments';
/** The label a Deployment's controller puts on its pods, and at the end of its ReplicaSets' names. */
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** Istio's canonical service of a pod, from the first of these labels it has. */
const CANONICAL_NAME_LABELS = [
  'service.istio.io/canonical-name',
  'app.kubernetes.io/name',
  'app',
];
/** The bounds of Istio's default duration buckets (ms), up to 10 s. */
const BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

type Pod = {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{
      kind: string;
      name: string;
      controller?: boolean;
    }>;
    deletionTimestamp?: string;
  };
  status?: { conditions?: Array<{ type: string; status: string }> };
};

/** A number in [0, 1) that a workload keeps from run to run (FNV-1a of its key and a salt). */
function fraction(key: string, salt: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${salt}:${key}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/** A slow swing around 1 (±`amplitude`), with a period and phase of the workload's own. */
function swing(key: string, salt: string, amplitude: number, now: number) {
  const periodMs = (5 + 10 * fraction(key, `${salt}:period`)) * 60_000;
  const phase = 2 * Math.PI * fraction(key, `${salt}:phase`);
  return 1 + amplitude * Math.sin((2 * Math.PI * now) / periodMs + phase);
}

/**
 * A model server's figures, each a base of the workload's own that swings slowly: 5–40 req/s per ready
 * pod, 0.5–2 % answered with a 500, and latencies spread log-logistically around a median of about
 * 15–60 ms (p99 about 6 times the median).
 */
function trafficOf(
  namespace: string,
  workload: string,
  name: string,
  readyPods: number,
  now: number,
): WorkloadTraffic {
  const key = `${namespace}/${workload}`;
  const perPod = 6.25 + 27 * fraction(key, 'rate');
  const errorRatio =
    (0.006 + 0.01 * fraction(key, 'errors')) * swing(key, 'errors', 0.25, now);
  const medianMs =
    (15 + 45 * fraction(key, 'latency')) * swing(key, 'latency', 0.15, now);
  return {
    namespace,
    name,
    requestsPerSecond: readyPods * perPod * swing(key, 'rate', 0.2, now),
    errorRatio,
    latencyBuckets: BUCKETS_MS.map(bound => [
      bound,
      1 / (1 + (medianMs / bound) ** 2.5),
    ]),
    pods: [],
  };
}

const isReady = (pod: Pod) =>
  !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions ?? []).some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );

/**
 * The workload a pod belongs to and its canonical service, found from the pod alone as Istio's sidecar
 * finds them (`destination_workload` and `destination_canonical_service`): a pod of a ReplicaSet that a
 * Deployment made belongs to the Deployment, whose name is the ReplicaSet's without the
 * `-<pod-template-hash>` suffix; the canonical service is the pod's name label. For a model deployment
 * that is the Kubernetes Deployment of a track (`<name>`, `<name>-canary`, `<name>-preview`) and the
 * deployment's name.
 */
function workloadOf(pod: Pod) {
  const labels = pod.metadata.labels ?? {};
  const owners = pod.metadata.ownerReferences ?? [];
  const owner = owners.find(reference => reference.controller) ?? owners[0];
  let workload = owner?.name ?? pod.metadata.name;
  const hash = labels[POD_TEMPLATE_HASH_LABEL];
  if (owner?.kind === 'ReplicaSet' && hash && workload.endsWith(`-${hash}`)) {
    workload = workload.slice(0, -hash.length - 1);
  }
  const canonicalLabel = CANONICAL_NAME_LABELS.find(label => labels[label]);
  return {
    namespace: pod.metadata.namespace,
    name: canonicalLabel ? labels[canonicalLabel] : workload,
    workload,
  };
}

async function listPods(): Promise<Pod[]> {
  const { stdout } = await promisify(execFile)(
    'kubectl',
    [
      'get',
      'pods',
      '-A',
      '-l',
      POD_SELECTOR,
      '-o',
      'json',
      '--request-timeout=5s',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout).items;
}

const targetsFile = process.argv[2];
if (!targetsFile || !process.env.KUBECONFIG) {
  console.error(
    'usage: KUBECONFIG=<kubeconfig> node scripts/demo/traffic.ts <targets file>',
  );
  process.exit(2);
}

async function main() {
  const exporter = await startRequestMetricsExporter({
    scrapeIntervalSeconds: SCRAPE_SECONDS,
  });
  // Written whole and then renamed, so that Prometheus never reads half a file.
  writeFileSync(
    `${targetsFile}.tmp`,
    JSON.stringify([
      { targets: [exporter.hostPort], labels: { simulated: 'true' } },
    ]),
  );
  renameSync(`${targetsFile}.tmp`, targetsFile);
  console.log(
    `traffic: simulated request metrics at http://${exporter.hostPort}/metrics`,
  );

  /** Every workload seen so far, with its name and how many of its pods were ready at the last look. */
  const workloads = new Map<
    string,
    { namespace: string; name: string; workload: string; ready: number }
  >();

  async function simulate() {
    let pods: Pod[];
    try {
      pods = await listPods();
    } catch (error) {
      // The figures stay as they were until the cluster answers again.
      console.error(`traffic: could not list the pods: ${error}`);
      return;
    }
    const ready = new Map<string, number>();
    for (const pod of pods) {
      const owner = workloadOf(pod);
      const key = `${owner.namespace}/${owner.workload}`;
      ready.set(key, (ready.get(key) ?? 0) + (isReady(pod) ? 1 : 0));
      if (!workloads.has(key)) {
        workloads.set(key, { ...owner, ready: 0 });
      }
    }
    const now = Date.now();
    for (const [key, seen] of workloads) {
      const readyNow = ready.get(key) ?? 0;
      if (readyNow !== seen.ready) {
        console.log(`traffic: ${key}: ${readyNow} ready pods`);
        seen.ready = readyNow;
      }
      exporter.set(
        seen.workload,
        trafficOf(seen.namespace, seen.workload, seen.name, readyNow, now),
      );
    }
  }

  const stop = async () => {
    await exporter.stop();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  for (;;) {
    await simulate();
    await new Promise(resolve => setTimeout(resolve, SCRAPE_SECONDS * 1000));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
