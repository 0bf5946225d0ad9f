// n8n's own record of executions, read from its database: SQLite (read-only, through the sqlite3
// package of the n8n install) or PostgreSQL (psql). Used to check that triggers and bursts started
// exactly the executions they should, and to show n8n's error for a failed one.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Executions of the workflow by status, read from n8n's SQLite database (read-only). */
export function sqliteExecutions(installDir, file) {
	return {
		async count(workflowId) {
			const rows = await query('SELECT status, COUNT(*) AS n FROM execution_entity WHERE "workflowId" = ? GROUP BY status', [workflowId]);
			return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
		},
		async lastError(workflowId) {
			const [row] = await query(LAST_ERROR_SQL, [workflowId]);
			return row && errorMessage(installDir, row.data);
		},
	};
	async function query(sql, params) {
		const sqlite3 = createRequire(join(installDir, 'package.json'))('sqlite3');
		const db = await new Promise((resolve, reject) => {
			const opened = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
		});
		try {
			return await new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))));
		} finally {
			db.close();
		}
	}
}

const LAST_ERROR_SQL = `SELECT d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
	WHERE e."workflowId" = ? AND e.status IN ('error', 'crashed') ORDER BY e.id DESC LIMIT 1`;

/** The error n8n recorded for an execution (its data is stored in the `flatted` format). */
function errorMessage(installDir, data) {
	const { parse } = createRequire(join(installDir, 'package.json'))('flatted');
	const error = parse(data)?.resultData?.error;
	return error ? `${error.message}${error.description ? ` (${error.description})` : ''}` : undefined;
}

export function postgresExecutions(installDir, pg) {
	const literal = (text) => `'${text.replace(/'/g, "''")}'`;
	return {
		async count(workflowId) {
			const out = await pg.psql(`SELECT status, COUNT(*) FROM execution_entity WHERE "workflowId" = ${literal(workflowId)} GROUP BY status`);
			return Object.fromEntries(
				out
					.split('\n')
					.filter(Boolean)
					.map((line) => {
						const [status, n] = line.split('|');
						return [status, Number(n)];
					}),
			);
		},
		async lastError(workflowId) {
			const data = (await pg.psql(LAST_ERROR_SQL.replace('?', literal(workflowId)))).trim();
			return data ? errorMessage(installDir, data) : undefined;
		},
	};
}
