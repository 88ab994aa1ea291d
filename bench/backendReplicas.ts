/**
 * Backend replicas as an operator runs them: several processes of the demo backend on one PostgreSQL
 * database and one local cluster, each on its own port, that a test or a benchmark can kill, pause and
 * start again.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BackendDatabase, RunningBackend } from './backend.ts';
import { startBackend } from './backend.ts';
import { K8S_DIR } from './cluster.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The PostgreSQL server that scripts/postgres.sh runs. */
export const POSTGRES_URL =
  process.env.MODELOPS_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:15432';

export type Replicas = {
  /** The running replicas, by index; a killed one is replaced by {@link Replicas.restart}. */
  readonly backends: RunningBackend[];
  /** The pid of the replica that drives the deployment now (holds its lease), if any. */
  leaseHolder(deploymentId: string): number | undefined;
  /** Starts replica `index` again, on its port and the shared database. */
  restart(index: number): Promise<RunningBackend>;
  /** A query on the plugin's database, with psql; rows as tab-separated text. */
  query(sql: string): string[][];
  stop(): Promise<void>;
};

/**
 * `count` replicas of the demo backend, on ports 7027 upwards, sharing databases whose names start with
 * `prefix` (new ones per run: the catalog and the plugin start empty).
 */
export async function startReplicas(options: {
  count: number;
  prefix: string;
  configFiles?: string[];
}): Promise<Replicas> {
  const database: BackendDatabase = {
    postgres: POSTGRES_URL,
    prefix: options.prefix,
  };
  const start = (index: number) =>
    startBackend({
      database,
      port: 7027 + index,
      configFiles: [
        // The cluster's connection, which scripts/k8s/up.sh writes.
        path.relative(REPO_ROOT, path.join(K8S_DIR, 'app-config.yaml')),
        ...(options.configFiles ?? []),
      ],
    });
  // One at a time: the first creates the databases and runs the migrations.
  const backends: RunningBackend[] = [];
  for (let i = 0; i < options.count; i++) {
    backends.push(await start(i));
  }
  const query = (sql: string) =>
    execFileSync(
      'psql',
      [
        `${POSTGRES_URL}/${options.prefix}model-deployments`,
        '--no-align',
        '--tuples-only',
        '--field-separator=\t',
        '--command',
        sql,
      ],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(line => line !== '')
      .map(line => line.split('\t'));
  return {
    backends,
    query,
    leaseHolder(deploymentId) {
      const [row] = query(
        `SELECT holder FROM deployment_leases WHERE deployment_id = '${deploymentId}' AND expires_at > now()`,
      );
      // The holder names the host, the process and a nonce: `host/pid/nonce`.
      return row ? Number(row[0].split('/')[1]) : undefined;
    },
    async restart(index) {
      backends[index] = await start(index);
      return backends[index];
    },
    async stop() {
      await Promise.all(backends.map(backend => backend.stop()));
      for (const name of query(
        `SELECT datname FROM pg_database WHERE datname LIKE '${options.prefix}%'`,
      ).map(([datname]) => datname)) {
        execFileSync('psql', [
          POSTGRES_URL,
          '--command',
          `DROP DATABASE "${name}" WITH (FORCE)`,
        ]);
      }
    },
  };
}

/** The local cluster's API server process (scripts/k8s), for pausing it as a hung server would be. */
export function apiServerPid(): number {
  return Number(
    readFileSync(path.join(K8S_DIR, 'pids/kube-apiserver.pid'), 'utf8').trim(),
  );
}
