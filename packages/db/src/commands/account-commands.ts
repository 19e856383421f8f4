import { z } from 'zod';
import { commandSchema, entityId, instantMs, tokenHash } from './fields.ts';

/** Bound on the scopes of one API token. */
export const apiTokenScopesMax = 20;

/** Commands about people and their credentials; the actor is the user concerned. */
export const accountCommandSchemas = [
  commandSchema(
    'user.signUp',
    z.strictObject({
      userId: entityId,
      email: z
        .email()
        .max(254)
        .refine((email) => email === email.toLowerCase(), 'email must be lower-case'),
      username: z.string().regex(/^[a-z0-9_.-]{2,64}$/, 'username is 2-64 of [a-z0-9_.-]'),
      displayName: z.string().trim().min(1).max(128),
      passwordHash: z.string().min(16).max(255).nullable(),
    }),
  ),
  commandSchema(
    'user.update',
    z
      .strictObject({
        displayName: z.string().trim().min(1).max(128).optional(),
        passwordHash: z.string().min(16).max(255).optional(),
        emailDigest: z.boolean().optional(),
      })
      .refine((changes) => Object.keys(changes).length > 0, 'nothing to update'),
  ),
  commandSchema(
    'user.linkOAuth',
    z.strictObject({
      provider: z.string().regex(/^[a-z0-9-]{1,32}$/),
      providerUserId: z.string().min(1).max(191),
    }),
  ),
  commandSchema(
    'session.create',
    z.strictObject({ sessionId: entityId, userId: entityId, tokenHash, expiresAt: instantMs }),
  ),
  commandSchema('session.revoke', z.strictObject({ sessionId: entityId })),
  commandSchema(
    'apiToken.create',
    z.strictObject({
      tokenId: entityId,
      name: z.string().trim().min(1).max(128),
      tokenHash,
      scopes: z
        .array(z.string().regex(/^[a-z:*]{1,64}$/))
        .min(1)
        .max(apiTokenScopesMax),
      expiresAt: instantMs.nullable(),
    }),
  ),
  commandSchema('apiToken.revoke', z.strictObject({ tokenId: entityId })),
  commandSchema(
    'calendarFeed.create',
    z.strictObject({ feedId: entityId, projectId: entityId.nullable(), tokenHash }),
  ),
  commandSchema('calendarFeed.revoke', z.strictObject({ feedId: entityId })),
] as const;
