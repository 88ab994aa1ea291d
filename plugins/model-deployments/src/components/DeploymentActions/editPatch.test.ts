import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import { draftFromSpec, withDraftField, type EditDraft } from './editDraft';
import { mergePatch, prepareEdit } from './editPatch';

const current = deploymentSpecSchema.parse(exampleDeploymentSpec);

function edited(change: (spec: DeploymentSpec) => void): DeploymentSpec {
  const spec = structuredClone(current);
  change(spec);
  return spec;
}

describe('mergePatch', () => {
  it('holds only the fields that changed, by section', () => {
    expect(
      mergePatch(
        current,
        edited(spec => {
          spec.description = 'Reviews, in English';
          spec.resources.cpuCores = 8;
          spec.replicas.max = 12;
        }),
      ),
    ).toEqual({
      description: 'Reviews, in English',
      resources: { cpuCores: 8 },
      replicas: { max: 12 },
    });
  });

  it('removes an optional value with null', () => {
    expect(
      mergePatch(
        current,
        edited(spec => {
          delete spec.resources.storageGb;
        }),
      ),
    ).toEqual({ resources: { storageGb: null } });
  });

  it('removes a cleared p99 latency threshold with null', () => {
    const withLatency = edited(spec => {
      spec.monitoring.maxP99LatencyMs = 300;
    });
    expect(
      mergePatch(
        withLatency,
        edited(spec => {
          spec.monitoring.maxErrorRatePercent = 2.5;
        }),
      ),
    ).toEqual({
      monitoring: { maxErrorRatePercent: 2.5, maxP99LatencyMs: null },
    });
  });

  it('replaces the environment variables whole', () => {
    const after = edited(spec => {
      spec.env[0].value = 'debug';
    });
    expect(mergePatch(current, after)).toEqual({ env: after.env });
  });

  it('is undefined when nothing changed', () => {
    expect(mergePatch(current, structuredClone(current))).toBeUndefined();
  });
});

describe('prepareEdit', () => {
  const draft = draftFromSpec(current);
  const withField = (
    field: Parameters<typeof withDraftField>[1],
    value: unknown,
  ): EditDraft => withDraftField(draft, field, value);

  it('is unchanged until a field changes', () => {
    expect(prepareEdit(current, draft)).toEqual({ state: 'unchanged' });
  });

  it("reports the spec schema's issues at their fields", () => {
    expect(prepareEdit(current, withField('replicas.max', 1))).toEqual({
      state: 'invalid',
      issues: [
        {
          field: 'replicas.max',
          message: 'must be greater than or equal to replicas.min (2)',
        },
      ],
    });
    expect(
      prepareEdit(current, withField('resources.cpuCores', undefined)),
    ).toEqual({
      state: 'invalid',
      issues: [{ field: 'resources.cpuCores', message: 'is required' }],
    });
  });

  it('gives the merge patch of a valid edit', () => {
    expect(
      prepareEdit(current, withField('resources.storageGb', undefined)),
    ).toEqual({
      state: 'ready',
      patch: { resources: { storageGb: null } },
    });
  });
});
