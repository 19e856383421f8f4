import type { Command, CommandType } from '../commands/command.ts';
import type { ApplyContext } from './apply-context.ts';
import type { CommandHandler, CommandHandlers } from './handler.ts';
import { accountHandlers } from './handlers/account-handlers.ts';
import { boardHandlers } from './handlers/board-handlers.ts';
import { commentHandlers } from './handlers/comment-handlers.ts';
import { followHandlers } from './handlers/follow-handlers.ts';
import { projectHandlers } from './handlers/project-handlers.ts';
import { scheduleHandlers } from './handlers/schedule-handlers.ts';
import { systemHandlers } from './handlers/system-handlers.ts';
import { taskHandlers } from './handlers/task-handlers.ts';
import { taskImportHandlers } from './handlers/task-import-handlers.ts';
import { taskLinkHandlers } from './handlers/task-link-handlers.ts';
import type { CommandResult } from './outcome.ts';

/** One handler for every command type; the type checker proves none is missing. */
export const commandHandlers: CommandHandlers<CommandType> = {
  ...accountHandlers,
  ...projectHandlers,
  ...boardHandlers,
  ...taskHandlers,
  ...taskImportHandlers,
  ...taskLinkHandlers,
  ...commentHandlers,
  ...systemHandlers,
  ...scheduleHandlers,
  ...followHandlers,
};

/** Runs the handler of `command.type`. */
export function runCommand(ctx: ApplyContext, command: Command): Promise<CommandResult> {
  const handler = commandHandlers[command.type] as CommandHandler<typeof command.type>;
  return handler(ctx, command.payload as never);
}
