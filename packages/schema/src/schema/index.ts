import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.ts';
import './scalars.ts';
import './read-consistency.ts';
import './cluster.ts';
import './user.ts';
import './auth.ts';
import './api-token.ts';
import './project.ts';
import './member.ts';
import './status.ts';
import './label.ts';
import './task/types.ts';
import './task/filter.ts';
import './task/queries.ts';
import './task/inputs.ts';
import './task/mutations.ts';
import './task/import.ts';
import './task/relations.ts';
import './comment.ts';
import './attachment.ts';
import './share.ts';
import './event.ts';
import './live.ts';
import './notification.ts';
import './report.ts';

/** The executable Raftboard schema, fields sorted so the printed SDL is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
