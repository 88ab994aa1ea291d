import { z } from 'zod/v3';
import { DEPLOYMENT_TRACKS } from '../monitoring';
import {
  checkCrossFieldRules,
  deploymentSpecShape,
  modelIdSchema,
  modelRefSchema,
} from '../spec';

/**
 * The workloads of a canary or blue-green update are named `<name>-canary` and `<name>-preview`: a
 * deployment named so would take another's workload name in the namespace (and break its updates).
 */
function nameClash(name: string): string | undefined {
  const track = DEPLOYMENT_TRACKS.find(
    t => t !== 'stable' && name.endsWith(`-${t}`),
  );
  return (
    track &&
    `must not end with '-${track}': the ${track} workload of a deployment named '${name.slice(
      0,
      -(track.length + 1),
    )}' has that name`
  );
}

/**
 * The body of `POST /deployments`: a deployment spec in which the model is named by its catalog
 * reference, by its Model ID, or by both (then they must agree). The backend resolves the model in the
 * catalog; the owner always comes from there.
 *
 * @public
 */
export const createDeploymentRequestSchema = z
  .object({
    ...deploymentSpecShape,
    modelRef: modelRefSchema.optional(),
    modelId: modelIdSchema.optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.modelRef === undefined && request.modelId === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['modelId'],
        message:
          'is required (or give modelRef, the model entity in the catalog)',
      });
    }
    const clash = nameClash(request.name);
    if (clash) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['name'],
        message: clash,
      });
    }
    checkCrossFieldRules(request, ctx);
  });

/** @public */
export type CreateDeploymentRequest = z.input<
  typeof createDeploymentRequestSchema
>;

/** @public */
export type ParsedCreateDeploymentRequest = z.output<
  typeof createDeploymentRequestSchema
>;
