import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The demo backend (packages/backend), started the way `yarn start` starts it. */
export type RunningBackend = {
  baseUrl: string;
  /** The pid of the node process that serves HTTP, for memory readings and signals. */
  pid: number;
  /** The guest's token: a member of the NLP team, which owns BERT Sentiment. */
  token: string;
  /** A token of an example user of examples/org.yaml, e.g. `erin` (an admin in the demo policy). */
  tokenOf(user: string): Promise<string>;
  /** Stops it as an operator would (SIGTERM), and waits until it has. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash or an out-of-memory kill would, and waits until it is gone. */
  kill(): Promise<void>;
};

/** The backend's database: SQLite files in a directory, or a PostgreSQL server shared by replicas. */
export type BackendDatabase =
  | { sqliteDir: string }
  | {
      /** e.g. `postgresql://postgres@127.0.0.1:15432` */
      postgres: string;
      /** Prefix of the plugins' database names, so that each run has databases of its own. */
      prefix: string;
    };

const repoRoot = path.resolve(import.meta.dirname, '..');
const requireFromBench = createRequire(import.meta.url);

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export async function startBackend(options: {
  database: BackendDatabase;
  port: number;
  /** Configuration files loaded after the benchmark's own, relative to the repository. */
  configFiles?: string[];
}): Promise<RunningBackend> {
  const inUse = await fetch(`http://localhost:${options.port}`).then(
    () => true,
    () => false,
  );
  if (inUse) {
    throw new Error(
      `Port ${options.port} is already in use: stop whatever serves it (an earlier benchmark's backend?)`,
    );
  }
  // Its port and database, in a configuration file of its own (JSON is YAML).
  const overlayDir = mkdtempSync(path.join(tmpdir(), 'modelops-backend-'));
  const overlay = path.join(overlayDir, 'app-config.json');
  const { database } = options;
  writeFileSync(
    overlay,
    JSON.stringify({
      backend: {
        baseUrl: `http://localhost:${options.port}`,
        listen: { port: options.port },
        database:
          'sqliteDir' in database
            ? {
                client: 'better-sqlite3',
                connection: { directory: database.sqliteDir },
              }
            : {
                client: 'pg',
                connection: database.postgres,
                prefix: database.prefix,
              },
      },
    }),
  );
  // The backend as `yarn start` runs it (TypeScript transpiled on load, development mode, the demo's
  // sign-in for tokens), but without the CLI's file watcher, which would restart it, and reset its
  // memory, whenever a source file changes.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      requireFromBench.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...[
        'app-config.yaml',
        'app-config.demo.yaml',
        ...(options.configFiles ?? []),
      ].flatMap(file => ['--config', path.resolve(repoRoot, file)]),
      '--config',
      overlay,
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const exited = new Promise(resolve => child.once('exit', resolve)).then(() =>
    rmSync(overlayDir, { recursive: true, force: true }),
  );
  const baseUrl = `http://localhost:${options.port}`;
  const tokenOf = (user: string) =>
    waitFor(
      `the backend to issue a token for the demo user ${user}`,
      180_000,
      async () => {
        const response = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
          headers: {
            'X-Requested-With': 'XMLHttpRequest',
            'x-demo-user': user,
          },
        });
        return response.ok
          ? (((await response.json()) as any).backstageIdentity.token as string)
          : undefined;
      },
    );
  return {
    baseUrl,
    pid: child.pid!,
    token: await tokenOf('guest'),
    tokenOf,
    async stop() {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
    async kill() {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}

/** Waits until the catalog has processed the demo models. */
export async function waitForCatalog(
  backend: RunningBackend,
  modelRefs: string[],
): Promise<void> {
  await waitFor('the catalog to ingest the demo models', 120_000, async () => {
    for (const ref of modelRefs) {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      const response = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
        {
          headers: { Authorization: `Bearer ${backend.token}` },
        },
      );
      if (!response.ok) return undefined;
    }
    return true;
  });
}
