import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { testKubeConfig } from './testNamespace';

/** A connection to the test cluster's API server that a test can cut and restore. */
export type ApiServerLink = {
  /** A kubeconfig that reaches the API server through the link, as a file and loaded. */
  kubeConfigFile: string;
  kubeConfig: KubeConfig;
  /** The client connections open through the link now. */
  openConnections(): number;
  /** From now on the API server is unreachable: open connections drop, new ones are refused. */
  cut(): Promise<void>;
  /** The API server is reachable again. */
  restore(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts a TCP relay on loopback to the test cluster's API server, for tests of what a client does when
 * the API server goes away and comes back, or of the connections it keeps open: the cluster itself,
 * shared by the test run, stays up. TLS
 * passes through untouched, so the client verifies the real API server's certificate.
 */
export async function startApiServerLink(): Promise<ApiServerLink> {
  const kubeConfig = testKubeConfig();
  const target = new URL(kubeConfig.getCurrentCluster()!.server);
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const relay = net.createServer(client => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(port, '127.0.0.1', () => {
        relay.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (relay.address() as net.AddressInfo).port;

  const linked = new KubeConfig();
  linked.loadFromOptions({
    clusters: kubeConfig.clusters.map(cluster => ({
      ...cluster,
      server: `https://127.0.0.1:${port}`,
    })),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.getCurrentContext(),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-server-link-'));
  const kubeConfigFile = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeConfigFile, linked.exportConfig(), { mode: 0o600 });

  const close = () =>
    new Promise<void>(resolve => {
      relay.close(() => resolve());
      for (const socket of sockets) {
        socket.destroy();
      }
    });
  return {
    kubeConfigFile,
    kubeConfig: linked,
    openConnections: () => clients.size,
    cut: close,
    restore: () => listen(port),
    async stop() {
      if (relay.listening) {
        await close();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
