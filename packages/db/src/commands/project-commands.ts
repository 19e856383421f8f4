import { z } from 'zod';
import { projectRoles } from '../schema/projects.ts';
import { statusCategories } from '../schema/statuses.ts';
import { commandSchema, entityId, instantMs, position, shortName, tokenHash } from './fields.ts';

/** Bound on the statuses a project is created with or reorders at once. */
export const projectStatusesMax = 50;
/** Bound on the event kinds one webhook subscribes to. */
export const webhookEventTypesMax = 50;

const webhookUrl = z.url({ protocol: /^https?$/ }).max(2048);
const webhookSecret = z.string().min(16).max(255);
const webhookEventTypes = z
  .array(z.string().regex(/^(\*|[a-zA-Z]+\.[a-zA-Z]+)$/))
  .min(1)
  .max(webhookEventTypesMax);

const statusDraft = z.strictObject({
  statusId: entityId,
  name: shortName,
  category: z.enum(statusCategories),
  position,
});

/** Commands about boards, their members, columns, labels, share links and webhooks. */
export const projectCommandSchemas = [
  commandSchema(
    'project.create',
    z.strictObject({
      projectId: entityId,
      name: z.string().trim().min(1).max(128),
      description: z.string().max(10_000).default(''),
      statuses: z.array(statusDraft).max(projectStatusesMax),
    }),
  ),
  commandSchema(
    'project.update',
    z
      .strictObject({
        projectId: entityId,
        name: z.string().trim().min(1).max(128).optional(),
        description: z.string().max(10_000).optional(),
        archived: z.boolean().optional(),
      })
      .refine((p) => Object.keys(p).length > 1, 'nothing to update'),
  ),
  commandSchema(
    'member.add',
    z.strictObject({ projectId: entityId, userId: entityId, role: z.enum(projectRoles) }),
  ),
  commandSchema(
    'member.updateRole',
    z.strictObject({ projectId: entityId, userId: entityId, role: z.enum(projectRoles) }),
  ),
  commandSchema('member.remove', z.strictObject({ projectId: entityId, userId: entityId })),
  commandSchema('status.create', statusDraft.extend({ projectId: entityId })),
  commandSchema(
    'status.update',
    z
      .strictObject({
        statusId: entityId,
        name: shortName.optional(),
        category: z.enum(statusCategories).optional(),
      })
      .refine((p) => Object.keys(p).length > 1, 'nothing to update'),
  ),
  commandSchema(
    'status.reorder',
    z.strictObject({
      projectId: entityId,
      order: z
        .array(z.strictObject({ statusId: entityId, position }))
        .min(1)
        .max(projectStatusesMax),
    }),
  ),
  commandSchema(
    'label.create',
    z.strictObject({
      labelId: entityId,
      projectId: entityId,
      name: shortName,
      color: z.string().regex(/^#[0-9a-f]{6}$/, 'color is #rrggbb'),
    }),
  ),
  commandSchema(
    'label.update',
    z
      .strictObject({
        labelId: entityId,
        name: shortName.optional(),
        color: z
          .string()
          .regex(/^#[0-9a-f]{6}$/, 'color is #rrggbb')
          .optional(),
      })
      .refine((p) => Object.keys(p).length > 1, 'nothing to update'),
  ),
  commandSchema('label.delete', z.strictObject({ labelId: entityId })),
  commandSchema(
    'shareLink.create',
    z.strictObject({
      shareLinkId: entityId,
      projectId: entityId,
      /** The one task the link shows; null for a project link. */
      taskId: entityId.nullable().default(null),
      tokenHash,
      expiresAt: instantMs.nullable(),
    }),
  ),
  commandSchema('shareLink.revoke', z.strictObject({ shareLinkId: entityId })),
  commandSchema(
    'webhook.create',
    z.strictObject({
      webhookId: entityId,
      projectId: entityId,
      url: webhookUrl,
      secret: webhookSecret,
      eventTypes: webhookEventTypes,
    }),
  ),
  commandSchema(
    'webhook.update',
    z
      .strictObject({
        webhookId: entityId,
        url: webhookUrl.optional(),
        secret: webhookSecret.optional(),
        eventTypes: webhookEventTypes.optional(),
        enabled: z.boolean().optional(),
      })
      .refine((p) => Object.keys(p).length > 1, 'nothing to update'),
  ),
  commandSchema('webhook.delete', z.strictObject({ webhookId: entityId })),
  commandSchema('webhook.redeliver', z.strictObject({ outboxId: entityId })),
] as const;
