// Projects in GraphQL: the type, the projects query and setProject. The
// operations live in src/projects/.
import { deps } from '../graphql/context.js';
import { addProject, listProjects } from '../projects/projects.js';
import { builder } from './builder.js';
import { projectWrite, publicRead } from './auth-scopes.js';

export const ProjectRef = builder.prismaObject('Project', {
  fields: (t) => ({
    projectId: t.exposeInt('id', { authScopes: publicRead }),
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    // Nullable in the contract (the earlier column was); never null here.
    title: t.exposeString('title', { nullable: true, authScopes: publicRead }),
  }),
});

builder.queryField('projects', (t) =>
  t.prismaField({
    type: [ProjectRef],
    authScopes: publicRead,
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
    authScopes: projectWrite,
    description: 'Adds a project to a member and returns it.',
    args: { input: t.arg({ type: SetProjectInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => addProject(deps(ctx), input, query),
  }),
);
