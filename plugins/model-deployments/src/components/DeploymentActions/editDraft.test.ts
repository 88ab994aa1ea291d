import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import {
  draftFromSpec,
  newEnvVarDraft,
  specFromDraft,
  withDraftField,
} from './editDraft';

const current = deploymentSpecSchema.parse(exampleDeploymentSpec);

describe('the Edit form draft', () => {
  it('gives back the spec it was made from', () => {
    expect(
      deploymentSpecSchema.parse(specFromDraft(draftFromSpec(current))),
    ).toEqual(current);
  });

  it('leaves out the GPU fields when there are no GPUs', () => {
    const draft = withDraftField(
      draftFromSpec(current),
      'resources.gpuCount',
      0,
    );
    const spec = deploymentSpecSchema.parse(specFromDraft(draft));
    expect(spec.resources.gpuType).toBeUndefined();
    expect(spec.autoscaling.targetGpuPercent).toBeUndefined();
  });

  it('makes a secret row a secretKeyRef, without a value', () => {
    const draft = draftFromSpec(current);
    const row = {
      ...newEnvVarDraft(draft.env),
      name: 'DB_PASSWORD',
      source: 'secret' as const,
      value: 'typed before switching',
      secretName: 'db',
      secretKey: 'password',
    };
    const spec = specFromDraft({ ...draft, env: [...draft.env, row] }) as {
      env: unknown[];
    };
    expect(spec.env[2]).toEqual({
      name: 'DB_PASSWORD',
      secretKeyRef: { name: 'db', key: 'password' },
    });
    expect(row.key).toBe(2);
  });
});
