import {
  componentEntityV1alpha1Validator,
  entitySchemaValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentEnvironment,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { deploymentEntityRef, deploymentToEntity } from './deploymentEntity';

function deployment(
  overrides: Partial<ModelDeployment['spec']> = {},
): ModelDeployment {
  return {
    id: '0b6f3d4e-4a57-4c1e-9a49-5d3c2f7a8e10',
    name: 'bert-sentiment-api',
    spec: deploymentSpecSchema.parse({
      ...exampleDeploymentSpec,
      ...overrides,
    }),
    owner: 'group:default/nlp-team',
    status: 'running',
    version: 3,
    revision: 1,
    activeRevision: 1,
    serving: null,
    instances: { desired: 2, current: 2, ready: 2 },
    conditions: [],
    observedAt: '2025-01-02T03:04:05.000Z',
    createdAt: '2025-01-02T03:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2025-01-02T03:00:00.000Z',
    updatedBy: 'user:default/alice',
  };
}

describe('deploymentToEntity', () => {
  it('is a model-server Component owned by the model owner, depending on the model', async () => {
    const entity = deploymentToEntity(deployment(), {
      kubernetes: { cluster: 'prod-eu', namespace: 'models-production' },
    });

    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'bert-sentiment-api',
        namespace: 'default',
        description: 'Sentiment analysis for customer reviews',
        tags: ['production'],
        annotations: {
          'backstage.io/managed-by-location':
            'model-deployments:0b6f3d4e-4a57-4c1e-9a49-5d3c2f7a8e10',
          'backstage.io/managed-by-origin-location':
            'model-deployments:0b6f3d4e-4a57-4c1e-9a49-5d3c2f7a8e10',
          'modelops.io/deployment-id': '0b6f3d4e-4a57-4c1e-9a49-5d3c2f7a8e10',
          'backstage.io/kubernetes-id': 'bert-sentiment-api',
          'backstage.io/kubernetes-cluster': 'prod-eu',
          'backstage.io/kubernetes-namespace': 'models-production',
        },
      },
      spec: {
        type: 'model-server',
        lifecycle: 'production',
        owner: 'group:default/nlp-team',
        dependsOn: ['resource:default/bert-sentiment'],
      },
    });
    expect(() => entitySchemaValidator()(entity)).not.toThrow();
    await expect(componentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
  });

  it.each<[DeploymentEnvironment, string]>([
    ['development', 'experimental'],
    ['staging', 'experimental'],
    ['production', 'production'],
  ])('gives a deployment in %s the lifecycle %s', (environment, lifecycle) => {
    const entity = deploymentToEntity(deployment({ environment }));
    expect(entity.spec?.lifecycle).toBe(lifecycle);
    expect(entity.metadata.tags).toEqual([environment]);
  });

  it("lives in the model's namespace", () => {
    const entity = deploymentToEntity(
      deployment({ modelRef: 'resource:ml-platform/bert-sentiment' }),
    );
    expect(entity.metadata.namespace).toBe('ml-platform');
    expect(entity.spec?.dependsOn).toEqual([
      'resource:ml-platform/bert-sentiment',
    ]);
  });

  it('names no cluster or namespace when the backend runs no clusters, and no empty description', () => {
    const entity = deploymentToEntity(deployment({ description: '' }));
    expect(entity.metadata.description).toBeUndefined();
    expect(Object.keys(entity.metadata.annotations!)).toEqual([
      'backstage.io/managed-by-location',
      'backstage.io/managed-by-origin-location',
      'modelops.io/deployment-id',
      'backstage.io/kubernetes-id',
    ]);
  });
});

describe('deploymentEntityRef', () => {
  it.each([
    'resource:ml-platform/bert-sentiment',
    'resource:bert-sentiment',
    'Resource:Default/bert-sentiment',
  ])('is the reference of the Component of a deployment of %s', modelRef => {
    const d = deployment({ modelRef });
    expect(deploymentEntityRef({ name: d.name, modelRef })).toBe(
      stringifyEntityRef(deploymentToEntity(d)),
    );
  });
});
