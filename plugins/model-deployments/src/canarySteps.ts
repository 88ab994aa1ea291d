import {
  canaryOptionsSchema,
  type CanaryStep,
  type DeploymentOperation,
} from '@modelops/plugin-model-deployments-common';

/**
 * The steps a canary update runs, as the runtime reads them: those its request named, else the schema's
 * default steps; none when the parameters are not a canary's.
 */
export function canaryStepsOf(operation: DeploymentOperation): CanaryStep[] {
  const parsed = canaryOptionsSchema.safeParse(
    operation.parameters.canary ?? {},
  );
  return parsed.success ? parsed.data.steps : [];
}
