import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  listAlertsQuerySchema,
  logsQuerySchema,
  metricsQuerySchema,
} from '@modelops/plugin-model-deployments-common';
import type { MonitoringService } from '../service/MonitoringService';
import type { Router } from 'express';
import { parse, readerCredentials } from './requests';

/** A deployment's metrics, instances, their logs, and its alerts. */
export function addMonitoringRoutes(
  router: Router,
  deps: {
    monitoring: MonitoringService;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  },
): void {
  const { monitoring, httpAuth, auditor } = deps;

  router.get('/deployments/:id/metrics', async (req, res) => {
    const query = parse(metricsQuerySchema, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    const metrics = await monitoring.metrics(req.params.id, query, credentials);
    // Compact even in development, where Backstage indents JSON: an answer is thousands of points,
    // and indenting one number per line made it four times larger and slower to send.
    res.type('json').send(JSON.stringify(metrics));
  });

  router.get('/deployments/:id/instances', async (req, res) => {
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await monitoring.instances(req.params.id, credentials));
  });

  router.get('/deployments/:id/instances/:instance/logs', async (req, res) => {
    // First of all: a client that goes away while the request is checked must still end the stream.
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const query = parse(logsQuerySchema, req.query);
    // Logs may hold request payloads: read by users, under their permission, and audited.
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'deployment-logs-read',
      severityLevel: 'low',
      request: req,
      meta: { deploymentId: req.params.id, instance: req.params.instance },
    });
    try {
      await monitoring.streamLogs(
        req.params.id,
        req.params.instance,
        query,
        credentials,
        {
          out: res,
          signal: closed.signal,
          onOpen: () => {
            res.setHeader('Content-Type', 'text/plain; charset=utf-8');
            // no-transform: the compression middleware would hold followed lines back.
            res.setHeader('Cache-Control', 'no-store, no-transform');
            res.setHeader('X-Content-Type-Options', 'nosniff');
            // A followed log may be quiet for a while: the client learns at once that it is open.
            res.flushHeaders();
          },
        },
      );
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      if (!res.headersSent) {
        throw error;
      }
      // Cut, not ended: a log broken off half-way must not read as a complete one.
      res.destroy(error as Error);
      return;
    }
    res.end();
  });

  router.get('/deployments/:id/alerts', async (req, res) => {
    const query = parse(listAlertsQuerySchema, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await monitoring.alerts(req.params.id, query, credentials));
  });
}
