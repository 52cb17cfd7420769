import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);
    const id = await createMember(app, { name: 'Ada' });
    const response = await postGraphQL(app, '{ members { memberId name } }');
    t.same(response, { statusCode: 200, body: { data: { members: [{ memberId: id, name: 'Ada' }] } } });
  });
}
