import { z } from 'zod/v3';
import {
  autoscalingSchema,
  deploymentSpecShape,
  loadBalancerSchema,
  monitoringSchema,
  replicasSchema,
  resourcesSchema,
  type DeploymentSpec,
} from '../spec';

/**
 * Every field of a section made optional, without its default; fields that are optional in the spec
 * may be `null` to remove them (JSON merge patch, RFC 7396).
 */
function sectionPatch<T extends z.ZodRawShape>(section: z.ZodObject<T>) {
  const shape: z.ZodRawShape = {};
  for (const [key, field] of Object.entries(section.shape) as [
    string,
    z.ZodTypeAny,
  ][]) {
    if (field instanceof z.ZodDefault) {
      shape[key] = field.removeDefault().optional();
    } else if (field instanceof z.ZodOptional) {
      shape[key] = field.unwrap().nullable().optional();
    } else {
      shape[key] = field.optional();
    }
  }
  return z.object(shape).strict();
}

function removeDefault<T extends z.ZodTypeAny>(field: z.ZodDefault<T>) {
  return field.removeDefault().optional();
}

/**
 * The body of `PATCH /deployments/{id}`: a JSON merge patch of the spec. Objects merge, arrays (the
 * environment variables) are replaced, `null` removes an optional field. Immutable fields may be sent
 * only with their current value; the merged spec must satisfy {@link deploymentSpecSchema}.
 *
 * @public
 */
export const editDeploymentRequestSchema = z
  .object({
    name: deploymentSpecShape.name.optional(),
    description: removeDefault(deploymentSpecShape.description),
    modelRef: deploymentSpecShape.modelRef.optional(),
    modelId: deploymentSpecShape.modelId.optional(),
    modelVersion: deploymentSpecShape.modelVersion.optional(),
    environment: removeDefault(deploymentSpecShape.environment),
    strategy: removeDefault(deploymentSpecShape.strategy),
    surgeDuringUpdates: removeDefault(deploymentSpecShape.surgeDuringUpdates),
    resources: sectionPatch(resourcesSchema).optional(),
    replicas: sectionPatch(replicasSchema).optional(),
    autoscaling: sectionPatch(autoscalingSchema).optional(),
    loadBalancer: sectionPatch(loadBalancerSchema).optional(),
    monitoring: sectionPatch(monitoringSchema).optional(),
    env: removeDefault(deploymentSpecShape.env),
  })
  .strict()
  .refine(patch => Object.keys(patch).length > 0, {
    message: 'must change at least one field',
  });

type SectionPatch<T> = {
  [K in keyof T]?: undefined extends T[K] ? T[K] | null : T[K];
};

/** @public */
export type DeploymentSpecPatch = {
  [K in keyof DeploymentSpec]?: DeploymentSpec[K] extends unknown[]
    ? DeploymentSpec[K]
    : DeploymentSpec[K] extends object
    ? SectionPatch<DeploymentSpec[K]>
    : DeploymentSpec[K];
};

/**
 * Applies a merge patch to a spec. The result still has to be validated with the spec schema.
 *
 * @public
 */
export function applySpecPatch(
  spec: DeploymentSpec,
  patch: DeploymentSpecPatch,
): unknown {
  const merged: Record<string, unknown> = structuredClone(spec);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      continue;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const section = { ...(merged[key] as Record<string, unknown>) };
      for (const [field, fieldValue] of Object.entries(value)) {
        if (fieldValue === null) {
          delete section[field];
        } else if (fieldValue !== undefined) {
          section[field] = fieldValue;
        }
      }
      merged[key] = section;
    } else {
      merged[key] = value;
    }
  }
  return merged;
}
