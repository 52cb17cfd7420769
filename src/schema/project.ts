// Projects: the type, the projects query and setProject.
import { builder } from './builder.js';
import { db } from './context.js';
import { badInput, explainDatabaseError } from './errors.js';

export const ProjectRef = builder.prismaObject('Project', {
  fields: (t) => ({
    projectId: t.exposeInt('id'),
    memberId: t.exposeInt('memberId'),
    // Nullable in the contract (the earlier column was); never null here.
    title: t.exposeString('title', { nullable: true }),
  }),
});

builder.queryField('projects', (t) =>
  t.prismaField({
    type: [ProjectRef],
    description: 'Every project, by id.',
    resolve: (query, _root, _args, ctx) => db(ctx).project.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
);

const SetProjectInput = builder.inputType('SetProjectInput', {
  fields: (t) => ({
    memberId: t.int({ required: true }),
    title: t.string({ required: true }),
  }),
});

builder.mutationField('setProject', (t) =>
  t.prismaField({
    type: ProjectRef,
    description: 'Adds a project to a member and returns it.',
    args: { input: t.arg({ type: SetProjectInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const title = input.title.trim();
      if (!title) throw badInput('Project title must not be empty', 'title');
      return db(ctx)
        .project.create({ ...query, data: { memberId: input.memberId, title } })
        .catch((error: unknown) => explainDatabaseError(error, { memberId: input.memberId }));
    },
  }),
);
