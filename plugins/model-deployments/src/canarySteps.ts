import {
  canaryOptionsSchema,
  type CanaryStep,
} from '@modelops/plugin-model-deployments-common';

/**
 * The steps a canary update runs, as the runtime reads them from the update's parameters (those of its
 * operation, or of its request waiting for approval): those the request named, else the schema's
 * default steps; none when the parameters are not a canary's.
 */
export function canaryStepsOf(
  parameters: Record<string, unknown>,
): CanaryStep[] {
  const parsed = canaryOptionsSchema.safeParse(parameters.canary ?? {});
  return parsed.success ? parsed.data.steps : [];
}
