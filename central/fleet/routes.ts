// The fleet's HTTP surface on central:
//   - the calling system's API (in the OpenAPI contract): called / served / no-show events;
//   - the hall-wide queue for kiosks (in the contract): waiting counts per line;
//   - the console for the hall director and the city, and the reference window page (HTML + JSON,
//     behind a console or caller credential).
// Every answer is computed from the store on each request: no instance keeps state of its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CentralStore } from '../store/types.ts';
import { hashToken, type FleetCredential, type FleetStore } from './fleet-store.ts';
import { figuresCsv, hallFigures } from './figures.ts';
import { defaultFollowUpPolicy, followUps, reminderCsv, type FollowUpPolicy } from './followups.ts';
import { addDays } from './followups.ts';
import { hallDate, type CallAction, type FleetRecord } from './model.ts';
import { businessDayOfCall, currentBusinessDay, hallQueueState, nextToCall } from './queue-state.ts';
import { fleetOverview } from './overview.ts';

export interface FleetRouteOptions {
  store: CentralStore;
  fleet: FleetStore;
  authenticateKiosk: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  schemaOf: (operationId: 'reportCall' | 'getHallQueue') => Record<string, unknown>;
  now: () => Date;
  policy?: FollowUpPolicy;
}

declare module 'fastify' {
  interface FastifyRequest {
    fleetCredential?: FleetCredential;
  }
}

const pagesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');
const pageTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** The pages run only their own files: no inline script, nothing from elsewhere. */
const pageCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export async function registerFleetRoutes(app: FastifyInstance, options: FleetRouteOptions): Promise<void> {
  const { store, fleet, now } = options;
  const policy = options.policy ?? defaultFollowUpPolicy;

  const records = async (): Promise<FleetRecord[]> => {
    const out: FleetRecord[] = [];
    // A record counts for the hall its kiosk was in when it sent it.
    for (const event of await store.events()) {
      const hallId = event.hallId;
      if (!hallId) continue;
      out.push({
        kioskId: event.kioskId,
        hallId,
        type: event.type,
        occurredAt: event.occurredAt,
        payload: event.payload,
        personal: event.personal,
      });
    }
    return out;
  };

  /** A hall's tickets of the last day and a half, personal fields left sealed: enough for today's
   *  queue (the business day turns at the hall's reset hour), without reading the whole history
   *  on every kiosk's poll. */
  const recentTickets = async (hallId: string): Promise<FleetRecord[]> => {
    const since = new Date(now().getTime() - 36 * 3_600_000).toISOString();
    return (await store.events({ hallId, type: 'ticket', occurredSince: since, withPersonal: false })).map(
      (event) => ({
        kioskId: event.kioskId,
        hallId,
        type: event.type,
        occurredAt: event.occurredAt,
        payload: event.payload,
        personal: null,
      }),
    );
  };
  const hallQueueNow = async (hallId: string) => {
    const tickets = await recentTickets(hallId);
    const day = currentBusinessDay(tickets, hallDate(now().toISOString()));
    return hallQueueState(hallId, day, tickets, await fleet.calls(hallId, day, day));
  };

  const requireFleet =
    (role: FleetCredential['role']) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer fleet\.([A-Za-z0-9_-]{20,100})$/.exec(header);
      const credential = match ? await fleet.credential(hashToken(match[1]!)) : null;
      if (!credential || credential.role !== role)
        return reply.code(401).send({ error: 'unauthorized', message: 'Sign in with a valid credential.' });
      request.fleetCredential = credential;
    };
  /** A hall credential sees its own hall; a city credential names the hall it wants (or all). */
  const hallScope = (request: FastifyRequest, asked: string | undefined): string | null | 'forbidden' => {
    const own = request.fleetCredential!.hallId;
    if (own === null) return asked && asked !== '' ? asked : null;
    if (asked && asked !== own) return 'forbidden';
    return own;
  };
  const forbidden = (reply: FastifyReply) =>
    reply.code(403).send({ error: 'forbidden', message: 'This credential is for another hall.' });

  // The calling system: one event per call, repeated events count once.
  app.route({
    method: 'POST',
    url: '/v1/calls',
    schema: options.schemaOf('reportCall') as never,
    onRequest: requireFleet('caller'),
    handler: async (request, reply) => {
      const body = request.body as {
        number: string;
        line: string;
        action: CallAction;
        window: string;
        at?: string;
      };
      const at = body.at ?? now().toISOString();
      const hallId = request.fleetCredential!.hallId!;
      await fleet.addCall({
        hallId,
        businessDay: businessDayOfCall(await recentTickets(hallId), body.number, hallDate(at)),
        number: body.number,
        line: body.line,
        action: body.action,
        window: body.window,
        at,
      });
      return reply.code(202).send({ accepted: true });
    },
  });

  // Kiosks: the hall-wide waiting counts, for "people ahead" on the ticket.
  app.route({
    method: 'GET',
    url: '/v1/hall/queue',
    schema: options.schemaOf('getHallQueue') as never,
    onRequest: options.authenticateKiosk,
    handler: async (request, reply) => {
      const hallId = request.hallId;
      if (!hallId)
        return reply.code(403).send({ error: 'forbidden', message: 'This kiosk is not enrolled in a hall.' });
      const state = await hallQueueNow(hallId);
      return {
        businessDay: state.businessDay,
        asOf: now().toISOString(),
        lines: state.lines.map((line) => ({
          line: line.line,
          waiting: line.waiting,
          lastCalled: line.lastCalled,
          waitingByPriority: line.waitingByPriority,
        })),
      };
    },
  });

  // The reference window page's data: the queue of its hall and the next number per line.
  app.get('/window/api/queue', { onRequest: requireFleet('caller') }, async (request) => {
    const hallId = request.fleetCredential!.hallId!;
    const state = await hallQueueNow(hallId);
    return {
      hallId,
      businessDay: state.businessDay,
      lines: state.lines.map((line) => ({ ...line, next: nextToCall(state, line.line)?.number ?? null })),
    };
  });

  app.get('/console/api/overview', { onRequest: requireFleet('console') }, async (request, reply) => {
    const scope = hallScope(request, (request.query as { hall?: string }).hall);
    if (scope === 'forbidden') return forbidden(reply);
    return fleetOverview(await store.listKiosks(), await records(), scope, now());
  });

  const figuresFor = async (request: FastifyRequest) => {
    const query = request.query as { hall?: string; by?: string; days?: string };
    const scope = hallScope(request, query.hall);
    if (scope === 'forbidden') return 'forbidden' as const;
    const days = Math.min(Math.max(Number(query.days ?? 28) || 28, 1), 366);
    const today = hallDate(now().toISOString());
    const from = addDays(today, -(days - 1));
    const inScope = (await records()).filter(
      (record) => (scope === null || record.hallId === scope) && hallDate(record.occurredAt) >= from,
    );
    const calls = await fleet.calls(scope, from, today);
    return hallFigures(inScope, calls, { by: query.by === 'week' ? 'week' : 'day' });
  };
  app.get('/console/api/figures', { onRequest: requireFleet('console') }, async (request, reply) => {
    const figures = await figuresFor(request);
    return figures === 'forbidden' ? forbidden(reply) : { figures };
  });
  app.get('/console/api/figures.csv', { onRequest: requireFleet('console') }, async (request, reply) => {
    const figures = await figuresFor(request);
    if (figures === 'forbidden') return forbidden(reply);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="hall-figures.csv"')
      .send(`\uFEFF${figuresCsv(figures)}`);
  });

  const followUpsFor = async (request: FastifyRequest) => {
    const scope = hallScope(request, (request.query as { hall?: string }).hall);
    if (scope === 'forbidden') return 'forbidden' as const;
    const list = followUps(await records(), await fleet.closures(), now(), policy);
    return list.filter((entry) => scope === null || entry.hallId === scope);
  };
  app.get('/console/api/followups', { onRequest: requireFleet('console') }, async (request, reply) => {
    const list = await followUpsFor(request);
    return list === 'forbidden' ? forbidden(reply) : { followUps: list, policy };
  });
  app.get('/console/api/reminders.csv', { onRequest: requireFleet('console') }, async (request, reply) => {
    const list = await followUpsFor(request);
    if (list === 'forbidden') return forbidden(reply);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="commitment-reminders.csv"')
      .send(`\uFEFF${reminderCsv(list)}`);
  });
  app.post('/console/api/followups/close', { onRequest: requireFleet('console') }, async (request, reply) => {
    const body = (request.body ?? {}) as { id?: unknown; note?: unknown; received?: unknown };
    const id = typeof body.id === 'string' ? body.id : '';
    const note = typeof body.note === 'string' ? body.note.trim() : '';
    if (!id || id.length > 200 || note.length === 0 || note.length > 500)
      return reply
        .code(400)
        .send({ error: 'bad-request', message: 'A follow-up is closed with a note (1–500 characters).' });
    const list = await followUpsFor(request);
    if (list === 'forbidden') return forbidden(reply);
    const entry = list.find((candidate) => candidate.id === id);
    if (!entry)
      return reply.code(404).send({ error: 'not-found', message: 'No such follow-up in your hall.' });
    const closed = await fleet.closeFollowUp({
      followUpId: id,
      closedAt: now().toISOString(),
      closedBy: request.fleetCredential!.name,
      note,
      received: entry.kind === 'commitment' && body.received === true,
    });
    if (!closed)
      return reply.code(409).send({ error: 'conflict', message: 'This follow-up is closed already.' });
    return { closed: id };
  });

  // The pages themselves: static files, no data until the person signs in.
  const serve = (url: string, file: string) =>
    app.get(url, async (_request, reply) => {
      const body = fs.readFileSync(path.join(pagesDir, file));
      return reply
        .header('content-type', pageTypes[path.extname(file)] ?? 'application/octet-stream')
        .header('content-security-policy', pageCsp)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(body);
    });
  serve('/console', 'console.html');
  serve('/console/console.js', 'console.js');
  serve('/console/console.css', 'console.css');
  serve('/window', 'window.html');
  serve('/window/window.js', 'window.js');
}
