/**
 * Asks a real wolkvox account the questions its public pages leave open (see
 * /README.md "Checking the unknowns on your account"). Read-only questions always; questions that
 * create cases only with `allowWrites`, and then only cases described as PROBE_DESCRIPTION.
 * Every text it returns has the token removed.
 */
import { parseResponse } from '../nodes/WolkvoxCases/transport/envelope';
import { listAnswer } from '../nodes/WolkvoxCases/transport/records';
import { redactToken } from '../nodes/WolkvoxCases/transport/request';

export const PROBE_DESCRIPTION = 'n8n-nodes-wolkvox probe — safe to delete';

/** A 24-hex id no record has (record ids are 24 hex characters [doc]). */
const NO_SUCH_ID = '000000000000000000000000';

export interface ProbeTarget {
	/** e.g. https://crm0001.wolkvox.com/server/API/v2/ */
	apiBaseUrl: string;
	operation: string;
	token: string;
}

/** Existing values of the account that a test case can be created with. */
export interface CaseDefaults {
	caseType: string;
	responsible: string;
	owner: string;
	contact: string;
	/** an open status (no solution needed) */
	status: string;
	priority: string;
}

export interface ProbeRow {
	question: string;
	guess: string;
	observed: string;
	/** a short machine-readable verdict, e.g. 'empty', 'append', 'refused' */
	verdict: string;
}

export interface ProbeReport {
	rows: ProbeRow[];
	/** ids of the test cases created (all described as PROBE_DESCRIPTION) */
	createdCases: string[];
	requests: number;
}

interface Answer {
	status: number;
	text: string;
	body?: Record<string, unknown>;
}

interface FilePart {
	field: string;
	name: string;
}

const PDF = (label: string): Blob => new Blob([`%PDF-1.4\n% ${PROBE_DESCRIPTION}: ${label}\n%%EOF\n`], { type: 'application/pdf' });

export async function runProbe(target: ProbeTarget, options: { allowWrites: boolean; defaults?: CaseDefaults }): Promise<ProbeReport> {
	const report: ProbeReport = { rows: [], createdCases: [], requests: 0 };
	const clean = (text: string): string => redactToken(text, target.token);
	const add = (row: ProbeRow): void => void report.rows.push({ ...row, observed: clean(row.observed) });

	async function send(path: string, body: FormData | Record<string, unknown>): Promise<Answer> {
		report.requests += 1;
		const json = !(body instanceof FormData);
		const response = await fetch(new URL(path, target.apiBaseUrl), {
			method: 'POST',
			headers: { 'Wolkvox-Token': target.token, ...(json ? { 'Content-Type': 'application/json' } : {}) },
			body: json ? JSON.stringify(body) : body,
			redirect: 'manual',
		});
		const text = await response.text();
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
		const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
		return { status: response.status, text, body: isObject ? (parsed as Record<string, unknown>) : undefined };
	}

	// Read-only: what "nothing found" looks like, and the envelope's style.
	const query = { operation: target.operation, field: 'wolkvox-id', value: NO_SUCH_ID };
	const none = await send('cases/queryCases.php', query);
	add({
		question: 'Search with no match (queryCases.php)',
		guess: 'HTTP 200, "0 records were are found", data [] [doc]; also handled: data missing, a 404',
		observed: `${describe(none)}; the node reads it as ${nodeReading(none)}`,
		verdict: zeroShape(none),
	});
	add({
		question: 'Envelope style',
		guess: 'code "200" (string) or 200, error "null" [doc, code]',
		observed: none.body ? `code ${JSON.stringify(none.body.code)}, error ${JSON.stringify(none.body.error)}` : describe(none),
		verdict: none.body ? `code:${typeof none.body.code} error:${none.body.error === null ? 'null' : JSON.stringify(none.body.error)}` : 'no-envelope',
	});
	const notes = await send('cases/listHistoryNote.php', query);
	add({
		question: 'Get Notes History with no match (listHistoryNote.php, needs an External token)',
		guess: 'as Search',
		observed: `${describe(notes)}; the node reads it as ${nodeReading(notes)}`,
		verdict: zeroShape(notes),
	});
	const invented = await send('cases/queryCases.php', { ...query, field: 'contact' });
	add({
		question: 'Search by a field off the vendor\'s list ("contact")',
		guess: 'refused with an error (only the 26 documented values are valid)',
		observed: describe(invented),
		verdict: isSuccess(invented) ? 'accepted' : 'refused',
	});

	const writes = [
		'insert.php with two files as file[]',
		'insert.php with two parts named file',
		'Update Attachments: add or replace',
		'insert.php with a contact that does not exist',
		'insert.php with a status that does not exist',
		'insert.php with a priority that does not exist',
	];
	if (!options.allowWrites || !options.defaults) {
		for (const question of writes) add({ question, guess: '-', observed: 'not asked: needs --allow-writes', verdict: 'skipped' });
		return report;
	}
	const defaults = options.defaults;

	const caseFields = (overrides: Partial<CaseDefaults> = {}): Record<string, string> => {
		const values = { ...defaults, ...overrides };
		return {
			operation: target.operation,
			'case-type': values.caseType,
			responsible: values.responsible,
			owner: values.owner,
			contact: values.contact,
			description: PROBE_DESCRIPTION,
			status: values.status,
			priority: values.priority,
		};
	};
	const insert = async (overrides: Partial<CaseDefaults>, files: FilePart[]): Promise<{ answer: Answer; id?: string }> => {
		const form = new FormData();
		for (const [name, value] of Object.entries(caseFields(overrides))) form.append(name, value);
		for (const file of files) form.append(file.field, PDF(file.name), file.name);
		const answer = await send('cases/insert.php', form);
		const data = answer.body?.data as Record<string, unknown> | undefined;
		const id = isSuccess(answer) && typeof data?.wolkvox_id === 'string' && data.wolkvox_id.trim() ? data.wolkvox_id.trim() : undefined;
		if (id) report.createdCases.push(id);
		return { answer, id };
	};
	/** How many files the case's record shows, when its record says (the shape is not documented). */
	const filesOn = async (id: string): Promise<number | undefined> => {
		const found = await send('cases/queryCases.php', { operation: target.operation, field: 'wolkvox-id', value: id });
		const record = Array.isArray(found.body?.data) ? (found.body.data as unknown[])[0] : undefined;
		return typeof record === 'object' && record !== null ? fileCount(record as Record<string, unknown>) : undefined;
	};

	for (const [question, field] of [
		[writes[0], 'file[]'],
		[writes[1], 'file'],
	] as const) {
		const { answer, id } = await insert({}, [
			{ field, name: 'probe-a.pdf' },
			{ field, name: 'probe-b.pdf' },
		]);
		const count = id ? await filesOn(id) : undefined;
		add({
			question,
			guess: field === 'file[]' ? 'both kept (PHP reads file[] as a list)' : 'only the last kept (PHP overwrites file)',
			observed: !id
				? `refused: ${describe(answer)}`
				: count === undefined
					? `case ${id} created; its record does not show its files: count them in the CRM (2 = both kept)`
					: `case ${id} holds ${count} file(s)`,
			verdict: !id ? 'refused' : count === undefined ? 'unknown' : `kept:${count}`,
		});
	}

	const base = await insert({}, [{ field: 'file', name: 'probe-first.pdf' }]);
	let verdict = 'unknown';
	let observed = `could not create the test case: ${describe(base.answer)}`;
	if (base.id) {
		const before = await filesOn(base.id);
		const update = await send('cases/updateCaseAttachment.php', {
			operation: target.operation,
			'wolkvox-id': base.id,
			responsible: defaults.responsible,
			status: defaults.status,
			attachments: [Buffer.from(`%PDF-1.4\n% ${PROBE_DESCRIPTION}: second\n%%EOF\n`).toString('base64')],
		});
		const after = isSuccess(update) ? await filesOn(base.id) : undefined;
		if (!isSuccess(update)) {
			observed = `the update was refused: ${describe(update)}`;
			verdict = 'refused';
		} else if (before === undefined || after === undefined) {
			observed = `case ${base.id}: its record does not show its files: count them in the CRM (2 = added, 1 = replaced)`;
		} else {
			verdict = after === before + 1 ? 'append' : after === 1 ? 'replace' : `files:${before}->${after}`;
			observed = `case ${base.id}: ${before} file(s) before, ${after} after one attachment was sent → ${verdict === 'append' ? 'added' : verdict === 'replace' ? 'replaced' : 'unclear'}`;
		}
	}
	add({ question: writes[2], guess: 'not documented: added ("agregar", Spanish page) or the list replaced (English page)', observed, verdict });

	const unique = Date.now().toString(36);
	for (const [question, overrides] of [
		[writes[3], { contact: `n8n-probe-${unique}@example.invalid` }],
		[writes[4], { status: `n8n-probe-status-${unique}` }],
		[writes[5], { priority: `n8n-probe-priority-${unique}` }],
	] as const) {
		const { answer, id } = await insert(overrides, []);
		add({
			question,
			guess: 'refused with an error (the value must exist [doc]; the answer is not documented)',
			observed: id ? `ACCEPTED: test case ${id} was created; ${describe(answer)}` : `refused: ${describe(answer)}`,
			verdict: id ? 'accepted' : 'refused',
		});
	}
	return report;
}

