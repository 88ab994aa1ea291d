import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** scripts/prometheus.sh of the repository, which knows where the binary is and how to install it. */
const PROMETHEUS_SCRIPT = path.resolve(
  __dirname,
  '../../../../scripts/prometheus.sh',
);

/** A Prometheus server of one test, with its own config and storage. */
export type TestPrometheus = {
  /** The base URL of its HTTP API, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Polls an instant query until it returns at least one series: until enough has been scraped. */
  waitForSamples(query: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
};

async function prometheusBinary(): Promise<string> {
  try {
    const { stdout } = await run(PROMETHEUS_SCRIPT, ['path']);
    return stdout.trim();
  } catch (error) {
    throw new Error(
      `The metrics tests need a real Prometheus server and found none: run scripts/prometheus.sh install (as root).\n${
        (error as { stderr?: string }).stderr ?? String(error)
      }`,
    );
  }
}

/** A loopback port that nothing listens on (until something takes it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Starts Prometheus on loopback, scraping `scrapeTargets` (`host:port`, path `/metrics`). The targets'
 * own labels are kept (`honor_labels`), as they would be for the namespace and pod labels that
 * kube-state-metrics, cAdvisor or an OpenTelemetry collector write.
 */
export async function startPrometheus(options: {
  scrapeTargets: string[];
  scrapeIntervalSeconds?: number;
}): Promise<TestPrometheus> {
  const binary = await prometheusBinary();
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'modelops-prometheus-'));
  // JSON is YAML, so the config needs no YAML writer.
  await writeFile(
    path.join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: interval, scrape_timeout: interval },
      scrape_configs: [
        {
          job_name: 'test-exporter',
          honor_labels: true,
          static_configs: [{ targets: options.scrapeTargets }],
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const server = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr.on('data', chunk => {
    log = (log + chunk).slice(-20_000);
  });
  const exited = new Promise<void>(resolve => server.once('exit', resolve));
  // A test run that dies before stop() leaves no server behind.
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const readyBy = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(
        `Prometheus exited with code ${server.exitCode} before it was ready:\n${log}`,
      );
    }
    const ready = await fetch(`${url}/-/ready`).then(
      response => response.ok,
      () => false,
    );
    if (ready) {
      break;
    }
    if (Date.now() > readyBy) {
      await stop();
      throw new Error(`Prometheus was not ready after 30 s:\n${log}`);
    }
    await sleep(100);
  }

  return {
    url,
    stop,
    async waitForSamples(query, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        const response = await fetch(
          `${url}/api/v1/query?${new URLSearchParams({ query })}`,
        );
        last = await response.text();
        if (response.ok && JSON.parse(last).data.result.length > 0) {
          return;
        }
        await sleep(250);
      }
      throw new Error(
        `Prometheus had no result for ${query} after ${timeoutMs} ms; its last answer: ${last}\nIts log:\n${log}`,
      );
    },
  };
}
