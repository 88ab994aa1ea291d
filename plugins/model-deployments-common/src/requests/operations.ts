import { z } from 'zod/v3';
import {
  modelVersionSchema,
  replicaCountSchema,
  strategySchema,
  MAX_REPLICAS_LIMIT,
} from '../spec';

/**
 * The body of `POST /deployments/{id}/scale`: a number of instances when auto-scaling is off, or new
 * auto-scaling bounds when it is on.
 *
 * @public
 */
export const scaleDeploymentRequestSchema = z
  .object({
    replicas: replicaCountSchema
      .describe('Instances to run (auto-scaling off)')
      .optional(),
    min: replicaCountSchema
      .describe('Min Instances (auto-scaling on)')
      .optional(),
    max: replicaCountSchema
      .describe('Max Instances (auto-scaling on)')
      .optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    const bounds = request.min !== undefined || request.max !== undefined;
    if (request.replicas !== undefined && bounds) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['replicas'],
        message: 'give either replicas, or min and max, not both',
      });
    } else if (request.replicas === undefined && !bounds) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['replicas'],
        message: `is required: a number of instances from 1 to ${MAX_REPLICAS_LIMIT} (or min and max when auto-scaling)`,
      });
    } else if (
      bounds &&
      (request.min === undefined || request.max === undefined)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [request.min === undefined ? 'min' : 'max'],
        message: 'is required together with the other bound',
      });
    } else if (bounds && request.min! > request.max!) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['max'],
        message: `must be greater than or equal to min (${request.min})`,
      });
    }
  });

/** @public */
export type ScaleDeploymentRequest = z.input<
  typeof scaleDeploymentRequestSchema
>;

/** The body of `POST /deployments/{id}/stop`. @public */
export const stopDeploymentRequestSchema = z
  .object({
    reason: z
      .string()
      .max(500, 'must be at most 500 characters')
      .optional()
      .describe('Why the deployment is stopped, e.g. a maintenance window'),
  })
  .strict();

/** @public */
export type StopDeploymentRequest = z.input<typeof stopDeploymentRequestSchema>;

/** The body of `POST /deployments/{id}/start`. @public */
export const startDeploymentRequestSchema = z.object({}).strict();

/** @public */
export type StartDeploymentRequest = z.input<
  typeof startDeploymentRequestSchema
>;

/** @public */
export const canaryStepSchema = z
  .object({
    weightPercent: z
      .number({
        required_error: 'is required',
        invalid_type_error: 'must be a number',
      })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(99, 'must be at most 99'),
    pauseSeconds: z
      .number({
        required_error: 'is required',
        invalid_type_error: 'must be a number',
      })
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(86400, 'must be at most 86400 (one day)'),
  })
  .strict();

/** One canary step: the share of requests the new revision gets, then how long to observe it. @public */
export type CanaryStep = z.output<typeof canaryStepSchema>;

/** What a canary does when the request names no steps. @public */
export const DEFAULT_CANARY_STEPS: readonly CanaryStep[] = [
  { weightPercent: 10, pauseSeconds: 300 },
  { weightPercent: 50, pauseSeconds: 300 },
];

/** @public */
export const canaryOptionsSchema = z
  .object({
    steps: z
      .array(canaryStepSchema)
      .min(1, 'must have at least 1 step')
      .max(10, 'must have at most 10 steps')
      .superRefine((steps, ctx) => {
        steps.forEach((step, index) => {
          if (
            index > 0 &&
            step.weightPercent <= steps[index - 1].weightPercent
          ) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [index, 'weightPercent'],
              message: `must be greater than the previous step's ${
                steps[index - 1].weightPercent
              }`,
            });
          }
        });
      })
      .default([...DEFAULT_CANARY_STEPS]),
  })
  .strict()
  .describe('Canary: the share of traffic the new version gets at each step');

/** @public */
export const blueGreenOptionsSchema = z
  .object({
    rollbackWindowMinutes: z
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(10080, 'must be at most 10080 (one week)')
      .default(60)
      .describe(
        'How long the previous version is kept for an instant switch back',
      ),
  })
  .strict();

/**
 * The body of `POST /deployments/{id}/update-model`: the new version and how to roll it out. The
 * strategy defaults to the deployment's own.
 *
 * @public
 */
export const updateModelRequestSchema = z
  .object({
    modelVersion: modelVersionSchema,
    strategy: strategySchema.optional(),
    canary: canaryOptionsSchema.optional(),
    blueGreen: blueGreenOptionsSchema.optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.canary && request.strategy !== 'canary') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['canary'],
        message: "is only used with strategy 'canary'",
      });
    }
    if (request.blueGreen && request.strategy !== 'blue-green') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['blueGreen'],
        message: "is only used with strategy 'blue-green'",
      });
    }
  });

/** @public */
export type UpdateModelRequest = z.input<typeof updateModelRequestSchema>;

/**
 * The body of `POST /deployments/{id}/promote`: finish a canary or blue-green update now, skipping the
 * remaining canary steps or the rest of the blue-green rollback window.
 *
 * @public
 */
export const promoteDeploymentRequestSchema = z.object({}).strict();

/** @public */
export type PromoteDeploymentRequest = z.input<
  typeof promoteDeploymentRequestSchema
>;

/** The body of `POST /deployments/{id}/rollback`. @public */
export const rollbackDeploymentRequestSchema = z
  .object({
    revision: z
      .number({
        required_error: 'is required',
        invalid_type_error: 'must be a number',
      })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .describe('The revision to return to'),
  })
  .strict();

/** @public */
export type RollbackDeploymentRequest = z.input<
  typeof rollbackDeploymentRequestSchema
>;

/**
 * The query of `DELETE /deployments/{id}`: the deployment's name, typed again as confirmation.
 *
 * @public
 */
export const deleteDeploymentQuerySchema = z.object({
  confirm: z
    .string({
      required_error: "is required: the deployment's name, as confirmation",
    })
    .min(1, "is required: the deployment's name, as confirmation"),
});

/** @public */
export type DeleteDeploymentQuery = z.input<typeof deleteDeploymentQuerySchema>;
