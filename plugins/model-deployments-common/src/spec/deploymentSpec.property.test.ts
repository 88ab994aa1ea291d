import fc from 'fast-check';
import { deploymentSpecSchema } from './deploymentSpec';
import {
  ENVIRONMENTS,
  GPU_TYPES,
  LOAD_BALANCING_ALGORITHMS,
  STRATEGIES,
} from './fields';
import { formatFieldIssues, parseWithIssues } from '../validation';

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,48}[a-z0-9])?$/);
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/);
const percent = fc.integer({ min: 1, max: 100 });

/** Any valid spec: every field within its rules, and the cross-field rules kept. */
const validSpec = fc
  .record({
    name: dnsLabel,
    description: fc.string({ maxLength: 200 }),
    modelRef: fc.constantFrom(
      'resource:default/bert-sentiment',
      'resource:ml/resnet50',
    ),
    modelId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
    modelVersion: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,20}$/),
    environment: fc.constantFrom(...ENVIRONMENTS),
    strategy: fc.constantFrom(...STRATEGIES),
    cpuMillicores: fc.integer({ min: 100, max: 128000 }),
    memoryGb: fc.integer({ min: 1, max: 2048 }),
    gpuCount: fc.integer({ min: 0, max: 16 }),
    gpuType: fc.constantFrom(...GPU_TYPES),
    min: fc.integer({ min: 1, max: 1000 }),
    extra: fc.integer({ min: 0, max: 100 }),
    autoscalingEnabled: fc.boolean(),
    targetCpuPercent: percent,
    targetMemoryPercent: percent,
    targetGpuPercent: percent,
    algorithm: fc.constantFrom(...LOAD_BALANCING_ALGORITHMS),
    healthCheckPath: fc.constantFrom(
      '/health',
      '/v2/health/ready',
      '/ping?deep=1',
    ),
    interval: fc.integer({ min: 1, max: 300 }),
    sticky: fc.boolean(),
    envNames: fc.uniqueArray(envName, { maxLength: 5 }),
  })
  .map(r => ({
    name: r.name,
    description: r.description,
    modelRef: r.modelRef,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    environment: r.environment,
    strategy: r.strategy,
    resources: {
      cpuCores: r.cpuMillicores / 1000,
      memoryGb: r.memoryGb,
      gpuCount: r.gpuCount,
      ...(r.gpuCount > 0 ? { gpuType: r.gpuType } : {}),
    },
    replicas: { min: r.min, max: Math.min(1000, r.min + r.extra) },
    autoscaling: {
      enabled: r.autoscalingEnabled,
      targetCpuPercent: r.targetCpuPercent,
      targetMemoryPercent: r.targetMemoryPercent,
      ...(r.gpuCount > 0 ? { targetGpuPercent: r.targetGpuPercent } : {}),
    },
    loadBalancer: {
      enabled: true,
      algorithm: r.algorithm,
      healthCheckPath: r.healthCheckPath,
      healthCheckIntervalSeconds: r.interval,
      stickySessions: r.sticky,
    },
    env: r.envNames.map(name => ({ name, value: 'x' })),
  }));

const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(Number.NaN),
);
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
);
// Filtered rather than bounded: fast-check treats -0 as below 0, but -0 === 0 is a valid count.
const outside = (min: number, max: number) =>
  fc.oneof(
    fc.double({ max: min, noNaN: true }).filter(n => n < min),
    fc.double({ min: max, noNaN: true }).filter(n => n > max),
  );
const fractional = fc
  .double({ min: 1.0001, max: 99.9999, noNaN: true })
  .filter(n => !Number.isInteger(n));
const notIn = (values: readonly string[]) =>
  fc.string().filter(s => !values.includes(s));

