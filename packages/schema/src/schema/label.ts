import { labelsByIds, labelsOfProject } from '@raftboard/db/queries/projects';
import type { LabelRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';

/** A project's label. */
export const Label = builder.objectRef<LabelRow>('Label');

/** Labels the viewer may read, in `ids` order (null for the rest). */
export async function loadLabels(context: GraphQLContext, ids: readonly string[]) {
  const rows = await labelsByIds(context.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      return row && (await context.access.canRead(row.projectId)) ? row : null;
    }),
  );
}

async function requireLabel(context: GraphQLContext, id: string): Promise<LabelRow> {
  if (context.viewer === null) throw unauthenticated();
  const [label] = await loadLabels(context, [id]);
  if (!label) throw notFound('label not found');
  return label;
}

builder.node(Label, {
  description: 'A label tasks can carry; names are unique within a project.',
  id: { resolve: (label) => label.id },
  authScopes: (label, context) => context.access.canRead(label.projectId),
  loadMany: (ids, context) => loadLabels(context, ids),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Name, 1 to 64 characters, unique within the project.',
    }),
    color: t.exposeString('color', { description: 'Colour as `#rrggbb`, lower-case hex.' }),
    project: t.field({
      type: Project,
      description: 'The project it belongs to.',
      resolve: async (label, _args, context) => {
        const project = await loadProject(context, label.projectId);
        if (!project) throw notFound('project not found');
        return project;
      },
    }),
  }),
});

builder.objectField(Project, 'labels', (t) =>
  t.field({
    type: [Label],
    description: 'The project’s labels, by name.',
    resolve: (project, _args, context) => labelsOfProject(context.db, project.id),
  }),
);

const LabelPayload = payloadType(
  'LabelPayload',
  'label',
  Label,
  'The label after the change.',
  'The label as this node has it right after the change; null after `deleteLabel`.',
);

const labelNameDescription = '1 to 64 characters (trimmed), unique within the project.';
const labelColorDescription = '`#rrggbb`, lower-case hex (`#e5484d`).';

const CreateLabelInput = builder.inputType('CreateLabelInput', {
  description: 'A new label.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    name: t.string({ required: true, description: labelNameDescription }),
    color: t.string({ required: true, description: labelColorDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const UpdateLabelInput = builder.inputType('UpdateLabelInput', {
  description: 'Changes to a label: give name, color or both.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Label, description: 'The label.' }),
    name: t.string({ required: false, description: `New name, ${labelNameDescription}` }),
    color: t.string({ required: false, description: `New colour, ${labelColorDescription}` }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('createLabel', (t) =>
  t.field({
    type: LabelPayload,
    description: [
      'Creates a label in a project. Members and up; CONFLICT when the name is taken,',
      'BAD_USER_INPUT for a malformed colour.',
    ].join(' '),
    args: { input: t.arg({ type: CreateLabelInput, required: true, description: 'The label.' }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'member');
      const committed = await propose(context, {
        type: 'label.create',
        payload: { labelId: context.newId(), projectId, name: input.name, color: input.color },
        requestId: input.requestId,
      });
      const [label] = await loadLabels(context, [committed.id('labelId')]);
      return { index: committed.index, entity: label ?? null };
    },
  }),
);

builder.mutationField('updateLabel', (t) =>
  t.field({
    type: LabelPayload,
    description: [
      'Renames or recolours a label. Members and up; CONFLICT when the name is taken,',
      'BAD_USER_INPUT when nothing is given.',
    ].join(' '),
    args: {
      input: t.arg({ type: UpdateLabelInput, required: true, description: 'The changes.' }),
    },
    resolve: async (_root, { input }, context) => {
      const label = await requireLabel(context, input.id.id);
      await context.access.require(label.projectId, 'member');
      const changes = {
        ...(input.name == null ? {} : { name: input.name }),
        ...(input.color == null ? {} : { color: input.color }),
      };
      if (Object.keys(changes).length === 0) throw invalidInput('nothing to update');
      const committed = await propose(context, {
        type: 'label.update',
        payload: { labelId: label.id, ...changes },
        requestId: input.requestId,
      });
      const [updated] = await loadLabels(context, [label.id]);
      return { index: committed.index, entity: updated ?? null };
    },
  }),
);

builder.mutationField('deleteLabel', (t) =>
  t.field({
    type: LabelPayload,
    description: 'Deletes a label and takes it off every task. Members and up.',
    args: {
      id: t.arg.globalID({ required: true, for: Label, description: 'The label.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const committed = await once(context, args.requestId, async () => {
        const label = await requireLabel(context, args.id.id);
        await context.access.require(label.projectId, 'member');
        return propose(context, {
          type: 'label.delete',
          payload: { labelId: label.id },
          requestId: args.requestId,
        });
      });
      return { index: committed.index, entity: null };
    },
  }),
);
