import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; nodes apply them at startup with
// `migrateDatabase` (never `drizzle-kit push`, which is not repeatable on MariaDB).
export default defineConfig({
  dialect: 'mysql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
