import { createConnection } from 'mysql2/promise';

/** True when a MySQL server accepts a login at `url` within `timeoutMs`. Never throws. */
export async function canConnect(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: timeoutMs });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}
