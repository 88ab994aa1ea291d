/**
 * Replicas benchmark, on a local cluster of its own and the PostgreSQL server of scripts/postgres.sh
 * (scripts/bench.sh starts both): 200 single-instance deployments created, and then updated with a
 * rolling update, concurrently, through one backend replica and then through two replicas on one
 * database. Prints the time until every deployment runs (target: two replicas no slower than one) and
 * whether every operation ended exactly once (one `succeeded` event per operation, nothing failed).
 * Run it with `./scripts/bench.sh replicas`.
 */
import { randomUUID } from 'node:crypto';
import type { RunningBackend } from './backend.ts';
import { addNodes, call, createBody, MODEL } from './cluster.ts';
import { startReplicas, type Replicas } from './backendReplicas.ts';

const COUNT = Number(process.env.BENCH_REPLICAS_DEPLOYMENTS ?? 200);
const CONCURRENCY = 16;

type Deployment = {
  id: string;
  status: string;
  activeRevision: number | null;
  operation?: unknown;
};

/** Runs `task` for 0..count-1, `CONCURRENCY` at a time. */
async function inParallel(count: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Waits until every deployment runs `revision` with nothing under way. */
async function untilAllRunning(
  backend: RunningBackend,
  revision: number,
): Promise<void> {
  for (;;) {
    const items: Deployment[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        backend,
        'GET',
        `/deployments?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const failed = items.find(d => d.status === 'failed');
    if (failed) throw new Error(`${failed.id} failed`);
    if (
      items.length === COUNT &&
      items.every(
        d =>
          d.status === 'running' &&
          d.activeRevision === revision &&
          !d.operation,
      )
    )
      return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Operations that ended more than once, or not as `succeeded`: each must end once. */
function operationsNotEndedOnce(replicas: Replicas): number {
  const [[count]] = replicas.query(`
    SELECT count(*) FROM deployment_operations o
    WHERE o.status <> 'succeeded'
       OR (SELECT count(*) FROM deployment_events e
           WHERE e.operation_id = o.id AND e.outcome IN ('succeeded', 'failed')) <> 1`);
  return Number(count);
}

/** One run: `COUNT` deployments named `<prefix>-000` upwards, in the development environment. */
async function run(replicaCount: number, prefix: string) {
  const replicas = await startReplicas({
    count: replicaCount,
    prefix: `bench_replicas_${randomUUID().slice(0, 8)}_`,
    configFiles: ['system/app-config.replicas.yaml'],
  });
  try {
    const through = (i: number) => replicas.backends[i % replicaCount];
    const ids: string[] = [];
    let started = Date.now();
    await inParallel(COUNT, async i => {
      const created = await call(
        through(i),
        'POST',
        '/deployments',
        createBody(`${prefix}-${String(i).padStart(3, '0')}`, 1),
      );
      ids[i] = created.deployment.id;
    });
    await untilAllRunning(replicas.backends[0], 1);
    const createSeconds = (Date.now() - started) / 1000;

    started = Date.now();
    await inParallel(COUNT, async i => {
      await call(through(i), 'POST', `/deployments/${ids[i]}/update-model`, {
        modelVersion: 'v2.0.0',
        strategy: 'rolling',
      });
    });
    await untilAllRunning(replicas.backends[0], 2);
    const updateSeconds = (Date.now() - started) / 1000;
    return {
      createSeconds,
      updateSeconds,
      notOnce: operationsNotEndedOnce(replicas),
    };
  } finally {
    await replicas.stop();
  }
}

async function main() {
  addNodes(2);
  console.log(
    `replicas benchmark: ${COUNT} deployments of ${MODEL.ref}, created and then updated (rolling), ${CONCURRENCY} requests at a time`,
  );
  const one = await run(1, 'one');
  const two = await run(2, 'two');
  for (const [label, result] of [
    ['one replica ', one],
    ['two replicas', two],
  ] as const) {
    console.log(
      `  ${label}: all running ${result.createSeconds.toFixed(
        1,
      )} s after the first create, all updated ${result.updateSeconds.toFixed(
        1,
      )} s after the first update; operations not ended exactly once: ${
        result.notOnce
      }`,
    );
  }
  const total = (r: typeof one) => r.createSeconds + r.updateSeconds;
  const ratio = total(two) / total(one);
  console.log(
    `  two replicas / one: ${ratio.toFixed(
      2,
    )} (target <= 1.0, within 10 % of noise): ${
      ratio <= 1.1 ? 'PASS' : 'MISS'
    }; exactly once: ${one.notOnce + two.notOnce === 0 ? 'PASS' : 'MISS'}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
