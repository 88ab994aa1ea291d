import {
  applySpecPatch,
  createDeploymentRequestSchema,
  deleteDeploymentQuerySchema,
  editDeploymentRequestSchema,
  listDeploymentsQuerySchema,
  scaleDeploymentRequestSchema,
  updateModelRequestSchema,
} from '.';
import { deploymentSpecSchema, exampleDeploymentSpec } from '../spec';
import { parseWithIssues } from '../validation';

const example = deploymentSpecSchema.parse(exampleDeploymentSpec);

describe('createDeploymentRequestSchema', () => {
  it('takes the model by reference or by Model ID', () => {
    const { modelRef, modelId, ...rest } = exampleDeploymentSpec;
    expect(
      createDeploymentRequestSchema.safeParse({ ...rest, modelRef }).success,
    ).toBe(true);
    expect(
      createDeploymentRequestSchema.safeParse({ ...rest, modelId }).success,
    ).toBe(true);
    expect(parseWithIssues(createDeploymentRequestSchema, rest)).toEqual({
      success: false,
      issues: [
        { field: 'modelId', message: expect.stringContaining('is required') },
      ],
    });
  });

  it("keeps the spec's cross-field rules", () => {
    expect(
      parseWithIssues(createDeploymentRequestSchema, {
        ...exampleDeploymentSpec,
        replicas: { min: 3, max: 1 },
      }),
    ).toMatchObject({ success: false, issues: [{ field: 'replicas.max' }] });
  });
});

describe('editDeploymentRequestSchema and applySpecPatch', () => {
  it('merges sections and replaces arrays', () => {
    const patch = editDeploymentRequestSchema.parse({
      replicas: { max: 12 },
      env: [{ name: 'LOG_LEVEL', value: 'debug' }],
    });
    const merged = deploymentSpecSchema.parse(applySpecPatch(example, patch));
    expect(merged.replicas).toEqual({ min: 2, max: 12 });
    expect(merged.env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(merged.resources).toEqual(example.resources);
  });

  it('removes an optional field with null', () => {
    const patch = editDeploymentRequestSchema.parse({
      resources: { gpuCount: 0, gpuType: null },
      autoscaling: { targetGpuPercent: null },
    });
    const merged = deploymentSpecSchema.parse(applySpecPatch(example, patch));
    expect(merged.resources).toEqual({
      cpuCores: 4,
      memoryGb: 16,
      gpuCount: 0,
      storageGb: 200,
      networkBandwidthMbps: 1000,
    });
  });

  it('does not apply defaults to fields the patch leaves out', () => {
    expect(
      editDeploymentRequestSchema.parse({
        loadBalancer: { stickySessions: true },
      }),
    ).toEqual({
      loadBalancer: { stickySessions: true },
    });
  });

  it('validates each field by its rule, and refuses an empty patch', () => {
    expect(
      parseWithIssues(editDeploymentRequestSchema, { replicas: { max: 0 } }),
    ).toEqual({
      success: false,
      issues: [{ field: 'replicas.max', message: 'must be at least 1' }],
    });
    expect(
      parseWithIssues(editDeploymentRequestSchema, { resources: { cpu: 2 } }),
    ).toEqual({
      success: false,
      issues: [{ field: 'resources.cpu', message: 'is not a known field' }],
    });
    expect(parseWithIssues(editDeploymentRequestSchema, {})).toEqual({
      success: false,
      issues: [{ field: 'body', message: 'must change at least one field' }],
    });
  });
});

describe('scaleDeploymentRequestSchema', () => {
  it('takes replicas, or both bounds', () => {
    expect(scaleDeploymentRequestSchema.parse({ replicas: 4 })).toEqual({
      replicas: 4,
    });
    expect(scaleDeploymentRequestSchema.parse({ min: 2, max: 8 })).toEqual({
      min: 2,
      max: 8,
    });
  });

  it.each([
    [{}, 'replicas'],
    [{ replicas: 2, min: 1 }, 'replicas'],
    [{ min: 2 }, 'max'],
    [{ min: 5, max: 2 }, 'max'],
    [{ replicas: 0 }, 'replicas'],
  ])('refuses %j on %s', (body, field) => {
    expect(parseWithIssues(scaleDeploymentRequestSchema, body)).toMatchObject({
      success: false,
      issues: [{ field }],
    });
  });
});

describe('updateModelRequestSchema', () => {
  it('defaults the canary steps', () => {
    expect(
      updateModelRequestSchema.parse({
        modelVersion: 'v3',
        strategy: 'canary',
        canary: {},
      }),
    ).toEqual({
      modelVersion: 'v3',
      strategy: 'canary',
      canary: {
        steps: [
          { weightPercent: 10, pauseSeconds: 300 },
          { weightPercent: 50, pauseSeconds: 300 },
        ],
      },
    });
  });

  it('requires increasing canary weights', () => {
    expect(
      parseWithIssues(updateModelRequestSchema, {
        modelVersion: 'v3',
        strategy: 'canary',
        canary: {
          steps: [
            { weightPercent: 50, pauseSeconds: 0 },
            { weightPercent: 20, pauseSeconds: 0 },
          ],
        },
      }),
    ).toMatchObject({
      success: false,
      issues: [{ field: 'canary.steps.1.weightPercent' }],
    });
  });

  it('refuses options of another strategy', () => {
    expect(
      parseWithIssues(updateModelRequestSchema, {
        modelVersion: 'v3',
        strategy: 'rolling',
        canary: {},
      }),
    ).toMatchObject({ success: false, issues: [{ field: 'canary' }] });
  });
});

describe('listDeploymentsQuerySchema', () => {
  it('reads repeated and comma-separated filters and a numeric limit', () => {
    expect(
      listDeploymentsQuerySchema.parse({
        status: ['running', 'degraded'],
        environment: 'staging,production',
        limit: '20',
      }),
    ).toEqual({
      status: ['running', 'degraded'],
      environment: ['staging', 'production'],
      limit: 20,
    });
  });

  it('names the bad filter', () => {
    expect(
      parseWithIssues(listDeploymentsQuerySchema, { status: 'runing' }),
    ).toMatchObject({
      success: false,
      issues: [
        {
          field: 'status.0',
          message: expect.stringContaining('must be one of'),
        },
      ],
    });
    expect(
      parseWithIssues(listDeploymentsQuerySchema, { limit: '1000' }),
    ).toMatchObject({
      success: false,
      issues: [{ field: 'limit', message: 'must be at most 200' }],
    });
  });
});

describe('deleteDeploymentQuerySchema', () => {
  it('requires the name as confirmation', () => {
    expect(parseWithIssues(deleteDeploymentQuerySchema, {})).toMatchObject({
      success: false,
      issues: [
        {
          field: 'confirm',
          message: expect.stringContaining("deployment's name"),
        },
      ],
    });
  });
});
