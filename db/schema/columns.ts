/**
 * Column kinds and CHECK shapes the schema modules share, so each table lists what is its own.
 * Every helper builds exactly the column or constraint it replaces: the generated SQL (and so the
 * committed migrations) does not change.
 */
import { sql } from 'drizzle-orm';
import { integer, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** A surrogate key, for rows with no natural one. */
export const serialId = () => integer().primaryKey({ autoIncrement: true });

export const requiredText = () => text().notNull();

/** A required reference to an integer key of another table. */
export const idOf = (column: () => AnySQLiteColumn) => integer().notNull().references(column);

/** A required reference to a text key of another table (a UID, a verification id, a jti). */
export const keyOf = (column: () => AnySQLiteColumn) => text().notNull().references(column);

/** A `YYYY-MM-DD` column's shape (rules dates are text in the database). */
export const dateCheck = (col: string) => sql.raw(`${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`);

/** A CAGE code's shape: five characters, digits and capitals without I and O. */
export const cageCheck = (col: string) => sql.raw(`length(${col}) = 5 AND ${col} NOT GLOB '*[^A-HJ-NP-Z0-9]*'`);

/** `col IN ('A','B')` from the domain's own list, so the CHECK never drifts from the enum. */
export const oneOf = (col: string, values: readonly string[]) => sql.raw(`${col} IN (${values.map((v) => `'${v}'`).join(',')})`);

/** The hash chain of an append-only table: each row carries the hash of the one before it. */
export const hashChain = () => ({ prevHash: text().notNull(), hash: text().notNull() });

/** How to reach an Affirming Official (32 CFR 170.22): name and title required, e-mail and phone optional. */
export const officialContact = () => ({ name: text().notNull(), title: text().notNull(), email: text(), phone: text() });
