// Projects: setProject returns what it stored (the earlier server always
// failed: wrong column), Member.projects lists them (it was always empty),
// the projects query orders by id, and refusals write nothing.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertProject, uniqueGroupId } from '../helpers/rows.js';

const SET = 'mutation ($input: SetProjectInput!) { setProject(input: $input) { projectId memberId title } }';
const SET_COLUMN = SET.indexOf('setProject(') + 1;

function setProject(app: FastifyInstance, memberId: number, title: string) {
  return postGraphQL(app, SET, { variables: { input: { memberId, title } } });
}

async function newProjectId(app: FastifyInstance, memberId: number, title: string): Promise<number> {
  const response = await setProject(app, memberId, title);
  if (!response.body.data) throw new Error(JSON.stringify(response.body));
  return response.body.data.setProject.projectId as number;
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test('setProject stores the project and returns it (earlier defect: always failed)', async (t) => {
      const memberId = await createMember(app);
      const response = await setProject(app, memberId, '  Attendance scanner  ');
      const stored = await app.prisma.project.findMany({ where: { memberId } });
      t.equal(stored.length, 1);
      t.same(response, {
        statusCode: 200,
        body: { data: { setProject: { projectId: stored[0]!.id, memberId, title: 'Attendance scanner' } } },
      });
      t.same(stored, [{ id: stored[0]!.id, memberId, title: 'Attendance scanner' }]);

      const inline = await postGraphQL(
        app,
        `mutation { a0: setProject(input: {memberId: ${memberId}, title: "Discord bot"}) { projectId memberId title } }`,
      );
      const second = await app.prisma.project.findFirstOrThrow({ where: { memberId, title: 'Discord bot' } });
      t.same(inline, {
        statusCode: 200,
        body: { data: { a0: { projectId: second.id, memberId, title: 'Discord bot' } } },
      });
    });

    void t.test('Member.projects lists the member projects by id (earlier defect: always empty)', async (t) => {
      const groupId = uniqueGroupId();
      const ada = await createMember(app, { groupId });
      const bob = await createMember(app, { groupId });
      const carol = await createMember(app, { groupId });
      const ids = {
        adaFirst: await newProjectId(app, ada, 'Analytical engine'),
        bob: await newProjectId(app, bob, 'Club website'),
        adaSecond: await newProjectId(app, ada, 'Notes on the engine'),
      };
      t.same(
        await postGraphQL(app, `{ members(groupId: ${groupId}) { memberId projects { projectId memberId title } } }`),
        {
          statusCode: 200,
          body: {
            data: {
              members: [
                {
                  memberId: ada,
                  projects: [
                    { projectId: ids.adaFirst, memberId: ada, title: 'Analytical engine' },
                    { projectId: ids.adaSecond, memberId: ada, title: 'Notes on the engine' },
                  ],
                },
                { memberId: bob, projects: [{ projectId: ids.bob, memberId: bob, title: 'Club website' }] },
                { memberId: carol, projects: [] },
              ],
            },
          },
        },
      );
    });

    void t.test('a blank title is refused with BAD_USER_INPUT and writes nothing', async (t) => {
      const memberId = await createMember(app);
      for (const title of ['', '   ', '\t\n']) {
        t.same(
          await setProject(app, memberId, title),
          {
            statusCode: 200,
            body: {
              data: null,
              errors: [
                {
                  message: 'Project title must not be empty',
                  locations: [{ line: 1, column: SET_COLUMN }],
                  path: ['setProject'],
                  extensions: { field: 'title', code: 'BAD_USER_INPUT' },
                },
              ],
            },
          },
          JSON.stringify(title),
        );
      }
      t.equal(await app.prisma.project.count({ where: { memberId } }), 0);
    });

    void t.test('an unknown member is refused with MEMBER_NOT_FOUND and nothing is written', async (t) => {
      const before = await app.prisma.project.findMany({ orderBy: { id: 'asc' } });
      t.same(await setProject(app, 999_999, 'Ghost project'), {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'No member has id 999999',
              locations: [{ line: 1, column: SET_COLUMN }],
              path: ['setProject'],
              extensions: { code: 'MEMBER_NOT_FOUND', memberId: 999_999 },
            },
          ],
        },
      });
      t.same(await app.prisma.project.findMany({ orderBy: { id: 'asc' } }), before);
    });

    void t.test('a missing title is refused by validation', async (t) => {
      const memberId = await createMember(app);
      t.same(await postGraphQL(app, `mutation { setProject(input: {memberId: ${memberId}}) { projectId } }`), {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'Field "SetProjectInput.title" of required type "String!" was not provided.',
              locations: [{ line: 1, column: 30 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      });
      t.equal(await app.prisma.project.count({ where: { memberId } }), 0);
    });

    void t.test('projects lists every project by id', async (t) => {
      // A database of its own: the list is then exactly these projects.
      const { app } = await buildTestApp(t, kind);
      t.same(await postGraphQL(app, '{ projects { projectId memberId title } }'), {
        statusCode: 200,
        body: { data: { projects: [] } },
      });
      const ada = await createMember(app);
      const bob = await createMember(app);
      const made = [
        [bob, 'Bob one'],
        [ada, 'Ada one'],
        [bob, 'Bob two'],
        [ada, 'Ada two'],
      ] as const;
      const ids: number[] = [];
      for (const [memberId, title] of made) ids.push(await newProjectId(app, memberId, title));
      // Rows another writer left, inserted out of id order.
      for (const [id, title] of [
        [300, 'Imported C'],
        [100, 'Imported A'],
        [200, 'Imported B'],
      ] as const) {
        await insertProject(app, id, ada, title);
      }
      t.same(await postGraphQL(app, '{ projects { projectId memberId title } }'), {
        statusCode: 200,
        body: {
          data: {
            projects: [
              ...made.map(([memberId, title], index) => ({ projectId: ids[index], memberId, title })),
              { projectId: 100, memberId: ada, title: 'Imported A' },
              { projectId: 200, memberId: ada, title: 'Imported B' },
              { projectId: 300, memberId: ada, title: 'Imported C' },
            ],
          },
        },
      });
      t.same(ids, [1, 2, 3, 4]);
    });
  });
}
