import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { TEST_KUBECONFIG_ENV } from './testCluster';

/** The path of the admin kubeconfig of the test run's cluster (its context is named `local`). */
export function testKubeConfigFile(): string {
  const file = process.env[TEST_KUBECONFIG_ENV];
  if (!file) {
    throw new Error(
      `No test cluster: ${TEST_KUBECONFIG_ENV} is not set. Add this package's jest globalSetup and ` +
        `globalTeardown (src/globalSetup.ts, src/globalTeardown.ts) to the package's jest config.`,
    );
  }
  return file;
}

/** The admin kubeconfig of the test run's cluster, started by this package's jest global setup. */
export function testKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(testKubeConfigFile());
  return kubeConfig;
}

/**
 * The labels of every test namespace: marked as the tests', and with Kubernetes' Pod Security
 * admission enforcing the `restricted` standard, so a pod the runtime makes that a hardened cluster
 * would refuse is refused in the tests too.
 */
export const TEST_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'modelops.io/test': 'true',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
};

/** A namespace of its own for each test, created before it and deleted after it. */
export type TestNamespace = {
  /** The namespace of the running test. */
  readonly name: string;
  readonly kubeConfig: KubeConfig;
};

/** Call at the top of a describe block: each test in it gets a fresh namespace. */
export function useTestNamespace(): TestNamespace {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  let current: string | undefined;
  beforeEach(async () => {
    current = `test-${randomBytes(4).toString('hex')}`;
    await core.createNamespace({
      body: {
        metadata: { name: current, labels: { ...TEST_NAMESPACE_LABELS } },
      },
    });
  });
  afterEach(async () => {
    if (current) {
      await core.deleteNamespace({ name: current });
      current = undefined;
    }
  });
  return {
    get name() {
      if (!current) {
        throw new Error('The test namespace exists only while a test runs');
      }
      return current;
    },
    kubeConfig,
  };
}
