import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.ts';
import './cluster.ts';

/** The executable Raftboard schema, fields sorted so the printed SDL is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
