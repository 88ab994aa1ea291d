import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentOperation,
  type DeploymentRevision,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError, StatusConflictError } from '../../lib/errors';
import { planDelete } from './planDelete';
import { planEdit } from './planEdit';
import { planPromote } from './planPromote';
import { planRollback } from './planRollback';
import { planScale } from './planScale';
import { planUpdateModel } from './planUpdateModel';

const spec = deploymentSpecSchema.parse({
  ...exampleDeploymentSpec,
  strategy: 'rolling',
  autoscaling: { enabled: false },
  replicas: { min: 2, max: 4 },
});

function record(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id: 'd-1',
    name: spec.name,
    spec,
    owner: 'group:default/nlp-team',
    status: 'running',
    version: 7,
    revision: 3,
    activeRevision: 3,
    instancesCurrent: 2,
    instancesReady: 2,
    conditions: [],
    lastError: null,
    observedAt: null,
    applied: true,
    serving: null,
    availableServing: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'user:default/bob',
    updatedAt: '2026-12-01T00:00:00.000Z',
    updatedBy: 'user:default/bob',
    deletedAt: null,
    ...overrides,
  };
}

/** The field and message of the validation error `run` throws. */
function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationError);
    return (error as FieldValidationError).issues;
  }
  throw new Error('no error was thrown');
}

