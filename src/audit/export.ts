import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { DB } from '../platform/database.js';

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'subject', 'ref', 'action', 'network', 'text', 'detail'] as const;

export interface AuditCsvOptions {
  /** Only the entries at or after this instant. */
  since?: Date;
  /**
   * Guards spreadsheet users against formula injection (OWASP "CSV injection"): a field that begins
   * with `=`, `+`, `-`, `@`, tab or CR (or their full-width forms, which some spreadsheets also read
   * as formulas) gets a leading `'`. A proposal is typed by a person and may be pasted from anywhere,
   * and `=HYPERLINK(…)` in a cell runs when the file is opened. The price is that such a text is no
   * longer byte for byte the tweet ("-5°C ce matin" reads "'-5°C ce matin"), so it can be turned off
   * for a program that reads the CSV. Every column is guarded, not only `text`: the others never start
   * with those characters today (ids, ISO times, fixed words, JSON objects), and stay safe if they do.
   */
  escapeFormulas?: boolean;
}

/**
 * Writes the audit log as CSV, oldest entry first, with a header line. RFC 4180: CRLF between
 * records; a field holding a comma, a quote, CR or LF is quoted, its quotes doubled. Times are the
 * stored ISO-8601 UTC instants, `detail` the stored JSON.
 *
 * Rows are streamed from SQLite as fast as `out` takes them, never all held in memory, so one open
 * statement keeps `db` busy until the end: give it a connection of its own (the export script opens one
 * read-only), and the file is then one snapshot of the log. Resolves once `out` has finished: it is
 * ended, everything written.
 */
export async function writeAuditCsv(db: DB, out: Writable, options: AuditCsvOptions = {}): Promise<{ rows: number }> {
  const columns = AUDIT_CSV_COLUMNS.join(', ');
  const entries = options.since
    ? db.prepare(`SELECT ${columns} FROM audit_log WHERE at >= ? ORDER BY id`).iterate(options.since.toISOString())
    : db.prepare(`SELECT ${columns} FROM audit_log ORDER BY id`).iterate();
  let rows = 0;
  const counted = function* () {
    for (const entry of entries) {
      rows += 1;
      yield entry;
    }
  };
  const csv = stringify({
    header: true,
    columns: [...AUDIT_CSV_COLUMNS],
    record_delimiter: 'windows',
    // csv-stringify stops quoting fields with a lone LF or CR once record_delimiter is set: RFC 4180 needs them quoted.
    quote_record_delimiter: true,
    escape_formulas: options.escapeFormulas ?? true,
  });
  await pipeline(Readable.from(counted()), csv, out);
  return { rows };
}
