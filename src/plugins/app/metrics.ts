// Prometheus metrics (prom-client) on a port of their own, never the public
// one: with ROOT_METRICS_PORT set, server.ts starts a second small listener
// after the API's, serving GET /metrics on ROOT_HOST:ROOT_METRICS_PORT; unset,
// nothing is collected or served. Scrape it from inside the network (a
// Kubernetes pod port that no Service exposes, a firewall rule).
//
// What it counts, all in one place: HTTP requests by route and status;
// GraphQL operations by name; marks accepted and refused by reason; the daily
// task's last success, duration and lag; the database pool; and the
// process's memory, CPU and event loop (prom-client's defaults).
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { getOperationAST } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../../graphql/context.js';
import { markFieldKeys, markOutcomes } from '../../graphql/mark-outcomes.js';

export interface Metrics {
  registry: Registry;
  /** The listener serving /metrics (not listening until listen()). */
  server: FastifyInstance;
  listen(host: string, port: number): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when ROOT_METRICS_PORT is unset. */
    metrics: Metrics | null;
  }
}

/** Operation names are the client's choice: past this many distinct ones, the rest count as `other`. */
const MAX_OPERATION_NAMES = 100;

interface Pending {
  operation: string;
  markKeys: string[];
}

export default fp(
  async (app) => {
    if (app.config.metricsPort === undefined) {
      app.decorate('metrics', null);
      return;
    }
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operations executed, by operation name (anonymous: `(anonymous)`)',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const marks = new Counter({
      name: 'root_attendance_marks_total',
      help: 'Attendance marks received, by outcome (accepted, refused) and reason (ok, or the error code)',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
    const names = new Set<string>();
    const operationLabel = (name: string | undefined): string => {
      if (!name) return '(anonymous)';
      if (names.has(name) || names.size < MAX_OPERATION_NAMES) return (names.add(name), name);
      return 'other';
    };
    // Keyed by the request's reply: a request refused before execution (a
    // bad signature) is counted when its answer is sent.
    const pending = new WeakMap<FastifyReply, Pending>();
    const replyOf = (context: unknown) => (context as { reply?: FastifyReply }).reply;
    app.graphql.addHook('preValidation', (schema, document, context) => {
      const reply = replyOf(context);
      if (!reply) return;
      const operationName = (context as unknown as Context).operationName;
      pending.set(reply, {
        operation: operationLabel(getOperationAST(document, operationName)?.name?.value),
        markKeys: markFieldKeys(schema, document, operationName),
      });
    });
    app.graphql.addHook('onResolution', (execution, context) => {
      const reply = replyOf(context);
      const request = reply && pending.get(reply);
      if (!reply || !request) return;
      pending.delete(reply);
      operationDuration.observe({ operation: request.operation }, reply.elapsedTime / 1000);
      for (const { outcome, reason } of markOutcomes(request.markKeys, execution as never))
        marks.inc({ outcome, reason });
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      const request = pending.get(reply);
      if (!request) return payload;
      pending.delete(reply);
      if (request.markKeys.length && typeof payload === 'string') {
        const result = JSON.parse(payload) as Parameters<typeof markOutcomes>[1];
        for (const { outcome, reason } of markOutcomes(request.markKeys, result)) marks.inc({ outcome, reason });
      }
      return payload;
    });

    const { scheduler, store } = app;
    new Gauge({
      name: 'root_daily_task_last_success_timestamp_seconds',
      help: 'When the last successful daily-task run (catch-up included) ended, in seconds since the epoch',
      registers: [registry],
      collect() {
        if (scheduler.status.lastSuccessAt !== undefined) this.set(scheduler.status.lastSuccessAt / 1000);
      },
    });
    new Gauge({
      name: 'root_daily_task_last_duration_seconds',
      help: 'How long the last successful daily-task run took',
      registers: [registry],
      collect() {
        if (scheduler.status.lastDurationMs !== undefined) this.set(scheduler.status.lastDurationMs / 1000);
      },
    });
    new Gauge({
      name: 'root_daily_task_lag_seconds',
      help: 'Seconds since the last successful daily-task run ended (alert when past a day and its margin)',
      registers: [registry],
      collect() {
        if (scheduler.status.lastSuccessAt !== undefined)
          this.set((Date.now() - scheduler.status.lastSuccessAt) / 1000);
      },
    });
    new Gauge({
      name: 'root_daily_task_failures',
      help: 'Failed daily-task runs since the process started',
      registers: [registry],
      collect() {
        this.set(scheduler.status.failures);
      },
    });
    new Gauge({
      name: 'root_db_pool_connections',
      help: 'Pooled database connections by state (in_use, idle); the embedded store has one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const { total, idle } = store.poolStats();
        this.set({ state: 'in_use' }, total - idle);
        this.set({ state: 'idle' }, idle);
      },
    });
    new Gauge({
      name: 'root_db_pool_waiting',
      help: 'Requests waiting for a pooled database connection',
      registers: [registry],
      collect() {
        this.set(store.poolStats().waiting);
      },
    });

    const server = Fastify({ logger: false });
    server.get('/metrics', async (_request, reply) => {
      void reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
    app.decorate('metrics', {
      registry,
      server,
      listen: async (host: string, port: number) => void (await server.listen({ host, port })),
    });
    app.addHook('onClose', () => server.close());
  },
  { name: 'metrics', dependencies: ['config', 'database', 'scheduler', 'graphql'] },
);
