import { z } from 'zod/v3';
import {
  checkCrossFieldRules,
  deploymentSpecShape,
  modelIdSchema,
  modelRefSchema,
} from '../spec';

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
