import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { targetPaths } from '@backstage/cli-common';

const run = promisify(execFile);

/** The repository's scripts/k8s, which build, start and stop the local control plane. */
const scriptsDir = targetPaths.resolveRoot('scripts/k8s');

/**
 * The tests' cluster has its own state folder and ports, so it runs beside a demo cluster
 * (which uses .data/k8s and 16440-16451), and a real node beside the simulated ones.
 */
export const testClusterEnv = {
  MODELOPS_K8S_DIR: targetPaths.resolveRoot('.data/k8s-test'),
  MODELOPS_K8S_PORT_BASE: process.env.MODELOPS_K8S_TEST_PORT_BASE ?? '17440',
  MODELOPS_K8S_REAL_NODE: '1',
};

/** Set by the global setup for the test workers: the admin kubeconfig of the running test cluster. */
export const TEST_KUBECONFIG_ENV = 'MODELOPS_TEST_KUBECONFIG';

/** Set when this test run started the cluster, so that only that run stops it. */
const STARTED_BY_THIS_RUN_ENV = 'MODELOPS_TEST_CLUSTER_STARTED';

function isApiServerRunning(): boolean {
  try {
    const pidFile = path.join(
      testClusterEnv.MODELOPS_K8S_DIR,
      'pids/kube-apiserver.pid',
    );
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

async function script(name: 'up.sh' | 'down.sh'): Promise<string> {
  const { stdout } = await run(path.join(scriptsDir, name), [], {
    env: { ...process.env, ...testClusterEnv },
    maxBuffer: 16 * 1024 * 1024,
  }).catch(error => {
    // The scripts print which component failed and its log; pass that on rather than a bare exit code.
    throw new Error(
      `scripts/k8s/${name} failed:\n${error.stderr ?? error.message}`,
    );
  });
  return stdout;
}

/** Starts the test cluster, or reuses one that is already running, and tells the workers where it is. */
export async function startTestCluster(): Promise<void> {
  if (process.env[TEST_KUBECONFIG_ENV]) {
    return;
  }
  const alreadyRunning = isApiServerRunning();
  const stdout = await script('up.sh');
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(stdout)?.[1];
  if (!kubeconfig) {
    throw new Error(
      `scripts/k8s/up.sh did not print the kubeconfig:\n${stdout}`,
    );
  }
  process.env[TEST_KUBECONFIG_ENV] = kubeconfig;
  if (!alreadyRunning) {
    process.env[STARTED_BY_THIS_RUN_ENV] = 'true';
  }
}

/** Stops the test cluster if this run started it; a cluster someone started by hand is left running. */
export async function stopTestCluster(): Promise<void> {
  if (process.env[STARTED_BY_THIS_RUN_ENV]) {
    delete process.env[STARTED_BY_THIS_RUN_ENV];
    delete process.env[TEST_KUBECONFIG_ENV];
    await script('down.sh');
  }
}
