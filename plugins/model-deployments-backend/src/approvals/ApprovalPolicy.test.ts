import { ConfigReader } from '@backstage/config';
import {
  APPROVAL_ACTIONS,
  diffSpecs,
  exampleDeploymentSpec,
  deploymentSpecSchema,
} from '@modelops/plugin-model-deployments-common';
import { ApprovalPolicy, approvalActionsOfEdit } from './ApprovalPolicy';

const policy = (approvals: object) =>
  ApprovalPolicy.fromConfig(
    new ConfigReader({ modelDeployments: { approvals } }),
  );

describe('ApprovalPolicy', () => {
  it('guards creations, model updates, edits and deletions by default, not rollbacks, promotes or scaling', () => {
    const production = policy({ environments: ['production'] });
    expect(
      APPROVAL_ACTIONS.filter(action =>
        production.requiresApproval('production', action),
      ),
    ).toEqual(['create', 'update-model', 'edit', 'delete']);
    expect(production.requiresApproval('staging', 'create')).toBe(false);
  });

  it('holds exempt rollbacks to approved revisions only where what runs is approved', () => {
    expect(
      policy({ environments: ['production'] }).guardsWhatRuns('production'),
    ).toBe(true);
    // Nothing that makes a revision waits, so no revision has an approver to be held to.
    expect(
      policy({
        environments: ['production'],
        actions: ['delete'],
      }).guardsWhatRuns('production'),
    ).toBe(false);
  });

  it('names an unknown action or environment at startup', () => {
    expect(() =>
      policy({ environments: ['prod'], actions: ['deploy'] }),
    ).toThrow(
      'modelDeployments.approvals names prod, deploy: environments are development, staging, production and actions create, update-model, edit, delete, rollback, promote, scale',
    );
  });
});

describe('approvalActionsOfEdit', () => {
  const spec = deploymentSpecSchema.parse(exampleDeploymentSpec);
  const actionsOf = (changed: object) =>
    approvalActionsOfEdit(diffSpecs(spec, { ...spec, ...changed }));

  it('counts an edit of the pods as an edit, of the capacity as a scaling, of the thresholds as a promote', () => {
    expect(actionsOf({ env: [] })).toEqual(['edit']);
    expect(
      actionsOf({ resources: { ...spec.resources, cpuCores: 8 } }),
    ).toEqual(['edit']);
    expect(actionsOf({ replicas: { min: 2, max: 20 } })).toEqual(['scale']);
    expect(
      actionsOf({ autoscaling: { ...spec.autoscaling, targetCpuPercent: 50 } }),
    ).toEqual(['scale']);
    expect(
      actionsOf({
        monitoring: { ...spec.monitoring, maxErrorRatePercent: 50 },
      }),
    ).toEqual(['promote']);
    expect(actionsOf({ description: 'new words' })).toEqual([]);
  });
});
