import { customType, datetime, varchar } from 'drizzle-orm/mysql-core';

/**
 * Length of every entity id column. Ids are decided by the proposer (UUIDv7, ULID) or derived
 * from the log index (`<index>-<ordinal>`), never by the database, so all nodes agree on them.
 */
export const idLength = 36;

/** A proposer-decided entity id column: `varchar(36)`. */
export function idColumn(name: string) {
  return varchar(name, { length: idLength });
}

/**
 * A millisecond-precision UTC instant, read and written as a `Date`. Drizzle formats it in UTC
 * itself, so the server's and the node's time zones never change what is stored.
 */
export function instantColumn(name: string) {
  return datetime(name, { mode: 'date', fsp: 3 });
}

/**
 * A JSON value stored as LONGTEXT. Not the JSON type: MySQL 8 stores JSON in a binary form that
 * reorders keys while MariaDB keeps the text, and a plain text column reads back byte-for-byte
 * what apply wrote on every server.
 */
export function jsonColumn<T>(name: string) {
  return customType<{ data: T; driverData: string }>({
    dataType: () => 'longtext',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => JSON.parse(value) as T,
  })(name);
}

/** Binary content (attachments) as LONGBLOB, read and written as a Buffer. */
export function blobColumn(name: string) {
  return customType<{ data: Buffer; driverData: Buffer }>({
    dataType: () => 'longblob',
  })(name);
}
