import { createDeploymentRequestSchema } from '@modelops/plugin-model-deployments-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { zodToJsonSchema } from 'zod-to-json-schema';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  dependencies?: Record<string, { oneOf: JsonSchema[] }>;
  [keyword: string]: unknown;
};

const template = yaml.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../templates/model-deployment/template.yaml',
    ),
    'utf8',
  ),
);
const pages: JsonSchema[] = template.spec.parameters;
const step = template.spec.steps.find(
  (s: { action: string }) => s.action === 'model-deployments:create',
);
/** The request schema as JSON schema, the way the scaffolder sees the action's input. */
const requestSchema = zodToJsonSchema(createDeploymentRequestSchema, {
  $refStrategy: 'none',
}) as JsonSchema;

/** Every form field, with the condition under which it is shown (`field=value`), if any. */
function formFields(): Map<string, { schema: JsonSchema; shownWhen?: string }> {
  const fields = new Map<string, { schema: JsonSchema; shownWhen?: string }>();
  for (const page of pages) {
    for (const [name, schema] of Object.entries(page.properties ?? {})) {
      fields.set(name, { schema });
    }
    for (const [trigger, { oneOf }] of Object.entries(
      page.dependencies ?? {},
    )) {
      for (const branch of oneOf) {
        const condition = branch.properties![trigger];
        const value = condition.const ?? `>=${condition.minimum}`;
        for (const [name, schema] of Object.entries(branch.properties!)) {
          if (name !== trigger) {
            fields.set(name, { schema, shownWhen: `${trigger}=${value}` });
          }
        }
      }
    }
  }
  return fields;
}

/** Where each form field goes in the action's input: `${{ parameters.x }}` at a path. */
function inputMapping(): Map<string, string> {
  const mapping = new Map<string, string>();
  const walk = (value: unknown, at: string[]) => {
    if (typeof value === 'string') {
      const match = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(value);
      if (match) mapping.set(match[1], at.join('.'));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value))
        walk(inner, [...at, key]);
    }
  };
  walk(step.input, []);
  return mapping;
}

function requestField(fieldPath: string): JsonSchema {
  return fieldPath
    .split('.')
    .reduce<JsonSchema>(
      (schema, key) => schema.properties![key],
      requestSchema,
    );
}

/** The keywords that constrain a value; a form field must state each exactly as the schema does. */
const CONSTRAINTS = [
  'type',
  'minimum',
  'maximum',
  'multipleOf',
  'maxLength',
  'pattern',
  'enum',
];

describe('templates/model-deployment/template.yaml', () => {
  const fields = formFields();
  const mapping = inputMapping();

  it('gives every form field to the action, and asks for every field the action requires', () => {
    expect([...fields.keys()].filter(name => !mapping.has(name))).toEqual([]);
    // Sections (resources, replicas) are required through their own required fields.
    const required = [
      ...(requestSchema.required ?? []).filter(
        field => requestField(field).type !== 'object',
      ),
      ...['resources', 'replicas'].flatMap(section =>
        (requestField(section).required ?? []).map(f => `${section}.${f}`),
      ),
    ];
    const mapped = new Set([...mapping.values()]);
    expect(required.filter(field => !mapped.has(field))).toEqual([]);
    // The model is named by its catalog entity; the Model ID comes from the catalog.
    expect(mapping.get('model')).toBe('modelRef');
  });

  it("states each field's constraints exactly as the common schema does", () => {
    const differences: string[] = [];
    for (const [name, fieldPath] of mapping) {
      const form = fields.get(name)!.schema;
      const schema = requestField(fieldPath);
      for (const keyword of CONSTRAINTS) {
        const expected = schema[keyword];
        if (JSON.stringify(form[keyword]) !== JSON.stringify(expected)) {
          differences.push(
            `${name} (${fieldPath}).${keyword}: form ${JSON.stringify(
              form[keyword],
            )}, schema ${JSON.stringify(expected)}`,
          );
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('shows the GPU type, the scaling targets and the load balancer settings only when they apply', () => {
    const conditions = Object.fromEntries(
      [...fields].map(([name, field]) => [name, field.shownWhen]),
    );
    expect(conditions).toMatchObject({
      gpuType: 'gpuCount=>=1',
      targetCpuPercent: 'autoscalingEnabled=true',
      targetMemoryPercent: 'autoscalingEnabled=true',
      targetGpuPercent: 'autoscalingEnabled=true',
      algorithm: 'loadBalancerEnabled=true',
      healthCheckPath: 'loadBalancerEnabled=true',
      healthCheckIntervalSeconds: 'loadBalancerEnabled=true',
      stickySessions: 'loadBalancerEnabled=true',
      minReplicas: undefined,
      maxReplicas: undefined,
    });
  });

  it('asks for each number once: replicas are the instances, with or without auto-scaling', () => {
    const targets = [...mapping.values()];
    expect(targets.length).toBe(new Set(targets).size);
    expect(mapping.get('minReplicas')).toBe('replicas.min');
    expect(mapping.get('maxReplicas')).toBe('replicas.max');
  });

  it('turns a filled-in form into a request the action accepts', () => {
    const answers: Record<string, unknown> = {
      name: 'bert-sentiment-api',
      model: 'resource:default/bert-sentiment',
      modelVersion: 'v2.1.0',
      environment: 'production',
      strategy: 'blue-green',
      cpuCores: 4,
      memoryGb: 16,
      gpuCount: 2,
      gpuType: 'A100',
      minReplicas: 2,
      maxReplicas: 10,
      autoscalingEnabled: true,
      targetCpuPercent: 70,
      targetMemoryPercent: 80,
      loadBalancerEnabled: true,
      algorithm: 'least-connections',
      healthCheckPath: '/health',
      healthCheckIntervalSeconds: 30,
      stickySessions: false,
    };
    // As the scaffolder renders `${{ parameters.x }}`: the value itself; a hidden field is left out.
    const render = (value: unknown): unknown => {
      if (typeof value === 'string') {
        const match = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(value);
        return match ? answers[match[1]] : value;
      }
      return Object.fromEntries(
        Object.entries(value as object)
          .map(([key, inner]) => [key, render(inner)])
          .filter(([, inner]) => inner !== undefined),
      );
    };
    const result = createDeploymentRequestSchema.safeParse(render(step.input));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});