describe('the plans of the actions', () => {
  describe('planEdit', () => {
    it('replaces the instances with a new revision when a field needs a restart', () => {
      const { plan, diff, effects } = planEdit(record(), {
        resources: { cpuCores: 8 },
      });
      expect(diff.restartRequired).toBe(true);
      expect(effects).toEqual(['restart']);
      expect(plan).toMatchObject({
        status: 'updating',
        revision: { reason: 'edit of resources.cpuCores' },
        operation: { step: 'queued: rolling update' },
        event: {
          outcome: 'accepted',
          changes: [{ field: 'resources.cpuCores', before: 4, after: 8 }],
        },
      });
    });

    it('changes in place without a revision, and needs no operation for what the cluster does not see', () => {
      expect(planEdit(record(), { replicas: { min: 3 } }).plan).toMatchObject({
        status: 'running',
        revision: undefined,
        operation: { step: 'queued: apply in place' },
      });
      expect(
        planEdit(record(), { description: 'New words' }).plan,
      ).toMatchObject({
        operation: undefined,
        event: { outcome: 'succeeded', message: 'Edited description' },
      });
    });

    it('needs no operation for a deployment that never reached a cluster', () => {
      const { plan } = planEdit(
        record({ applied: false, status: 'deploying' }),
        { resources: { cpuCores: 8 } },
      );
      expect(plan.operation).toBeUndefined();
    });

    it('refuses a field that cannot be edited, naming it and why', () => {
      expect(issuesOf(() => planEdit(record(), { name: 'other' }))).toEqual([
        {
          field: 'name',
          message: expect.stringMatching(/^cannot be changed: /),
        },
      ]);
    });
  });

  describe('planScale', () => {
    it('sets a fixed number of instances within the maximum', () => {
      expect(planScale(record(), { replicas: 3 })).toMatchObject({
        spec: { replicas: { min: 3, max: 4 } },
        operation: { parameters: { replicas: { min: 3, max: 4 } } },
        event: {
          message: 'Scale from 2 instances to 3 instances',
          changes: [{ field: 'replicas.min', before: 2, after: 3 }],
        },
      });
    });

    it('is nothing to do when it asks for what is set', () => {
      expect(planScale(record(), { replicas: 2 })).toBeUndefined();
    });

    it('refuses more instances than the maximum, and bounds without auto-scaling', () => {
      expect(issuesOf(() => planScale(record(), { replicas: 5 }))).toEqual([
        {
          field: 'replicas',
          message: 'must be at most replicas.max (4); raise it with Edit first',
        },
      ]);
      expect(issuesOf(() => planScale(record(), { min: 1, max: 3 }))).toEqual([
        { field: 'min', message: 'auto-scaling is off: give replicas instead' },
      ]);
    });
  });

  describe('planUpdateModel', () => {
    it('makes a new revision with the version, rolled out with the spec strategy by default', () => {
      expect(
        planUpdateModel(record(), { modelVersion: 'v3.0.0' }),
      ).toMatchObject({
        strategy: 'rolling',
        status: 'updating',
        spec: { modelVersion: 'v3.0.0' },
        revision: { reason: 'update-model to v3.0.0 (rolling)' },
        operation: { parameters: { strategy: 'rolling' } },
        event: {
          changes: [
            { field: 'modelVersion', before: 'v2.1.0', after: 'v3.0.0' },
          ],
        },
      });
    });

    it('refuses the version already served, and a strategy the scaling does not allow', () => {
      expect(
        issuesOf(() => planUpdateModel(record(), { modelVersion: 'v2.1.0' })),
      ).toEqual([
        {
          field: 'modelVersion',
          message: "'v2.1.0' is the version this deployment already serves",
        },
      ]);
      const noSurge = record({ spec: { ...spec, surgeDuringUpdates: false } });
      expect(
        issuesOf(() =>
          planUpdateModel(noSurge, {
            modelVersion: 'v3.0.0',
            strategy: 'blue-green',
          }),
        ),
      ).toEqual([{ field: 'strategy', message: expect.any(String) }]);
    });
  });

  describe('planPromote', () => {
    const update = (strategy: string) =>
      ({
        id: 'op-1',
        type: 'update-model',
        parameters: { strategy },
        progress: { fromRevision: 2 },
      } as unknown as DeploymentOperation);

    it('asks the canary or blue-green update under way to finish now', () => {
      expect(planPromote(record(), update('blue-green'))).toMatchObject({
        promotes: { id: 'op-1' },
        event: {
          message:
            'Promote revision 3: end the rollback window and retire revision 2',
        },
      });
    });

    it('refuses when no staged update is under way', () => {
      expect(() => planPromote(record(), undefined)).toThrow(
        StatusConflictError,
      );
      expect(() => planPromote(record(), update('rolling'))).toThrow(
        'a rolling update has no steps to skip',
      );
    });
  });

  describe('planRollback', () => {
    const revision1: DeploymentRevision = {
      revision: 1,
      modelVersion: 'v1.0.0',
      spec: {
        ...spec,
        modelVersion: 'v1.0.0',
        resources: { ...spec.resources, cpuCores: 2 },
        replicas: { min: 1, max: 1 },
      },
      serving: { image: 'registry.example.com/bert:v1.0.0', modelUri: null },
      reason: 'create with v1.0.0',
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: 'user:default/bob',
      approvedBy: 'user:default/carol',
    };

    it("takes the revision's model, image and pod template, keeps today's scaling, and shows the model version first", () => {
      const plan = planRollback(
        record({
          serving: {
            image: 'registry.example.com/bert:v2.1.0',
            modelUri: null,
          },
        }),
        1,
        revision1,
      );
      expect(plan).toMatchObject({
        status: 'rolling-back',
        spec: {
          modelVersion: 'v1.0.0',
          resources: { cpuCores: 2 },
          replicas: { min: 2, max: 4 },
        },
        supersedes: 'superseded by a rollback to revision 1',
        operation: { parameters: { toRevision: 1 } },
        // What runs again is what carol approved then.
        revision: {
          serving: revision1.serving,
          approvedBy: 'user:default/carol',
        },
        event: {
          message:
            'Roll back to revision 1 (v1.0.0), which user:default/carol approved',
        },
      });
      expect(plan.event.changes).toEqual([
        { field: 'modelVersion', before: 'v2.1.0', after: 'v1.0.0' },
        { field: 'resources.cpuCores', before: 4, after: 2 },
        {
          field: 'image',
          before: 'registry.example.com/bert:v2.1.0',
          after: 'registry.example.com/bert:v1.0.0',
        },
      ]);
    });

    it('refuses the current revision and one that does not exist', () => {
      expect(issuesOf(() => planRollback(record(), 3, undefined))).toEqual([
        { field: 'revision', message: '3 is the current revision' },
      ]);
      expect(issuesOf(() => planRollback(record(), 9, undefined))).toEqual([
        {
          field: 'revision',
          message: 'there is no revision 9 (the latest is 3)',
        },
      ]);
    });
  });

  describe('planDelete', () => {
    it('removes the objects through an operation, or at once when nothing was applied', () => {
      expect(planDelete(record(), { confirm: spec.name }, true)).toMatchObject({
        status: 'deleting',
        operation: { step: 'queued: delete' },
        supersedes: 'superseded by delete',
      });
      const direct = planDelete(
        record({ applied: false, status: 'deploying' }),
        { confirm: spec.name },
        false,
      );
      expect(direct).toMatchObject({ status: 'deleted', deleted: true });
      expect(direct.operation).toBeUndefined();
      // Never applied in full, but taken up: an apply refused half-way leaves objects to remove.
      expect(
        planDelete(
          record({ applied: false, status: 'failed' }),
          { confirm: spec.name },
          true,
        ),
      ).toMatchObject({
        status: 'deleting',
        operation: { step: 'queued: delete' },
      });
    });

    it("refuses a confirmation that is not the deployment's name", () => {
      expect(
        issuesOf(() => planDelete(record(), { confirm: 'bert' }, true)),
      ).toEqual([
        {
          field: 'confirm',
          message: "must equal the deployment's name 'bert-sentiment-api'",
        },
      ]);
    });
  });
});
