import { deploymentSpecSchema } from './deploymentSpec';
import { envReferences, escapeEnvReferences } from './env';
import { exampleDeploymentSpec } from './testSpecs';
import { parseWithIssues } from '../validation';

function issuesFor(patch: (spec: any) => void) {
  const spec = structuredClone(exampleDeploymentSpec) as any;
  patch(spec);
  const result = parseWithIssues(deploymentSpecSchema, spec);
  if (result.success) {
    throw new Error('expected the spec to be rejected');
  }
  return result.issues;
}

describe('deploymentSpecSchema', () => {
  it('accepts the documented example', () => {
    expect(deploymentSpecSchema.parse(exampleDeploymentSpec)).toEqual({
      ...exampleDeploymentSpec,
      surgeDuringUpdates: true,
      monitoring: { maxErrorRatePercent: 5, alertOnNoReadyInstances: true },
    });
  });

  it('fills in the defaults of the Create Deployment form', () => {
    const spec = deploymentSpecSchema.parse({
      name: 'resnet-dev',
      modelRef: 'resource:default/resnet50',
      modelId: 'model-002',
      modelVersion: '1.1',
      resources: { cpuCores: 2, memoryGb: 8 },
      replicas: { min: 1, max: 3 },
    });
    expect(spec).toEqual({
      name: 'resnet-dev',
      description: '',
      modelRef: 'resource:default/resnet50',
      modelId: 'model-002',
      modelVersion: '1.1',
      environment: 'development',
      strategy: 'rolling',
      surgeDuringUpdates: true,
      resources: { cpuCores: 2, memoryGb: 8, gpuCount: 0 },
      replicas: { min: 1, max: 3 },
      autoscaling: {
        enabled: true,
        targetCpuPercent: 70,
        targetMemoryPercent: 80,
      },
      loadBalancer: {
        enabled: true,
        algorithm: 'round-robin',
        healthCheckPath: '/health',
        healthCheckIntervalSeconds: 30,
        stickySessions: false,
      },
      env: [],
      monitoring: { maxErrorRatePercent: 5, alertOnNoReadyInstances: true },
    });
  });

  it.each([
    ['Resnet-Prod', 'an uppercase letter'],
    ['1resnet', 'a leading digit'],
    ['resnet-', 'a trailing dash'],
    ['resnet_prod', 'an underscore'],
    ['a'.repeat(51), 'more than 50 characters'],
    ['', 'nothing'],
  ])('rejects the name %j (%s)', name => {
    expect(issuesFor(s => (s.name = name))).toEqual([
      {
        field: 'name',
        message: expect.stringMatching(/DNS-1123|at most 50|required/),
      },
    ]);
  });

  it('requires max replicas to be at least min replicas', () => {
    expect(issuesFor(s => (s.replicas = { min: 5, max: 3 }))).toEqual([
      {
        field: 'replicas.max',
        message: 'must be greater than or equal to replicas.min (5)',
      },
    ]);
  });

  it('requires a GPU type exactly when there are GPUs', () => {
    expect(issuesFor(s => delete s.resources.gpuType)).toEqual([
      {
        field: 'resources.gpuType',
        message: 'is required when resources.gpuCount is greater than 0',
      },
    ]);
    expect(
      issuesFor(s => {
        s.resources.gpuCount = 0;
        delete s.autoscaling.targetGpuPercent;
      }),
    ).toEqual([
      {
        field: 'resources.gpuType',
        message: 'must be empty when resources.gpuCount is 0',
      },
    ]);
  });

  it('refuses strategies that need an extra instance when surge is off', () => {
    expect(
      issuesFor(spec => {
        spec.surgeDuringUpdates = false;
        spec.strategy = 'blue-green';
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'strategy',
        message: expect.stringContaining('needs surgeDuringUpdates on'),
      }),
    ]);
    expect(
      issuesFor(spec => {
        spec.surgeDuringUpdates = false;
        spec.strategy = 'canary';
        spec.autoscaling = { enabled: true };
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'strategy',
        message: expect.stringContaining('needs auto-scaling off'),
      }),
    ]);
    expect(
      deploymentSpecSchema.safeParse({
        ...exampleDeploymentSpec,
        surgeDuringUpdates: false,
        strategy: 'canary',
        autoscaling: { enabled: false },
      }).success,
    ).toBe(true);
  });

  it('accepts only the documented GPU types', () => {
    expect(issuesFor(s => (s.resources.gpuType = 'H100'))).toEqual([
      { field: 'resources.gpuType', message: 'must be one of T4, V100, A100' },
    ]);
  });

  it('asks for GPUs before a GPU utilisation target', () => {
    expect(
      issuesFor(s => {
        s.resources.gpuCount = 0;
        delete s.resources.gpuType;
      }),
    ).toEqual([
      {
        field: 'autoscaling.targetGpuPercent',
        message: 'needs GPUs: set resources.gpuCount above 0 or leave it empty',
      },
    ]);
  });

  it.each([0, 101, 50.5])('rejects the utilisation target %p', value => {
    expect(issuesFor(s => (s.autoscaling.targetCpuPercent = value))).toEqual([
      {
        field: 'autoscaling.targetCpuPercent',
        message: expect.stringMatching(/^must be/),
      },
    ]);
  });

  it.each(['http://model/health', 'health', '/he alth', '//host/health'])(
    'rejects the health check path %j',
    path => {
      const issues = issuesFor(s => (s.loadBalancer.healthCheckPath = path));
      expect(issues.map(i => i.field)).toEqual([
        'loadBalancer.healthCheckPath',
      ]);
    },
  );

  it('accepts health check paths with a query', () => {
    const spec = structuredClone(exampleDeploymentSpec);
    spec.loadBalancer!.healthCheckPath = '/v2/health/ready?verbose=1';
    expect(deploymentSpecSchema.safeParse(spec).success).toBe(true);
  });

  it('rejects environment variable names that Kubernetes pods cannot read', () => {
    expect(issuesFor(s => (s.env = [{ name: '1ST', value: 'x' }]))).toEqual([
      { field: 'env.0.name', message: expect.stringContaining('C identifier') },
    ]);
    expect(
      issuesFor(
        s =>
          (s.env = [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ]),
      ),
    ).toEqual([
      { field: 'env.1.name', message: "'A' is defined more than once" },
    ]);
  });

  it('refuses the names of the variables the platform sets, each time it is named', () => {
    expect(
      issuesFor(
        s =>
          (s.env = [
            { name: 'PORT', value: '9000' },
            { name: 'MODEL_ID', value: 'other' },
            { name: 'PORT', value: '9001' },
          ]),
      ),
    ).toEqual(
      [0, 1, 2].map(index => ({
        field: `env.${index}.name`,
        message: expect.stringMatching(
          /^(PORT|MODEL_ID) is set by the platform \(MODEL_ID, MODEL_VERSION, MODEL_URI, PORT are\)/,
        ),
      })),
    );
  });

  it("refuses a value that refers to a platform variable or a secret, as Kubernetes reads '$'", () => {
    const env = (value: string) => [
      { name: 'TOKEN', secretKeyRef: { name: 'creds', key: 'token' } },
      { name: 'GREETING', value: 'hello' },
      { name: 'TEXT', value },
    ];
    const issueOf = (value: string) => {
      const result = parseWithIssues(deploymentSpecSchema, {
        ...exampleDeploymentSpec,
        env: env(value),
      });
      return result.success ? [] : result.issues.map(i => i.message);
    };

    expect(issueOf('Bearer $(TOKEN)')).toEqual([
      '$(TOKEN) refers to a variable that holds a secret; write $$(TOKEN) for the text itself',
    ]);
    expect(issueOf('on $(PORT)')).toEqual([
      '$(PORT) refers to a variable the platform sets; write $$(PORT) for the text itself',
    ]);
    expect(issueOf('$$$(MODEL_URI)')).toHaveLength(1);
    for (const allowed of [
      '$$(TOKEN) is literal',
      '$(GREETING), world',
      '$TOKEN and ${PORT}',
      'unclosed $(TOKEN',
    ]) {
      expect(issueOf(allowed)).toEqual([]);
    }
  });

  it('caps the size of all the values together, not only each one', () => {
    const big = 'x'.repeat(30_000);
    const env = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: `V${i}`, value: big }));
    expect(
      parseWithIssues(deploymentSpecSchema, {
        ...exampleDeploymentSpec,
        env: env(4),
      }).success,
    ).toBe(true);
    expect(issuesFor(s => (s.env = env(5)))).toEqual([
      {
        field: 'env',
        message:
          'the values must be at most 131072 characters together (these are 150000)',
      },
    ]);
  });

  it('finds the references of a value as Kubernetes expands them, and writes chosen ones as text', () => {
    expect(envReferences('$(A)-$(B)')).toEqual(['A', 'B']);
    expect(envReferences('$$(A) $$$(B) $$$$(C)')).toEqual(['B']);
    expect(envReferences('$A ${B} $(C')).toEqual([]);
    const escaped = escapeEnvReferences(
      'x $(A) $$(A) $$$(A) $(B) $(A',
      name => name === 'A',
    );
    expect(escaped).toBe('x $$(A) $$(A) $$$$(A) $(B) $(A');
    expect(envReferences(escaped)).toEqual(['B']);
  });

  it('takes a Secret reference instead of a value, never both or neither', () => {
    expect(
      issuesFor(
        s =>
          (s.env = [
            { name: 'TOKEN', secretKeyRef: { name: 'Bad_Name', key: 'k' } },
          ]),
      ),
    ).toEqual([
      {
        field: 'env.0.secretKeyRef.name',
        message: expect.stringContaining('Secret'),
      },
    ]);
    expect(issuesFor(s => (s.env = [{ name: 'TOKEN' }]))).toEqual([
      {
        field: 'env.0.value',
        message: expect.stringContaining('either a value or a secretKeyRef'),
      },
    ]);
  });

  it('names unknown fields instead of ignoring them', () => {
    expect(issuesFor(s => (s.replicas.maximum = 3))).toEqual([
      { field: 'replicas.maximum', message: 'is not a known field' },
    ]);
  });

  it('says which type a field needs', () => {
    expect(issuesFor(s => (s.resources.cpuCores = '4'))).toEqual([
      { field: 'resources.cpuCores', message: 'must be a number, not string' },
    ]);
    expect(issuesFor(s => delete s.resources.memoryGb)).toEqual([
      { field: 'resources.memoryGb', message: 'is required' },
    ]);
  });
});
