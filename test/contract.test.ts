/**
 * The node against the documented contract (issue 13): the vendor's 26 search fields reach the
 * server verbatim, every "nothing found" shape gives count 0, the envelope variants are read,
 * and Update Attachments says only what it can know. Runs in n8n's engine against the emulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QUERY_FIELDS } from './emulator/contract';
import type { WolkvoxEmulator, ZeroResults } from './emulator/server';
import { CASE_QUERY_FIELDS } from '../nodes/WolkvoxCases/actions/common/caseQueryFields';
import { listAnswer } from '../nodes/WolkvoxCases/transport/records';
import { binary, createParameters, runCaseNode, updateParameters, useEmulator } from './support/fixtures';

const emulator = useEmulator();

afterEach(() => {
	Object.assign(emulator, { zeroResults: 'empty', attachmentsMode: 'append', codeAsString: false, errorNull: 'string', faultPlan: undefined });
});

async function openCase(parameters: Record<string, string> = {}): Promise<string> {
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none', ...parameters }, items: [{ json: {} }] });
	expect(result.error).toBeUndefined();
	return result.items[0].json.wolkvox_id as string;
}

/** Records the `field` of every query the emulator receives, as it arrived. */
function watchFields(target: WolkvoxEmulator): string[] {
	const seen: string[] = [];
	target.faultPlan = ({ fields }) => {
		if (fields.field !== undefined) seen.push(fields.field);
		return undefined;
	};
	return seen;
}

const OPERATIONS = [
	{ operation: 'search', field: 'searchField', value: 'searchValue', list: 'cases' },
	{ operation: 'getNotesHistory', field: 'noteField', value: 'noteValue', list: 'notes' },
] as const;

describe.each(OPERATIONS)('$operation: the documented field values', ({ operation, field, value, list }) => {
	test('the list offers exactly the 26 values the vendor documents, sorted by name', () => {
		expect(CASE_QUERY_FIELDS.map((option) => option.value).sort()).toEqual([...QUERY_FIELDS].sort());
		const names = CASE_QUERY_FIELDS.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(new Set(names).size).toBe(26);
	});

	test('each of the 26 reaches the emulator verbatim and is accepted, one output item each', async () => {
		const id = await openCase({ owner: 'AGENT2_@testmodule', priority: 'high' });
		const seen = watchFields(emulator);
		const expected: Record<string, string> = {
			'wolkvox-id': id,
			'email contact': 'cliente@example.com',
			'owner user': 'AGENT2_@testmodule',
			'responsible user': 'ADMIN_@testmodule',
			'type case': 'Request',
			priority: 'high',
			idCase: '1',
			description: 'Case created by the tests',
		};
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation, [field]: '={{ $json.field }}', [value]: '={{ $json.value }}' },
			items: QUERY_FIELDS.map((name) => ({ json: { field: name, value: expected[name] ?? 'n8n-nodes-wolkvox: no such value' } })),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(QUERY_FIELDS.map((_, item) => ({ item })));
		expect(seen.sort()).toEqual([...QUERY_FIELDS].sort());
		const counts = Object.fromEntries(QUERY_FIELDS.map((name, i) => [name, (result.items[i].json[list] as unknown[]).length > 0]));
		for (const name of QUERY_FIELDS) expect([name, counts[name]]).toEqual([name, name in expected]);
	});

	test.each(['contact', 'responsible', 'owner', 'case-type', 'Email Contact'])(
		'the invented key %j fails before anything is sent, naming the fix',
		async (invented) => {
			const result = await runCaseNode({
				emulator,
				parameters: { resource: 'case', operation, [field]: `=${invented}`, [value]: 'x' },
				items: [{ json: {} }],
			});
			expect(result.error?.message).toBe(`"${invented}" is not a field wolkvox searches cases by`);
			expect(emulator.requests).toHaveLength(0);
		},
	);
});

test('every example workflow searches by a documented field', () => {
	const dir = join(__dirname, '../examples');
	const used: string[] = [];
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
		for (const node of workflow.nodes.filter((n) => n.type.endsWith('.wolkvoxCases'))) {
			for (const { operation, field, defaultValue } of [
				{ operation: 'search', field: 'searchField', defaultValue: 'email contact' },
				{ operation: 'getNotesHistory', field: 'noteField', defaultValue: 'wolkvox-id' },
			]) {
				if (node.parameters.operation === operation) used.push(String(node.parameters[field] ?? defaultValue));
			}
		}
	}
	expect(used.length).toBeGreaterThan(0);
	for (const field of used) expect(QUERY_FIELDS).toContain(field);
});

