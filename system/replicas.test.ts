/**
 * Two backend replicas on one PostgreSQL database drive updates on a real control plane while the one
 * that drives them is killed (SIGKILL) in the middle, again and again, and while the API server is
 * paused (SIGSTOP) at the worst moment: with the update applied by a replica that then loses its lease.
 * Every step's event must be written once, the final state must be right, and the automatic rollback of
 * an update that never becomes ready must still happen. Run by scripts/system-tests.sh, on a local
 * cluster of its own (the API server is paused, which parallel tests must not see).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { call, createBody } from '../bench/cluster.ts';
import {
  apiServerPid,
  startReplicas,
  type Replicas,
} from '../bench/backendReplicas.ts';

/** Short leases, so that a takeover takes seconds; a short deadline for the never-ready update. */
const CONFIG = path.relative(
  path.resolve(import.meta.dirname, '..'),
  path.join(import.meta.dirname, 'app-config.replicas.yaml'),
);
const LEASE_MS = 4_000;

let replicas: Replicas;

before(async () => {
  replicas = await startReplicas({
    count: 2,
    prefix: `replicas_${randomUUID().slice(0, 8)}_`,
    configFiles: [CONFIG],
  });
});

after(async () => {
  await replicas?.stop();
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A replica that is up, for API calls: any of them serves every request. */
function anyReplica() {
  return replicas.backends[
    Math.floor(Math.random() * replicas.backends.length)
  ];
}

type Deployment = {
  id: string;
  status: string;
  revision: number;
  activeRevision: number | null;
  instances: { desired: number; current: number | null; ready: number | null };
  operation?: {
    id: string;
    type: string;
    step: string | null;
    progress: { until?: string } | null;
  };
};

type Event = {
  action: string;
  outcome: string;
  message: string;
  operationId: string | null;
};

async function get(id: string): Promise<Deployment> {
  return call(anyReplica(), 'GET', `/deployments/${id}`);
}

async function until(
  id: string,
  what: string,
  predicate: (d: Deployment) => boolean,
  timeoutMs = 180_000,
): Promise<Deployment> {
  const deadline = Date.now() + timeoutMs;
  let last: Deployment | undefined;
  for (;;) {
    last = await get(id).catch(() => last);
    if (last && predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`,
      );
    }
    await sleep(200);
  }
}

async function events(id: string): Promise<Event[]> {
  const page = await call(
    anyReplica(),
    'GET',
    `/deployments/${id}/events?limit=100`,
  );
  return [...page.items].reverse();
}

/** Creates a deployment of `instances` through any replica; resolves to its id. */
async function create(name: string, instances: number): Promise<string> {
  const created = await call(
    anyReplica(),
    'POST',
    '/deployments',
    createBody(name, instances),
  );
  return created.deployment.id;
}

/** Waits until the deployment runs with nothing under way. */
function untilRunning(id: string, what = 'the deployment to run') {
  return until(id, what, d => d.status === 'running' && !d.operation);
}

/** Asks for an Update Model through any replica. */
function updateModel(id: string, body: object) {
  return call(anyReplica(), 'POST', `/deployments/${id}/update-model`, body);
}

/** Events that say the same thing about the same operation: each must be there once. */
function repeated(list: Event[]): string[] {
  const seen = new Map<string, number>();
  for (const e of list) {
    const key = `${e.operationId} ${e.action} ${e.outcome}: ${e.message}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${n}x ${key}`);
}

/** Kills the replica that drives the deployment now; resolves to its index, for a restart. */
async function killDriver(id: string): Promise<number> {
  let pid: number | undefined;
  for (let i = 0; i < 50 && pid === undefined; i++) {
    pid = replicas.leaseHolder(id);
    if (pid === undefined) await sleep(100);
  }
  const index = replicas.backends.findIndex(backend => backend.pid === pid);
  assert.notEqual(index, -1, `no replica holds the lease of ${id}`);
  await replicas.backends[index].kill();
  return index;
}

/** Kills the replica that drives the deployment, and starts it again (the other takes over meanwhile). */
async function killAndRestartDriver(id: string): Promise<void> {
  await replicas.restart(await killDriver(id));
}

/** Waits until the deployment's events grow past `count`: a step of its operation happened. */
async function untilEventsPast(id: string, count: number): Promise<number> {
  for (;;) {
    const now = (await events(id)).length;
    if (now > count) return now;
    await sleep(200);
  }
}

test('a create, a stop, a canary, a rolling update and a never-ready update survive the kill of the replica that drives them', async () => {
  // Killed as soon as it takes up the creation.
  // Enough instances that a rolling update takes several waves, for the kill to fall within it.
  const id = await create('survivor', 8);
  await killAndRestartDriver(id);
  await untilRunning(id);

  // Killed as soon as it takes up the stop; then started again, undisturbed.
  await call(anyReplica(), 'POST', `/deployments/${id}/stop`, {
    reason: 'the replicas test',
  });
  await killAndRestartDriver(id);
  await until(
    id,
    'the deployment to stop',
    d => d.status === 'stopped' && !d.operation,
  );
  await call(anyReplica(), 'POST', `/deployments/${id}/start`, {});
  await untilRunning(id, 'the deployment to run again');

  // A canary in two steps: the driver is killed after each step it records.
  await updateModel(id, {
    modelVersion: 'v2.0.0',
    strategy: 'canary',
    canary: {
      steps: [
        // Longer than a replica takes to start again, so that each kill falls within a step.
        { weightPercent: 25, pauseSeconds: 30 },
        { weightPercent: 50, pauseSeconds: 30 },
      ],
    },
  });
  let seen = (await events(id)).length;
  for (let kill = 0; kill < 2; kill++) {
    seen = await untilEventsPast(id, seen);
    await killAndRestartDriver(id);
  }
  const canaried = await until(
    id,
    'the canary to be promoted',
    d => d.status === 'running' && d.activeRevision === 2 && !d.operation,
  );
  assert.deepEqual(canaried.instances, { desired: 8, current: 8, ready: 8 });

  // A rolling update, its driver killed while the instances roll.
  await updateModel(id, {
    modelVersion: 'v1.0.0',
    strategy: 'rolling',
  });
  await until(
    id,
    'the rolling update to be applied',
    d => d.operation?.step === 'rolling-out',
    60_000,
  );
  await killAndRestartDriver(id);
  await until(
    id,
    'the rolling update to finish',
    d => d.status === 'running' && d.activeRevision === 3 && !d.operation,
  );

  // An update whose instances never become ready: its driver is killed while it waits for them, and
  // the automatic rollback must still come.
  await call(anyReplica(), 'PATCH', `/deployments/${id}`, {
    env: [{ name: 'KWOK_SIMULATE', value: 'never-ready' }],
  });
  await until(
    id,
    'the never-ready update to be applied',
    d => d.operation?.step === 'rolling-out',
    60_000,
  );
  await killAndRestartDriver(id);
  const recovered = await until(
    id,
    'the automatic rollback to finish',
    d => d.status === 'running' && d.revision === 5 && !d.operation,
  );
  assert.equal(recovered.activeRevision, 5);

  const list = await events(id);
  assert.deepEqual(repeated(list), []);
  // Every step is there, each once: the canary's steps and verdicts, and the promotion.
  for (const step of [
    /^Canary step 1 of 2: 25% /,
    /^Canary step 1 of 2 analysis: /,
    /^Canary step 2 of 2: 50% /,
    /^Canary step 2 of 2 analysis: /,
    /^Promoting: all 2 steps passed/,
  ]) {
    assert.equal(
      list.filter(e => step.test(e.message)).length,
      1,
      String(step),
    );
  }
  assert.deepEqual(
    list
      .filter(e => e.outcome !== 'succeeded')
      .map(e => `${e.action} ${e.outcome}`),
    [
      'create accepted',
      'stop accepted',
      'start accepted',
      'update-model accepted',
      'update-model accepted',
      'edit accepted',
      'edit failed',
      'rollback accepted',
    ],
  );
});

test('an update applied while the API server hangs is recorded once by the replica that holds the lease when it answers', async () => {
  const id = await create('paused', 2);
  await untilRunning(id);

  const apiServer = apiServerPid();
  process.kill(apiServer, 'SIGSTOP');
  try {
    // The driver takes the update and hangs in its apply; its lease runs out, and the other replica
    // takes it over and hangs too. When the server answers, both applies complete: the first
    // replica's writes are refused (its lease is the other's), the second one's are recorded.
    await updateModel(id, {
      modelVersion: 'v2.0.0',
      strategy: 'rolling',
    });
    await sleep(3 * LEASE_MS);
  } finally {
    process.kill(apiServer, 'SIGCONT');
  }
  const done = await until(
    id,
    'the update to finish after the API server answers again',
    d => d.status === 'running' && d.activeRevision === 2 && !d.operation,
  );
  assert.deepEqual(done.instances, { desired: 2, current: 2, ready: 2 });

  // Paused again, and the driver killed at the worst moment: it marked the update as applying, and its
  // apply hangs. The other replica takes the update over once the lease runs out, and applies it again.
  process.kill(apiServer, 'SIGSTOP');
  let killed: number;
  try {
    await updateModel(id, {
      modelVersion: 'v2.1.0',
      strategy: 'rolling',
    });
    await until(
      id,
      'the driver to take up the second update',
      d => d.operation?.step === 'applying',
      60_000,
    );
    killed = await killDriver(id);
    await sleep(2 * LEASE_MS);
  } finally {
    process.kill(apiServer, 'SIGCONT');
  }
  // A backend starts only with its clusters answering.
  await replicas.restart(killed);
  await until(
    id,
    'the second update to finish',
    d => d.status === 'running' && d.activeRevision === 3 && !d.operation,
  );

  const list = await events(id);
  assert.deepEqual(repeated(list), []);
  assert.deepEqual(
    list.map(e => `${e.action} ${e.outcome}`),
    [
      'create accepted',
      'create succeeded',
      'update-model accepted',
      'update-model succeeded',
      'update-model accepted',
      'update-model succeeded',
    ],
  );
});

test('a canary step whose apply hangs for three leases is recorded once', async () => {
  const id = await create('stalled-step', 3);
  await untilRunning(id);
  await updateModel(id, {
    modelVersion: 'v2.0.0',
    strategy: 'canary',
    canary: {
      steps: [
        { weightPercent: 25, pauseSeconds: 5 },
        { weightPercent: 50, pauseSeconds: 5 },
      ],
    },
  });
  const first = await until(id, 'the first canary pause to begin', d =>
    Boolean(d.operation?.progress?.until),
  );

  // Just before the pause ends: the driver's next move applies the second step, and hangs in it; its
  // request times out (half a lease) and is tried again, by it or by a replica that took the lease over.
  await sleep(Date.parse(first.operation!.progress!.until!) - Date.now() - 500);
  const apiServer = apiServerPid();
  process.kill(apiServer, 'SIGSTOP');
  try {
    await sleep(3 * LEASE_MS);
  } finally {
    process.kill(apiServer, 'SIGCONT');
  }
  await until(
    id,
    'the canary to be promoted',
    d => d.status === 'running' && d.activeRevision === 2 && !d.operation,
  );

  const list = await events(id);
  assert.deepEqual(repeated(list), []);
  assert.equal(
    list.filter(e => /^Canary step 2 of 2: 50% /.test(e.message)).length,
    1,
  );
});
