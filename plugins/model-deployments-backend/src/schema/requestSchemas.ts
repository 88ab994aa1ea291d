import { zodToJsonSchema } from 'zod-to-json-schema';
import {
  createDeploymentRequestSchema,
  deploymentSpecSchema,
  editDeploymentRequestSchema,
  rollbackDeploymentRequestSchema,
  scaleDeploymentRequestSchema,
  startDeploymentRequestSchema,
  stopDeploymentRequestSchema,
  updateModelRequestSchema,
} from '@modelops/plugin-model-deployments-common';

/**
 * The OpenAPI component schemas that are generated from the common zod schemas, so the spec cannot
 * state a field's rules differently from the code that enforces them.
 */
const generatedFrom = {
  DeploymentSpec: deploymentSpecSchema,
  CreateDeploymentRequest: createDeploymentRequestSchema,
  EditDeploymentRequest: editDeploymentRequestSchema,
  ScaleDeploymentRequest: scaleDeploymentRequestSchema,
  StopDeploymentRequest: stopDeploymentRequestSchema,
  StartDeploymentRequest: startDeploymentRequestSchema,
  UpdateModelRequest: updateModelRequestSchema,
  RollbackDeploymentRequest: rollbackDeploymentRequestSchema,
};

export function generatedComponentSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(generatedFrom).map(([name, schema]) => {
      const { $schema, ...jsonSchema } = zodToJsonSchema(schema, {
        $refStrategy: 'none',
        target: 'jsonSchema2019-09',
      }) as Record<string, unknown>;
      return [name, jsonSchema];
    }),
  );
}
