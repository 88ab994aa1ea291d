import type { Entity } from '@backstage/catalog-model';
import { FieldValidationError } from '../lib/errors';
import type {
  DeploymentSpec,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';

/** What the templates' placeholders are replaced with. */
type TemplateValues = Pick<DeploymentSpec, 'modelId' | 'modelVersion' | 'name'>;

/** The configured templates of the image and model location (`modelDeployments.runtime`). */
export type ServingTemplates = { servingImage: string; modelUri?: string };

/** A model's own serving image and model location, overriding the configured templates. */
export const SERVING_IMAGE_ANNOTATION = 'modelops.io/serving-image';
export const MODEL_URI_ANNOTATION = 'modelops.io/model-uri';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Replaces `{{ modelId }}`, `{{ modelVersion }}` and `{{ name }}`; any other placeholder is an error. */
export function renderTemplate(template: string, spec: TemplateValues): string {
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

/**
 * The image and model location of a revision of `spec`: the model's annotations, else the configured
 * templates. Resolved once, when a change is asked for, and pinned in its revision.
 */
export function resolveServing(
  spec: TemplateValues,
  modelAnnotations: Record<string, string>,
  templates: ServingTemplates,
): ServingPin {
  const imageTemplate =
    modelAnnotations[SERVING_IMAGE_ANNOTATION] ?? templates.servingImage;
  const modelUriTemplate =
    modelAnnotations[MODEL_URI_ANNOTATION] ?? templates.modelUri;
  return {
    image: renderTemplate(imageTemplate, spec),
    modelUri: modelUriTemplate ? renderTemplate(modelUriTemplate, spec) : null,
  };
}

/**
 * What a revision of `spec` of `model` runs, pinned when its change is asked for; `null` without
 * templates (no runtime is configured, so nothing will run it).
 */
export function servingPinOf(
  model: Entity,
  spec: DeploymentSpec,
  templates: ServingTemplates | undefined,
): ServingPin | null {
  if (!templates) {
    return null;
  }
  try {
    return resolveServing(spec, model.metadata.annotations ?? {}, templates);
  } catch (error) {
    // The configured templates were checked at startup: the model's annotations are at fault.
    throw FieldValidationError.of(
      'modelRef',
      `the model's ${SERVING_IMAGE_ANNOTATION} or ${MODEL_URI_ANNOTATION} annotation cannot be used: ${
        (error as Error).message
      }`,
    );
  }
}

/** Whether two pins name the same image and model location. */
export function sameServing(a: ServingPin | null, b: ServingPin | null) {
  return a?.image === b?.image && a?.modelUri === b?.modelUri;
}

/**
 * A change's fields as its approver and its history read them, with the image and the model location
 * when they change: what a revision runs is part of the change. An unknown `after` (`null`: a revision
 * from before pinning) adds nothing.
 */
export function withServingChanges<T extends { field: string }>(
  changes: T[],
  before: ServingPin | null,
  after: ServingPin | null,
): (T | { field: string; before: string | null; after: string | null })[] {
  if (!after) {
    return changes;
  }
  return [
    ...changes,
    ...[
      { field: 'image', before: before?.image ?? null, after: after.image },
      {
        field: 'modelUri',
        before: before?.modelUri ?? null,
        after: after.modelUri,
      },
    ].filter(change => change.before !== change.after),
  ];
}
