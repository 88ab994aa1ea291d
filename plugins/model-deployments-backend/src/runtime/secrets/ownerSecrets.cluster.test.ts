import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import request from 'supertest';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(120_000);

const API = '/api/model-deployments';
const ALICE = 'user:default/alice';
/** bert-sentiment, which alice creates deployments of, belongs to the NLP team. */
const NLP = 'group.default.nlp-team';
const VISION = 'group.default.vision-team';

/** A variable named after the Secret it reads: `vision-db` is `VISION_DB`. */
const tokenRef = (name: string) => ({
  name: name.toUpperCase().replace(/-/g, '_'),
  secretKeyRef: { name, key: 'token' },
});

/**
 * One team's deployment cannot read another team's Secrets from a namespace they share: a Secret
 * reference is accepted only for a Secret labelled with the model's owner, or granted to it in the
 * configuration, when the change is asked for and again when it is applied.
 */
describe('the Secrets a deployment may reference', () => {
  const namespace = useTestNamespace();
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  let backend: RuntimeTestBackend['backend'];
  let alice: RuntimeTestBackend['api'];

  async function secret(name: string, owner?: string) {
    await core.createNamespacedSecret({
      namespace: namespace.name,
      body: {
        metadata: {
          name,
          labels: owner ? { 'modelops.io/owner': owner } : {},
        },
        stringData: { token: `${name}-value` },
      },
    });
  }

  beforeEach(async () => {
    await secret('nlp-hf', NLP);
    await secret('vision-db', VISION);
    await secret('unlabelled');
    await secret('shared-token');
    ({ backend, api: alice } = await startRuntimeTestBackend({
      namespace: namespace.name,
      modelDeployments: {
        secrets: {
          grants: [
            { owner: 'group:default/nlp-team', secrets: ['shared-token'] },
          ],
        },
      },
    }));
  });

  afterEach(async () => {
    await backend.stop();
  });

  it("refuses another team's, an unlabelled and a missing Secret, naming each, and writes nothing", async () => {
    const refused = await alice.post({
      env: [tokenRef('vision-db'), tokenRef('unlabelled'), tokenRef('gone')],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      // Another team's, unlabelled, and missing read alike: the answers tell nobody what exists.
      ...['vision-db', 'unlabelled', 'gone'].map((name, index) => ({
        field: `env.${index}.secretKeyRef.name`,
        message: `there is no Secret '${name}' of group:default/nlp-team in namespace '${namespace.name}': only a Secret labelled modelops.io/owner=${NLP} there, or one granted in modelDeployments.secrets.grants, can be used`,
      })),
    ]);
    const listed = await request(backend.server)
      .get(`${API}/deployments`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(listed.body.items).toEqual([]);
  });

  it("runs with the owner's own and granted Secrets, and refuses an edit to another team's", async () => {
    const running = await alice.createRunning({
      env: [
        tokenRef('nlp-hf'),
        {
          name: 'SHARED',
          secretKeyRef: { name: 'shared-token', key: 'token' },
        },
      ],
    });
    const edit = await alice.patch(running.id, {
      env: [tokenRef('vision-db')],
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.issues).toEqual([
      expect.objectContaining({ field: 'env.0.secretKeyRef.name' }),
    ]);
    expect((await alice.get(running.id)).spec.env).toEqual(running.spec.env);
  });

  it('fails an apply whose Secret is no longer the owner’s, saying why', async () => {
    const running = await alice.createRunning({ env: [tokenRef('nlp-hf')] });
    // The platform team gives the Secret to another team; the deployment must not keep reading it.
    await core.patchNamespacedSecret({
      name: 'nlp-hf',
      namespace: namespace.name,
      body: [
        {
          op: 'replace',
          path: '/metadata/labels/modelops.io~1owner',
          value: VISION,
        },
      ],
    });
    expect((await alice.act(running.id, 'scale', { replicas: 3 })).status).toBe(
      202,
    );
    const events = await eventually('the scale to fail', async () => {
      const history = await alice.events(running.id);
      return history.some(e => e.action === 'scale' && e.outcome === 'failed')
        ? history
        : undefined;
    });
    expect(events.at(-1)?.message).toMatch(
      /^there is no Secret 'nlp-hf' of group:default\/nlp-team in namespace '[^']+': only a Secret labelled modelops.io\/owner=group.default.nlp-team there/,
    );
    // Stopping needs no Secret: it works whoever the Secret belongs to now.
    expect((await alice.act(running.id, 'stop')).status).toBe(202);
    await alice.until(
      running.id,
      'the deployment to stop',
      d => d.status === 'stopped',
    );
    // And a start is refused when it is asked for, before anything is written.
    const start = await alice.act(running.id, 'start');
    expect(start.status).toBe(400);
    expect(start.body.error.issues).toEqual([
      expect.objectContaining({ field: 'env.0.secretKeyRef.name' }),
    ]);
  });

  it('answers 503 when the API server does not let the backend read Secrets, rather than guess', async () => {
    // A service account that may read nothing: the check cannot be made.
    await core.createNamespacedServiceAccount({
      namespace: namespace.name,
      body: { metadata: { name: 'no-rights' } },
    });
    await core.createNamespacedSecret({
      namespace: namespace.name,
      body: {
        metadata: {
          name: 'no-rights-token',
          annotations: { 'kubernetes.io/service-account.name': 'no-rights' },
        },
        type: 'kubernetes.io/service-account-token',
      },
    });
    const token = await eventually(
      'the token controller to fill the token',
      async () => {
        const filled = await core.readNamespacedSecret({
          name: 'no-rights-token',
          namespace: namespace.name,
        });
        return filled.data?.token
          ? Buffer.from(filled.data.token, 'base64').toString('utf8')
          : undefined;
      },
    );
    const cluster = namespace.kubeConfig.getCurrentCluster()!;
    const restricted = new KubeConfig();
    restricted.loadFromOptions({
      clusters: [{ ...cluster, name: 'local' }],
      users: [{ name: 'no-rights', token }],
      contexts: [{ name: 'local', cluster: 'local', user: 'no-rights' }],
      currentContext: 'local',
    });
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'no-rights-')),
      'kubeconfig',
    );
    fs.writeFileSync(file, restricted.exportConfig(), { mode: 0o600 });
    await backend.stop();
    let restrictedApi: RuntimeTestBackend['api'];
    ({ backend, api: restrictedApi } = await startRuntimeTestBackend({
      namespace: namespace.name,
      kubeconfig: file,
    }));

    const unverifiable = await restrictedApi.post({
      env: [tokenRef('nlp-hf')],
    });
    expect(unverifiable.status).toBe(503);
    expect(unverifiable.body.error.message).toBe(
      `env.0.secretKeyRef.name: cannot check Secret 'nlp-hf' in namespace '${namespace.name}': the API server does not let the backend read Secrets there (ask the platform team)`,
    );
  });
});
