import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The demo backend (packages/backend), started the way `yarn start` starts it. */
export type RunningBackend = {
  baseUrl: string;
  /** The pid of the node process that serves HTTP, for memory readings. */
  pid: number;
  /** The guest's token: a member of the NLP team, which owns BERT Sentiment. */
  token: string;
  /** A token of an example user of examples/org.yaml, e.g. `erin` (an admin in the demo policy). */
  tokenOf(user: string): Promise<string>;
  stop(): Promise<void>;
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
  sqliteDir: string;
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
  // The backend as `yarn start` runs it (TypeScript transpiled on load, development mode), but without
  // the CLI's file watcher, which would restart it, and reset its memory, whenever a source file changes.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      requireFromBench.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../bench/app-config.bench.yaml',
      ...(options.configFiles ?? []).flatMap(file => [
        '--config',
        path.resolve(repoRoot, file),
      ]),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        BENCH_SQLITE_DIR: options.sqliteDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
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
      await new Promise(resolve => child.once('exit', resolve));
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
