// Projects in GraphQL: the type, the projects query and setProject. The
// operations live in src/projects/.
import { deps } from '../graphql/context.js';
import { addProject, listProjects } from '../projects/projects.js';
import { builder } from './builder.js';

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
    resolve: (query, _root, _args, ctx) => listProjects(deps(ctx), query),
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
    resolve: (query, _root, { input }, ctx) => addProject(deps(ctx), input, query),
  }),
);