describe.each(OPERATIONS)('$operation: nothing found', ({ operation, field, value, list }) => {
	const cases: Array<[ZeroResults, Partial<WolkvoxEmulator>]> = [
		['empty', {}],
		['missing', {}],
		['notFound', {}],
		['empty', { codeAsString: true }],
		['missing', { codeAsString: true, errorNull: 'null' }],
		['notFound', { codeAsString: true, statusMode: 'always200' }],
	];
	test.each(cases)('answered as %s %j: count 0, no error, and a match still counts', async (zeroResults, style) => {
		Object.assign(emulator, { zeroResults, ...style });
		const id = await openCase();
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation, [field]: 'wolkvox-id', [value]: '={{ $json.id }}' },
			items: [{ json: { id: '0123456789abcdef01234567' } }, { json: { id } }],
		});
		Object.assign(emulator, { statusMode: 'mirror' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ count: 0, [list]: [] });
		expect(result.items[1].json.count).toBeGreaterThanOrEqual(1);
		expect(emulator.requests.at(-1)?.status).toBe(200);
	});
});

describe('the zero-result helper never turns an answer into a false match or a false "none"', () => {
	const envelope = (msg: string, data: Record<string, unknown> = {}, list?: unknown[]) => ({ code: 200, error: null, msg, data, ...(list ? { list } : {}) });

	test.each([
		['0 records were are found', {}, []],
		['0 records were are found', {}, undefined],
		['0 records were are found', { wolkvox_id: '' }, undefined],
		['NOT FOUND', {}, []],
	])('%j with data %j / list %j: no records', (msg, data, list) => {
		expect(listAnswer(envelope(msg, data, list))).toEqual({ ok: true, records: [] });
	});

	test('refuses "0 records" with records in the list, and "2 records" with none', () => {
		expect(listAnswer(envelope('0 records were are found', {}, [{ wolkvox_id: 'a' }]))).toMatchObject({ ok: false });
		expect(listAnswer(envelope('2 records were are found', {}, []))).toMatchObject({ ok: false });
		expect(listAnswer(envelope('2 records were are found', {}))).toMatchObject({ ok: false });
	});

	test('reads a list, a list inside data, or a single record', () => {
		expect(listAnswer(envelope('1 records were are found', {}, [{ a: 1 }]))).toEqual({ ok: true, records: [{ a: 1 }] });
		expect(listAnswer(envelope('1 records were are found', { cases: [{ a: 1 }] }))).toEqual({ ok: true, records: [{ a: 1 }] });
		expect(listAnswer(envelope('1 records were are found', { a: 1 }))).toEqual({ ok: true, records: [{ a: 1 }] });
	});
});

describe('Update Attachments: append or replace, and what the output can say', () => {
	test.each(['append', 'replace'] as const)('%s: the output reports what was sent, the same in both modes', async (mode) => {
		emulator.attachmentsMode = mode;
		const id = await openCase();
		await runCaseNode({
			emulator,
			parameters: { ...updateParameters, wolkvoxId: id },
			items: [{ json: {}, binary: { a: binary('first', 'first.pdf', 'application/pdf') } }],
		});
		const result = await runCaseNode({
			emulator,
			parameters: { ...updateParameters, wolkvoxId: id },
			items: [{ json: {}, binary: { b: binary('second', 'second.pdf', 'application/pdf') } }],
		});
		expect(result.error).toBeUndefined();
		// wolkvox answers only {wolkvox_id}: the node cannot know the case's files, only what it sent.
		expect(result.items[0].json).toEqual({
			wolkvox_id: id,
			message: 'Succesfully update record',
			files: [{ field: 'attachments', fileName: 'second.pdf', mimeType: 'application/pdf', size: 6, binaryProperty: 'b' }],
		});
		// What the case really holds differs, which is why the node shows a notice.
		expect(emulator.findCase(id)!.files.map((file) => file.bytes?.toString())).toEqual(mode === 'append' ? ['first', 'second'] : ['second']);
	});

	test('the notice is on the operation', async () => {
		const { description } = await import('../nodes/WolkvoxCases/actions/case/updateAttachments.operation');
		const notice = description.find((property) => property.name === 'attachmentsModeNotice');
		expect(notice).toMatchObject({ type: 'notice' });
		expect(notice?.displayName).toMatch(/"agregar"/);
	});
});

describe('the four case states', () => {
	test.each([
		['Abierto', ''],
		['En espera', ''],
		['Cerrado', 'Resuelto'],
		['Solucionado', 'Resuelto'],
	])('Create with status %j is accepted', async (status, solution) => {
		const id = await openCase({ status, solution });
		expect(emulator.findCase(id)?.fields.status).toBe(status);
	});

	test('Solucionado without a solution is refused by the emulator (a guess, tagged in directory.ts)', async () => {
		const result = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none', status: 'Solucionado' }, items: [{ json: {} }] });
		expect(result.error?.message).toMatch(/SOLUTION IS REQUIRED/);
	});
});
