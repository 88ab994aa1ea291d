import { ResponseError } from '@backstage/errors';
import {
  clientAnswering,
  clientStreaming,
  collect,
} from './__testUtils__/clients';

describe('ModelDeploymentsClient.streamLogs', () => {
  it('streams a log as text, whole characters even when a chunk splits one', async () => {
    const bytes = new TextEncoder().encode('loaded modèle\nready\n');
    const split = bytes.indexOf(0xc3) + 1;
    const { client, requests } = clientStreaming([
      bytes.slice(0, split),
      bytes.slice(split),
    ]);
    const abort = new AbortController();
    const texts = await collect(
      client.streamLogs(
        'd/1',
        'bert-7f9c/x',
        { container: 'model-server', tailLines: 100, follow: true },
        abort.signal,
      ),
    );
    expect(texts).toEqual(['loaded mod', 'èle\nready\n']);
    expect(requests).toEqual([
      {
        url: 'http://backstage.test/api/model-deployments/deployments/d%2F1/instances/bert-7f9c%2Fx/logs?container=model-server&tailLines=100&follow=true',
        signal: abort.signal,
      },
    ]);
  });

  it('closes the log stream when its reader stops early', async () => {
    const encoder = new TextEncoder();
    const { client, wasCancelled } = clientStreaming([
      encoder.encode('one\n'),
      encoder.encode('two\n'),
    ]);
    for await (const text of client.streamLogs(
      'd1',
      'pod-1',
      {},
      new AbortController().signal,
    )) {
      expect(text).toBe('one\n');
      break;
    }
    expect(wasCancelled()).toBe(true);
  });

  it("throws the backend's refusal of a log, with its message", async () => {
    const { client } = clientAnswering(503, {
      error: {
        name: 'ServiceUnavailableError',
        message: 'The cluster of production cannot be reached',
      },
      response: { statusCode: 503 },
    });
    const error = await collect(
      client.streamLogs('d1', 'pod-1', {}, new AbortController().signal),
    ).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(
      'The cluster of production cannot be reached',
    );
  });

  it('streams a log with the token it is given', async () => {
    const { client, authorizations } = clientStreaming([
      new TextEncoder().encode('ready\n'),
    ]);
    const signal = new AbortController().signal;
    await collect(client.streamLogs('d1', 'pod-1', {}, signal));
    await collect(client.streamLogs('d1', 'pod-1', {}, signal, { token: 't' }));
    expect(authorizations).toEqual([null, 'Bearer t']);
  });
});
