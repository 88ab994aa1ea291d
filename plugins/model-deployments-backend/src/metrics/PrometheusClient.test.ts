import { createServer, type IncomingMessage, type Server } from 'node:http';
import { MetricQueryError, PrometheusClient } from './PrometheusClient';

/** A stand-in for Prometheus's HTTP API: the ways it answers that a real server seldom does. */
async function standIn(
  answer: (
    request: IncomingMessage,
    body: string,
  ) => {
    status: number;
    body?: string;
  } | null,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', chunk => (body += chunk));
    request.on('end', () => {
      const reply = answer(request, body);
      if (reply) {
        response.writeHead(reply.status).end(reply.body ?? '');
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe('PrometheusClient', () => {
  const servers: Server[] = [];
  const start = async (answer: Parameters<typeof standIn>[0]) => {
    const { url, server } = await standIn(answer);
    servers.push(server);
    return url;
  };
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  const client = (url: string, timeoutSeconds = 5) =>
    new PrometheusClient({
      url,
      headers: { Authorization: 'Bearer t0ken' },
      timeoutSeconds,
    });

  it('posts the query as a form with the headers and its own timeout', async () => {
    let seen: { path?: string; method?: string; auth?: string; form?: string } =
      {};
    const url = await start((request, body) => {
      seen = {
        path: request.url,
        method: request.method,
        auth: request.headers.authorization,
        form: body,
      };
      return {
        status: 200,
        body: JSON.stringify({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        }),
      };
    });
    await expect(
      client(url, 3).queryRange('up', {
        start: new Date(1_700_000_000_500),
        end: new Date(1_700_000_060_500),
        stepSeconds: 15,
      }),
    ).resolves.toEqual([]);
    expect(seen).toEqual({
      path: '/api/v1/query_range',
      method: 'POST',
      auth: 'Bearer t0ken',
      form: 'query=up&start=1700000000.5&end=1700000060.5&step=15&timeout=3',
    });
  });

  it('gives up after the timeout, naming the Prometheus', async () => {
    const url = await start(() => null);
    await expect(client(url, 0.2).query('up', new Date())).rejects.toThrow(
      `Prometheus at ${url} did not answer: no answer within 0.2 s`,
    );
  });

  it('throws on a server error, with Prometheus’s message', async () => {
    const url = await start(() => ({
      status: 503,
      body: JSON.stringify({
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      }),
    }));
    await expect(client(url).query('up', new Date())).rejects.toThrow(
      `Prometheus at ${url} did not answer: HTTP 503: query timed out in expression evaluation`,
    );
  });

  it('throws on an answer that is not Prometheus’s', async () => {
    const url = await start(() => ({
      status: 200,
      body: '<html>login</html>',
    }));
    await expect(client(url).query('up', new Date())).rejects.toThrow(
      `Prometheus at ${url} did not answer: HTTP 200 without a Prometheus query result (is ${url} the Prometheus API?)`,
    );
  });

  it('reports a refused query as the query’s error, not the server’s', async () => {
    const url = await start(() => ({
      status: 422,
      body: JSON.stringify({
        status: 'error',
        errorType: 'execution',
        error: 'found duplicate series for the match group',
      }),
    }));
    const refused = client(url).query('a / on() b', new Date());
    await expect(refused).rejects.toBeInstanceOf(MetricQueryError);
    await expect(refused).rejects.toThrow(
      'found duplicate series for the match group',
    );
  });
});