/** For each field: values that break its rule. */
const invalidValues: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(
    notAString,
    fc
      .string()
      .filter(s => !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s) || s.length > 50),
  ),
  description: fc.oneof(
    notAString,
    fc.string({ minLength: 2001, maxLength: 2100 }),
  ),
  modelVersion: fc.oneof(
    notAString,
    fc.string().filter(s => !/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(s)),
  ),
  environment: fc.oneof(notAString, notIn(ENVIRONMENTS)),
  strategy: fc.oneof(notAString, notIn(STRATEGIES)),
  'resources.cpuCores': fc.oneof(notANumber, outside(0.1, 128)),
  'resources.memoryGb': fc.oneof(notANumber, outside(0.25, 2048)),
  'resources.gpuCount': fc.oneof(notANumber, outside(0, 16), fractional),
  'resources.storageGb': fc.oneof(notANumber, outside(1, 65536), fractional),
  'replicas.min': fc.oneof(notANumber, outside(1, 1000), fractional),
  'autoscaling.enabled': fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  'autoscaling.targetCpuPercent': fc.oneof(
    notANumber,
    outside(1, 100),
    fractional,
  ),
  'autoscaling.targetMemoryPercent': fc.oneof(
    notANumber,
    outside(1, 100),
    fractional,
  ),
  'loadBalancer.algorithm': fc.oneof(
    notAString,
    notIn(LOAD_BALANCING_ALGORITHMS),
  ),
  'loadBalancer.healthCheckPath': fc.oneof(
    notAString,
    fc.webUrl(),
    fc.string().filter(s => !s.startsWith('/')),
  ),
  'loadBalancer.healthCheckIntervalSeconds': fc.oneof(
    notANumber,
    outside(1, 300),
    fractional,
  ),
  'loadBalancer.stickySessions': fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constant(null),
  ),
};

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const [section, field] = path.split('.');
  if (field === undefined) {
    target[section] = value;
  } else {
    target[section][field] = value;
  }
}

/** The issues of a spec that must be rejected; a spec that is accepted fails the property. */
function rejectionOf(candidate: unknown) {
  const result = parseWithIssues(deploymentSpecSchema, candidate);
  if (result.success) {
    throw new Error(`accepted an invalid spec: ${JSON.stringify(candidate)}`);
  }
  return result.issues;
}

describe('deploymentSpecSchema, property-based', () => {
  it('accepts every spec that keeps the rules', () => {
    fc.assert(
      fc.property(validSpec, spec => {
        expect(parseWithIssues(deploymentSpecSchema, spec)).toMatchObject({
          success: true,
        });
      }),
    );
  });

  it('rejects any invalid value with a message that names its field', () => {
    const mutation = fc
      .constantFrom(...Object.keys(invalidValues))
      .chain(field => invalidValues[field].map(value => ({ field, value })));
    fc.assert(
      fc.property(validSpec, mutation, (spec, { field, value }) => {
        const candidate = structuredClone(spec) as Record<string, any>;
        setPath(candidate, field, value);
        const issues = rejectionOf(candidate);
        expect(issues.map(issue => issue.field)).toContain(field);
        expect(formatFieldIssues(issues)).toContain(`${field}: `);
        expect(issues.filter(issue => issue.message === '')).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects min replicas above max replicas, on the max field', () => {
    fc.assert(
      fc.property(validSpec, fc.integer({ min: 2, max: 1000 }), (spec, min) => {
        const candidate = { ...spec, replicas: { min, max: min - 1 } };
        const result = parseWithIssues(deploymentSpecSchema, candidate);
        expect(result).toEqual({
          success: false,
          issues: [
            {
              field: 'replicas.max',
              message: expect.stringContaining(`(${min})`),
            },
          ],
        });
      }),
    );
  });

  it('rejects GPUs without a type, and a type without GPUs', () => {
    fc.assert(
      fc.property(
        validSpec,
        fc.integer({ min: 1, max: 16 }),
        (spec, gpuCount) => {
          const withoutType = structuredClone(spec);
          withoutType.resources = { cpuCores: 1, memoryGb: 1, gpuCount };
          const withoutGpus = structuredClone(spec);
          withoutGpus.resources = {
            cpuCores: 1,
            memoryGb: 1,
            gpuCount: 0,
            gpuType: 'T4',
          };
          withoutGpus.autoscaling = {
            ...spec.autoscaling,
            targetGpuPercent: undefined,
          };
          for (const candidate of [withoutType, withoutGpus]) {
            expect(rejectionOf(candidate).map(i => i.field)).toContain(
              'resources.gpuType',
            );
          }
        },
      ),
    );
  });
});
