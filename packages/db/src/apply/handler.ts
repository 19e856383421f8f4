import type { CommandType, PayloadOf } from '../commands/command.ts';
import type { ApplyContext } from './apply-context.ts';
import type { CommandResult } from './outcome.ts';

/**
 * Applies one command type. Contract: reads and writes only through `ctx.tx`, uses no clock
 * or randomness (time is `ctx.at`), throws `Rejection` for domain-rule failures, and reports
 * its changes with `ctx.emit`.
 */
export type CommandHandler<Type extends CommandType> = (
  ctx: ApplyContext,
  payload: PayloadOf<Type>,
) => Promise<CommandResult>;

/** Handlers for a set of command types, one each. */
export type CommandHandlers<Types extends CommandType> = { [Type in Types]: CommandHandler<Type> };
