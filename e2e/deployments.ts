import { expect, test as base } from '@playwright/test';
import { BACKEND, headersFor } from './guest';

export const API = `${BACKEND}/api/model-deployments`;

/** A deployment a test made, and the token of the user who made it. */
export type TestDeployment = {
  id: string;
  name: string;
  /** Its status as the creation answered it, e.g. `pending-approval` in production. */
  status: string;
  headers: Record<string, string>;
};

/** The fields of a creation request that a test sets; the rest are {@link DEFAULT_FIELDS}. */
export type DeploymentFields = { name: string } & Record<string, unknown>;

/** One small instance of BERT Sentiment (owned by the NLP team: guest and bob), in development. */
const DEFAULT_FIELDS = {
  modelRef: 'resource:default/bert-sentiment',
  modelVersion: 'v2.1.0',
  environment: 'development',
  strategy: 'rolling',
  resources: { cpuCores: 1, memoryGb: 2 },
  replicas: { min: 1, max: 3 },
  autoscaling: { enabled: false },
};

type Deployments = {
  /** Creates a deployment through the API as `user` (an example user of examples/org.yaml). */
  create(user: string, fields: DeploymentFields): Promise<TestDeployment>;
  /** Deletes, after the test, a deployment the test made in another way (the template's form). */
  deleteAfterTest(user: string, deployment: { id: string; name: string }): void;
};

/**
 * Playwright's `test` with `deployments`: what a test creates is deleted after it, whether it passed or
 * failed, so that no run leaves deployments running in the demo app.
 */
export const test = base.extend<{ deployments: Deployments }>({
  deployments: async ({ request }, use) => {
    const made: Array<{ user: string; id: string; name: string }> = [];
    await use({
      async create(user, fields) {
        const headers = await headersFor(request, user);
        const response = await request.post(`${API}/deployments`, {
          headers,
          data: { ...DEFAULT_FIELDS, ...fields },
        });
        expect(response.status(), await response.text()).toBe(201);
        const { id, status } = (await response.json()).deployment;
        made.push({ user, id, name: fields.name });
        return { id, name: fields.name, status, headers };
      },
      deleteAfterTest(user, { id, name }) {
        made.push({ user, id, name });
      },
    });
    for (const { user, id, name } of made) {
      const headers = await headersFor(request, user);
      const found = await request.get(`${API}/deployments/${id}`, { headers });
      // The test deleted it itself.
      if (
        found.status() === 404 ||
        ['deleting', 'deleted'].includes((await found.json()).status)
      ) {
        continue;
      }
      const deleted = await request.delete(
        `${API}/deployments/${id}?confirm=${name}`,
        { headers },
      );
      expect(deleted.ok(), await deleted.text()).toBe(true);
      // A production deployment that runs waits for another owner to approve its deletion too: bob,
      // of the NLP team like the guest.
      const { pendingApproval } = await deleted.json();
      if (pendingApproval) {
        const approved = await request.post(
          `${API}/approvals/${pendingApproval.id}/approve`,
          { headers: await headersFor(request, 'bob'), data: {} },
        );
        expect(approved.ok(), await approved.text()).toBe(true);
      }
    }
  },
});

export { expect };
