import {
  startApiServerLink,
  useTestNamespace,
  type ApiServerLink,
} from '@internal/local-cluster';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(120_000);

/**
 * The API server going away in the middle of an operation. The backend reaches the test cluster through
 * a relay that the test cuts and restores; the cluster itself stays up for the other tests.
 */
describe('the runtime when the API server goes away', () => {
  const namespace = useTestNamespace();
  let link: ApiServerLink;
  let backend: RuntimeTestBackend['backend'];
  let api: RuntimeTestBackend['api'];

  beforeEach(async () => {
    link = await startApiServerLink();
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      kubeconfig: link.kubeConfigFile,
    }));
  });

  afterEach(async () => {
    await backend.stop();
    await link.stop();
  });

  it('shows why an operation waits while the API server is unreachable, and finishes it when it returns', async () => {
    const created = await api.createRunning();

    await link.cut();
    await api.act(created.id, 'scale', { replicas: 3 }).expect(202);
    const waiting = await api.until(
      created.id,
      'the deployment to say the cluster is unreachable',
      d => Boolean(d.lastError),
      { operation: true },
    );
    expect(waiting.lastError?.message).toMatch(
      /^(Lost contact with|Cannot reach namespace .* on) cluster local.*; (retrying|trying again)/,
    );
    expect(waiting.operation).toMatchObject({ type: 'scale' });
    expect(waiting.operation?.status).not.toBe('succeeded');
    // Nothing is assumed while nothing can be observed: the last observed figures stay.
    expect(waiting.instances).toMatchObject({ current: 2, ready: 2 });

    await link.restore();
    const recovered = await api.until(
      created.id,
      'the scale to finish once the API server is back',
      d => d.instances.ready === 3,
      { timeoutMs: 90_000 },
    );
    expect(recovered.status).toBe('running');
    expect(recovered.lastError).toBeUndefined();
  });
});