function isSuccess(answer: Answer): boolean {
	return parseResponse(answer.status, answer.text).ok;
}

/** HTTP status and envelope in one line, the data reduced to its shape. */
function describe(answer: Answer): string {
	if (!answer.body) return `HTTP ${answer.status}, not JSON: "${answer.text.replace(/\s+/g, ' ').slice(0, 120)}"`;
	const { code, error, msg, data } = answer.body;
	const shape = !('data' in answer.body)
		? 'no data'
		: Array.isArray(data)
			? `data [${data.length} item(s)]`
			: `data ${JSON.stringify(data).slice(0, 80)}`;
	return `HTTP ${answer.status}, code ${JSON.stringify(code)}, error ${JSON.stringify(error)}, msg ${JSON.stringify(msg)}, ${shape}`;
}

/** What the node's own envelope and zero-result code make of an answer. */
function nodeReading(answer: Answer): string {
	const parsed = parseResponse(answer.status, answer.text);
	const envelope = parsed.ok ? parsed.envelope : parsed.envelope?.code === 404 ? { ...parsed.envelope, data: {}, list: [] } : undefined;
	if (!envelope) return 'an error';
	const read = listAnswer(envelope);
	return read.ok ? `count ${read.records.length}` : `an error (${read.problem})`;
}

/** Which of the known "nothing found" shapes an answer has. */
function zeroShape(answer: Answer): string {
	const body = answer.body;
	if (!body) return 'other';
	if (Number(body.code) === 404) return 'notFound';
	if (Number(body.code) !== 200) return 'other';
	if (!('data' in body)) return 'missing';
	return Array.isArray(body.data) && body.data.length === 0 ? 'empty' : 'other';
}

/** A file count from a case record: a field named like attachments/files holding a number, digits or a list. */
export function fileCount(record: Record<string, unknown>): number | undefined {
	const key = Object.keys(record).find((name) => /^(attachments?|files?|adjuntos?|archivos?)$/i.test(name));
	if (key === undefined) return undefined;
	const value = record[key];
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return Array.isArray(value) ? value.length : undefined;
}
