import type { Entity } from '@backstage/catalog-model';
import {
  MODEL_ID_ANNOTATION,
  MODEL_VERSIONS_ANNOTATION,
} from '@modelops/plugin-model-deployments-common';

/** A model entity as the demo catalog has them. */
export function modelEntity(options: {
  name: string;
  owner: string;
  modelId?: string;
  versions?: string[];
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      namespace: 'default',
      annotations: {
        ...(options.modelId ? { [MODEL_ID_ANNOTATION]: options.modelId } : {}),
        ...(options.versions
          ? { [MODEL_VERSIONS_ANNOTATION]: options.versions.join(', ') }
          : {}),
      },
    },
    spec: { type: 'ai-model', owner: options.owner },
  };
}

/** The models of the API tests: the product documentation's BERT example and a vision model. */
export const testModels: Entity[] = [
  modelEntity({
    name: 'bert-sentiment',
    owner: 'group:default/nlp-team',
    modelId: 'model-001',
    versions: ['v2.1.0', 'v2.0.0', 'v1.0.0'],
  }),
  modelEntity({
    name: 'resnet50-classifier',
    owner: 'vision-team',
    modelId: 'model-002',
    versions: ['2.0', '1.1'],
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'feature-store', namespace: 'default' },
    spec: { type: 'database', owner: 'group:default/nlp-team' },
  },
];
