import { CoreV1Api } from '@kubernetes/client-node';
import { TEST_NAMESPACE_LABELS, testKubeConfig } from '@internal/local-cluster';
import { randomBytes } from 'node:crypto';

/**
 * Call at the top of a describe block whose backend starts once for all its tests: a namespace of the
 * test cluster for the whole block, created before it and deleted after it.
 */
export function useSuiteNamespace(): { readonly name: string } {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const name = `test-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    await core.createNamespace({
      body: { metadata: { name, labels: { ...TEST_NAMESPACE_LABELS } } },
    });
  });
  afterAll(async () => {
    await core.deleteNamespace({ name });
  });
  return { name };
}
