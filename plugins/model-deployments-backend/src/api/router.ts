import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { retryAfterHeader } from '../lib/errors';
import { createOpenApiRouter } from '../schema/openapi';
import type { ApprovalService } from '../service/ApprovalService';
import type { DeploymentQueries } from '../service/DeploymentQueries';
import type { DeploymentService } from '../service/DeploymentService';
import type { MonitoringService } from '../service/MonitoringService';
import { addApprovalRoutes } from './approvalRoutes';
import { addDeploymentRoutes } from './deploymentRoutes';
import { addMonitoringRoutes } from './monitoringRoutes';

/**
 * The REST API, on the router generated from `src/schema/openapi.yaml` (which also serves the spec at
 * `/openapi.json`). Bodies and queries are validated by the common zod schemas, from which the OpenAPI
 * request schemas are generated, so every 400 has the same shape. The handlers are typed by the common
 * types rather than the generated models, which lose `null` in OpenAPI 3.1 type arrays; tests turn on
 * response validation instead, so every response is checked against the spec.
 */
export async function createRouter(options: {
  commands: DeploymentService;
  queries: DeploymentQueries;
  approvals: ApprovalService;
  monitoring: MonitoringService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const router = await createOpenApiRouter({
    validatorOptions: {
      validateRequests: false,
      validateResponses: options.validateResponses ?? false,
    },
    // Parsed before any validation: an edit is a JSON merge patch (RFC 7396), not application/json.
    middleware: [
      express.json({
        type: ['application/json', 'application/merge-patch+json'],
      }),
    ],
  });
  addDeploymentRoutes(router, options);
  addApprovalRoutes(router, options);
  addMonitoringRoutes(router, options);
  // Errors go on to Backstage's error handler, which writes the status and body; a 429 needs its header.
  router.use(retryAfterHeader);
  return router;
}
