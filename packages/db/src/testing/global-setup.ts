import type { TestProject } from 'vitest/node';
import { provisionMysqlServer } from '../provision/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the MySQL server the test run uses; tests create their own databases on it. */
    mysqlServerUrl: string;
  }
}

/**
 * Vitest global setup for every package whose tests need MySQL: finds or starts one server for
 * the whole run and hands its URL to the test files; stops it (if ours) when the run ends.
 */
export default async function setup(project: TestProject) {
  const server = await provisionMysqlServer();
  project.provide('mysqlServerUrl', server.url);
  return async () => {
    await server.stop();
  };
}
