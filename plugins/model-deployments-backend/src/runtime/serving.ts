import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from './config';

/** A model's own serving image and model location, overriding the configured templates. */
export const SERVING_IMAGE_ANNOTATION = 'modelops.io/serving-image';
export const MODEL_URI_ANNOTATION = 'modelops.io/model-uri';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Replaces `{{ modelId }}`, `{{ modelVersion }}` and `{{ name }}`; any other placeholder is an error. */
export function renderTemplate(template: string, spec: DeploymentSpec): string {
  const values: Record<string, string> = {
    modelId: spec.modelId,
    modelVersion: spec.modelVersion,
    name: spec.name,
  };
  return template.replace(PLACEHOLDER, (match, key: string) => {
    if (!(key in values)) {
      throw new Error(
        `Unknown placeholder ${match} in '${template}'; use {{ modelId }}, {{ modelVersion }} or {{ name }}`,
      );
    }
    return values[key];
  });
}

/** The image and model location of one revision: the model's annotations, else the config's templates. */
export function resolveServing(
  spec: DeploymentSpec,
  modelAnnotations: Record<string, string>,
  config: Pick<RuntimeConfig, 'servingImage' | 'modelUri'>,
): { image: string; modelUri?: string } {
  const imageTemplate =
    modelAnnotations[SERVING_IMAGE_ANNOTATION] ?? config.servingImage;
  const modelUriTemplate =
    modelAnnotations[MODEL_URI_ANNOTATION] ?? config.modelUri;
  return {
    image: renderTemplate(imageTemplate, spec),
    ...(modelUriTemplate
      ? { modelUri: renderTemplate(modelUriTemplate, spec) }
      : {}),
  };
}
