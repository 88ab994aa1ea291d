/**
 * What the benchmarks that run deployments share: the demo backend started on the benchmark's own local
 * cluster (scripts/bench.sh starts the cluster and sets MODELOPS_K8S_DIR), calls to our API with the guest's
 * token, and creating deployments until they run.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  startBackend,
  type BackendDatabase,
  type RunningBackend,
} from './backend.ts';

export const K8S_DIR = process.env.MODELOPS_K8S_DIR!;
const API = '/api/model-deployments';
export const MODEL = {
  ref: 'resource:default/bert-sentiment',
  version: 'v2.1.0',
};

export function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', args, {
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECONFIG: path.join(K8S_DIR, 'kubeconfig') },
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The demo backend (by default on port 7017) with the cluster's environments; `configFiles` come after them. */
export async function startOnCluster(options: {
  database: BackendDatabase;
  port?: number;
  configFiles?: string[];
}): Promise<RunningBackend> {
  return startBackend({
    database: options.database,
    port: options.port ?? 7017,
    configFiles: [
      'app-config.local-cluster.yaml',
      path.relative(
        path.resolve(import.meta.dirname, '..'),
        path.join(K8S_DIR, 'app-config.yaml'),
      ),
      ...(options.configFiles ?? []),
    ],
  });
}

export async function call(
  backend: RunningBackend,
  method: string,
  route: string,
  body?: unknown,
): Promise<any> {
  const response = await fetch(`${backend.baseUrl}${API}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${backend.token}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(
      `${method} ${route}: ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}

export function createBody(name: string, replicas: number) {
  return {
    name,
    modelRef: MODEL.ref,
    modelVersion: MODEL.version,
    environment: 'development',
    resources: { cpuCores: 0.1, memoryGb: 0.25 },
    replicas: { min: replicas, max: replicas },
    autoscaling: { enabled: false },
  };
}

export async function untilRunning(
  backend: RunningBackend,
  id: string,
): Promise<void> {
  for (;;) {
    const deployment = await call(backend, 'GET', `/deployments/${id}`);
    if (deployment.status === 'running' && !deployment.operation) return;
    if (deployment.status === 'failed') {
      throw new Error(
        `${deployment.name} failed: ${deployment.lastError?.message}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/** Nodes enough for 500 single-instance deployments beside the cluster's own. */
export function addNodes(count: number): void {
  const template = JSON.parse(kubectl(['get', 'node', 'cpu-1', '-o', 'json']));
  for (let i = 1; i <= count; i++) {
    const name = `bench-cpu-${i}`;
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: {
          ...template.metadata.annotations,
          'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`,
        },
        labels: { ...template.metadata.labels, 'kubernetes.io/hostname': name },
      },
      status: {
        ...template.status,
        allocatable: { ...template.status.allocatable, pods: '250', cpu: '64' },
        capacity: { ...template.status.capacity, pods: '250', cpu: '64' },
      },
    };
    kubectl(['apply', '-f', '-'], JSON.stringify(node));
  }
  kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s']);
}

/** Single-instance deployments `fleet-<from>` up to `fleet-<to - 1>`, 8 creates at a time, until all run. */
export async function createMany(
  backend: RunningBackend,
  from: number,
  to: number,
) {
  const ids: string[] = [];
  let next = from;
  async function worker() {
    while (next < to) {
      const i = next++;
      const created = await call(
        backend,
        'POST',
        '/deployments',
        createBody(`fleet-${String(i).padStart(3, '0')}`, 1),
      );
      ids.push(created.deployment.id);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  for (const id of ids) {
    await untilRunning(backend, id);
  }
}
