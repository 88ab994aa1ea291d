import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { spec } from './openapi/generated/router';
import {
  createDeploymentRequestSchema,
  deploymentSpecSchema,
  editDeploymentRequestSchema,
  promoteDeploymentRequestSchema,
  rollbackDeploymentRequestSchema,
  scaleDeploymentRequestSchema,
  startDeploymentRequestSchema,
  stopDeploymentRequestSchema,
  updateModelRequestSchema,
  approveRequestSchema,
  rejectRequestSchema,
  withdrawRequestSchema,
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
  PromoteDeploymentRequest: promoteDeploymentRequestSchema,
  RollbackDeploymentRequest: rollbackDeploymentRequestSchema,
  ApproveRequest: approveRequestSchema,
  RejectRequest: rejectRequestSchema,
  WithdrawRequest: withdrawRequestSchema,
};

function generatedComponentSchemas(): Record<string, unknown> {
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

const specPath = path.resolve(__dirname, 'openapi.yaml');

/**
 * Keeps openapi.yaml, the common zod schemas and the generated router in step. Its request schemas are
 * generated from the zod schemas: run with UPDATE_OPENAPI=1 (`yarn generate:openapi`) to rewrite them
 * and regenerate the router after changing a schema.
 */
describe('openapi.yaml', () => {
  it('is the spec the generated router serves', () => {
    const yaml = parseDocument(fs.readFileSync(specPath, 'utf8')).toJS();
    expect(JSON.parse(JSON.stringify(spec))).toEqual(yaml);
  });
});

/**
 * Keeps the request schemas of openapi.yaml equal to the common zod schemas. Run with
 * UPDATE_OPENAPI=1 (`yarn generate:openapi`) to rewrite them after changing a schema.
 */
describe('openapi.yaml request schemas', () => {
  it('are generated from the common zod schemas', () => {
    const document = parseDocument(fs.readFileSync(specPath, 'utf8'));
    const generated = generatedComponentSchemas();
    if (process.env.UPDATE_OPENAPI) {
      for (const [name, schema] of Object.entries(generated)) {
        document.setIn(
          ['components', 'schemas', name],
          document.createNode(schema),
        );
      }
      fs.writeFileSync(specPath, document.toString({ lineWidth: 100 }));
    }
    const committed = document.toJS().components.schemas;
    for (const [name, schema] of Object.entries(generated)) {
      expect({ name, schema: committed[name] }).toEqual({ name, schema });
    }
  });
});
