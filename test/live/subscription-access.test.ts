// Subscriptions obey the same access rules as queries: the caller is resolved
// from the upgrade request's Authorization header when the connection opens,
// the operation is checked when it starts, and each event's fields are
// checked again by scope-auth.
import { createClient } from 'graphql-ws';
import t from 'tap';
import WebSocket from 'ws';
import { systemClock } from '../../src/calendar/clock.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertMember } from '../helpers/rows.js';
import { listenOn, subscribe } from '../helpers/subscriptions.js';

const NAMES = 'subscription { attendanceMarked { memberId member { name } } }';
const EMAILS = 'subscription { attendanceMarked { memberId member { email } } }';

/** A graphql-ws client whose upgrade request carries `headers` (as Node clients and proxies can). */
function connectWith(url: string, headers: Record<string, string> = {}) {
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({ url, webSocketImpl: WithHeaders, retryAttempts: 0, lazy: true });
}

for (const kind of storeKinds) {
  void t.test(`access rules on subscribe and on each event (${kind})`, async (t) => {
    const { app, config } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'public' });
    const url = await listenOn(app);
    const deps = { prisma: app.prisma, clock: systemClock, timeZone: config.timeZone };

    // Anonymous under `public`: names yes, e-mail addresses no.
    const personal = subscribe(connectWith(url), EMAILS);
    t.teardown(() => personal.close());
    const refused = (await personal.ended) as { error: { message: string; extensions?: { code?: string } }[] };
    t.match(refused, { error: [{ extensions: { code: 'UNAUTHENTICATED' } }] }, 'personal data needs a key');

    const reader = await createApiKey(deps, { name: 'reader', scopes: ['read:public'] });
    const forbidden = subscribe(connectWith(url, { authorization: `Bearer ${reader.key}` }), EMAILS);
    t.teardown(() => forbidden.close());
    t.match(await forbidden.ended, { error: [{ extensions: { code: 'FORBIDDEN' } }] }, 'a key without the scope');

    const badKey = subscribe(connectWith(url, { authorization: 'Bearer root_not-a-key' }), NAMES);
    t.teardown(() => badKey.close());
    t.match(await badKey.ended, { error: [{ extensions: { code: 'UNAUTHENTICATED' } }] }, 'a bad key is no key');

    const bot = await createApiKey(deps, { name: 'bot', scopes: ['read:public', 'read:personal'] });
    const names = subscribe(connectWith(url), NAMES);
    const emails = subscribe(connectWith(url, { authorization: `Bearer ${bot.key}` }), EMAILS);
    t.teardown(() => names.close());
    t.teardown(() => emails.close());
    const { memberId } = await insertMember(app, 990_001, { name: 'Ada', email: 'ada.live@club.example' });
    const today = clubToday(config.timeZone);
    // Subscribing is asynchronous: mark until both have seen an event.
    for (
      let attempt = 0;
      attempt < 50 && (names.buffered().length === 0 || emails.buffered().length === 0);
      attempt++
    ) {
      await postGraphQL(
        app,
        `mutation { markAttendance(input: { memberId: ${memberId}, date: "${today}", hmacSignature: "${sign(memberId, today)}" }) { isPresent } }`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    t.same(await names.next(), { data: { attendanceMarked: { memberId, member: { name: 'Ada' } } } });
    t.same(await emails.next(), {
      data: { attendanceMarked: { memberId, member: { email: 'ada.live@club.example' } } },
    });
  });
}
