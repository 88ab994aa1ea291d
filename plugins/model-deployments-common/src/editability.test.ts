import { z } from 'zod/v3';
import {
  FIELD_RULES,
  REVISION_FIELD_PATHS,
  SPEC_FIELD_PATHS,
  diffSpecs,
  rollbackChange,
  withRevisionFields,
} from './editability';
import {
  deploymentSpecShape,
  deploymentSpecSchema,
  exampleDeploymentSpec,
} from './spec';

const example = deploymentSpecSchema.parse(exampleDeploymentSpec);

/** The leaves of the spec schema, as dotted paths (sections are one level deep). */
function schemaFieldPaths(): string[] {
  return Object.entries(deploymentSpecShape).flatMap(([key, field]) => {
    let inner: z.ZodTypeAny = field;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
      inner =
        inner instanceof z.ZodDefault ? inner.removeDefault() : inner.unwrap();
    }
    return inner instanceof z.ZodObject
      ? Object.keys(inner.shape).map(child => `${key}.${child}`)
      : [key];
  });
}

describe('editability rules', () => {
  it('has a rule for every field of the spec, and no other', () => {
    expect([...SPEC_FIELD_PATHS].sort()).toEqual(schemaFieldPaths().sort());
  });

  it('follows the product documentation', () => {
    const editable = (path: keyof typeof FIELD_RULES) =>
      FIELD_RULES[path].editable;
    for (const path of [
      'description',
      'env',
      'replicas.min',
      'replicas.max',
      'autoscaling.targetCpuPercent',
      'autoscaling.targetMemoryPercent',
      'autoscaling.targetGpuPercent',
      'loadBalancer.healthCheckPath',
      'loadBalancer.healthCheckIntervalSeconds',
      'loadBalancer.algorithm',
      'loadBalancer.stickySessions',
    ] as const) {
      expect(editable(path)).toBe(true);
    }
    expect(FIELD_RULES['resources.cpuCores']).toEqual({
      editable: true,
      effect: 'restart',
    });
    expect(FIELD_RULES['resources.memoryGb']).toEqual({
      editable: true,
      effect: 'restart',
    });
    expect(FIELD_RULES.modelId).toEqual({
      editable: false,
      reason: expect.stringContaining('Update Model'),
    });
    expect(editable('name')).toBe(false);
  });

  it('reports each changed field with its effect', () => {
    const after = structuredClone(example);
    after.description = 'New';
    after.replicas.max = 20;
    expect(diffSpecs(example, after)).toEqual({
      changes: [
        {
          field: 'description',
          before: example.description,
          after: 'New',
          effect: 'none',
        },
        { field: 'replicas.max', before: 10, after: 20, effect: 'in-place' },
      ],
      immutable: [],
      restartRequired: false,
    });
  });

  it('says when instances must be replaced', () => {
    const after = structuredClone(example);
    after.resources.memoryGb = 32;
    expect(diffSpecs(example, after)).toMatchObject({
      changes: [{ field: 'resources.memoryGb', effect: 'restart' }],
      restartRequired: true,
    });
  });

  it('refuses immutable fields with the reason', () => {
    const after = structuredClone(example);
    after.name = 'other';
    after.modelVersion = 'v3';
    expect(diffSpecs(example, after).immutable).toEqual([
      {
        field: 'name',
        before: 'bert-sentiment-api',
        after: 'other',
        reason: expect.any(String),
      },
      {
        field: 'modelVersion',
        before: 'v2.1.0',
        after: 'v3',
        reason: expect.stringContaining('Update Model'),
      },
    ]);
  });

  it("restores a revision's model version and pod template, and keeps today's scaling", () => {
    const old = structuredClone(example);
    const now = structuredClone(example);
    now.modelVersion = 'v3.0.0';
    now.resources = { cpuCores: 8, memoryGb: 32, gpuCount: 0 };
    now.replicas = { min: 4, max: 40 };
    now.env = [];
    const restored = withRevisionFields(now, old);
    expect(restored.modelVersion).toBe('v2.1.0');
    expect(restored.resources).toEqual(old.resources);
    expect(restored.env).toEqual(old.env);
    expect(restored.replicas).toEqual({ min: 4, max: 40 });
    expect(REVISION_FIELD_PATHS).toContain('loadBalancer.healthCheckPath');
    expect(REVISION_FIELD_PATHS).not.toContain('replicas.min');
  });

  it('lists what a rollback changes, the model version first, and nothing when the revision runs the same', () => {
    const now = structuredClone(example);
    now.modelVersion = 'v3.0.0';
    now.resources = { ...example.resources, cpuCores: 8 };
    now.replicas = { min: 4, max: 40 };
    const { spec, changes } = rollbackChange(now, example);
    expect(spec).toEqual(withRevisionFields(now, example));
    expect(changes).toEqual([
      { field: 'modelVersion', before: 'v3.0.0', after: 'v2.1.0' },
      { field: 'resources.cpuCores', before: 8, after: 4 },
    ]);
    expect(rollbackChange(now, now).changes).toEqual([]);
  });
});
