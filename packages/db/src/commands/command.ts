import { z } from 'zod';
import { accountCommandSchemas } from './account-commands.ts';
import { commentCommandSchemas } from './comment-commands.ts';
import { projectCommandSchemas } from './project-commands.ts';
import { scheduleCommandSchemas } from './schedule-commands.ts';
import { systemCommandSchemas } from './system-commands.ts';
import { taskCommandSchemas } from './task-commands.ts';

export { systemActor } from './fields.ts';
/** Bounds the API checks first, so its refusal names them before a proposal is made. */
export { webhookEventTypesMax } from './project-commands.ts';
export { recurrenceRuleLengthMax } from './schedule-commands.ts';
export { markReadNotificationsMax } from './system-commands.ts';
export { bulkUpdateTasksMax, importTasksBytesMax, importTasksMax } from './task-commands.ts';

/** Every command apply understands, discriminated by `type`. */
export const commandSchema = z.discriminatedUnion('type', [
  ...accountCommandSchemas,
  ...projectCommandSchemas,
  ...taskCommandSchemas,
  ...commentCommandSchemas,
  ...systemCommandSchemas,
  ...scheduleCommandSchemas,
]);

/**
 * A validated command: `{ type, payload, actor, requestId, at }`, plain JSON. Everything
 * non-deterministic (ids, `at`, hashes) was decided by the proposer.
 */
export type Command = z.output<typeof commandSchema>;
/** What a proposer builds (defaults not yet filled in). */
export type CommandInput = z.input<typeof commandSchema>;
/** The name of a command, e.g. 'task.create'. */
export type CommandType = Command['type'];
/** The command of one type. */
export type CommandOf<Type extends CommandType> = Extract<Command, { type: Type }>;
/** The payload of one command type. */
export type PayloadOf<Type extends CommandType> = CommandOf<Type>['payload'];

/** Thrown by `parseCommand` with every problem of the input, one per line. */
export class CommandValidationError extends Error {
  override readonly name = 'CommandValidationError';
  constructor(readonly issues: readonly z.core.$ZodIssue[]) {
    super(`invalid command:\n${z.prettifyError(new z.ZodError([...issues]))}`);
  }
}

/** Validates `input` as a command or reports why not, without throwing. */
export function safeParseCommand(
  input: unknown,
): { ok: true; command: Command } | { ok: false; error: CommandValidationError } {
  const parsed = commandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  return { ok: false, error: new CommandValidationError(parsed.error.issues) };
}

/**
 * Validates `input` at a boundary (the proposer, and apply reading a log entry) and returns the
 * command with defaults filled in. Throws `CommandValidationError` naming each bad field.
 */
export function parseCommand(input: unknown): Command {
  const parsed = safeParseCommand(input);
  if (!parsed.ok) throw parsed.error;
  return parsed.command;
}

/** Serialises a command as the `data` of a Raft entry (after validating it). */
export function encodeCommand(input: CommandInput): string {
  return JSON.stringify(parseCommand(input));
}
