import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  approveRequestSchema,
  listApprovalsQuerySchema,
  rejectRequestSchema,
  withdrawRequestSchema,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalService } from '../service/ApprovalService';
import type { Router } from 'express';
import { audited, parse, readerCredentials } from './requests';

/** The changes that wait for an approver, and the decisions on them. */
export function addApprovalRoutes(
  router: Router,
  deps: {
    approvals: ApprovalService;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  },
): void {
  const { approvals, httpAuth, auditor } = deps;

  router.get('/approvals', async (req, res) => {
    const query = parse(listApprovalsQuerySchema, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await approvals.list(query, credentials));
  });

  router.get('/approvals/:id', async (req, res) => {
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await approvals.get(req.params.id, credentials));
  });

  // Only users decide: a service's own credentials are nobody's four eyes.
  router.post('/approvals/:id/approve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(approveRequestSchema, req.body ?? {});
    res.json(
      await audited(
        auditor,
        req,
        'approve',
        () => approvals.approve(req.params.id, body, credentials),
        'approval',
      ),
    );
  });

  router.post('/approvals/:id/reject', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(rejectRequestSchema, req.body ?? {});
    res.json(
      await audited(
        auditor,
        req,
        'reject',
        () => approvals.reject(req.params.id, body, credentials),
        'approval',
      ),
    );
  });

  router.post('/approvals/:id/withdraw', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(withdrawRequestSchema, req.body ?? {});
    res.json(
      await audited(
        auditor,
        req,
        'withdraw',
        () => approvals.withdraw(req.params.id, body, credentials),
        'approval',
      ),
    );
  });
}
