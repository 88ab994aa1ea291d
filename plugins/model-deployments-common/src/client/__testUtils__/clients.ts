import { ModelDeploymentsClient } from '../ModelDeploymentsClient';

export const discoveryApi = {
  getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
};

/** A client whose fetch answers `answer(url)` to each request, recording each request. */
export function clientAnsweringEach(
  answer: (url: string) => { status: number; body: unknown },
) {
  const urls: string[] = [];
  const requests: { method?: string; url: string; body?: unknown }[] = [];
  const headers: Record<string, string>[] = [];
  const client = new ModelDeploymentsClient({
    discoveryApi,
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        urls.push(url);
        requests.push({
          method: init?.method,
          url,
          body: init?.body && JSON.parse(String(init.body)),
        });
        headers.push(Object.fromEntries(new Headers(init?.headers)));
        const { status, body } = answer(url);
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, urls, requests, headers };
}

export function clientAnswering(status: number, body: unknown) {
  return clientAnsweringEach(() => ({ status, body }));
}

/** A client whose fetch answers a log request with `chunks` as a streamed body, recording each request. */
export function clientStreaming(chunks: Uint8Array[]) {
  const requests: { url: string; signal?: AbortSignal | null }[] = [];
  const authorizations: (string | null)[] = [];
  let cancelled = false;
  const client = new ModelDeploymentsClient({
    discoveryApi,
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        requests.push({ url, signal: init?.signal });
        authorizations.push(new Headers(init?.headers).get('authorization'));
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent < chunks.length) {
              controller.enqueue(chunks[sent++]);
            } else {
              controller.close();
            }
          },
          cancel() {
            cancelled = true;
          },
        });
        return new Response(body, {
          status: 200,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
      }) as typeof fetch,
    },
  });
  return {
    client,
    requests,
    authorizations,
    wasCancelled: () => cancelled,
  };
}

export async function collect(
  chunks: AsyncIterable<string>,
): Promise<string[]> {
  const texts: string[] = [];
  for await (const text of chunks) {
    texts.push(text);
  }
  return texts;
}
