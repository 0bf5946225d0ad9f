import type { INodeExecutionData } from 'n8n-workflow';

import { deduplicationStore } from './support/engine';
import {
	BINARY_MODES,
	binary,
	bytesOf,
	createParameters,
	runCaseNode,
	sha256,
	updateParameters,
	useEmulator,
} from './support/fixtures';

// n8n's deduplication store here is the in-memory stand-in of test/support/deduplicationStore.ts;
// the real, database-backed one is exercised by the e2e suite in the real n8n.
const emulator = useEmulator();
afterEach(() => deduplicationStore.clear());

const contract = bytesOf(120_000, 41);
const photo = bytesOf(30_000, 42);
const contractV2 = bytesOf(120_000, 43);

const OPERATIONS = [
	['Update Attachments', 'updateAttachments', 'cases/updateCaseAttachment.php'],
	['Update', 'update', 'cases/update.php'],
] as const;

async function openCase(): Promise<string> {
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none' }, items: [{ json: {} }] });
	return result.items[0].json.wolkvox_id as string;
}

const itemWith = (files: Record<string, Buffer>, json: INodeExecutionData['json'] = {}): INodeExecutionData => ({
	json,
	binary: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, binary(bytes, `${name}.pdf`, 'application/pdf')])),
});

describe.each(OPERATIONS)('%s with "Skip Files Already Sent to This Case"', (_label, operation, path) => {
	const sync = (caseId: string, items: INodeExecutionData[], binaryMode: 'inline' | 'filesystem' = 'inline', options = {}) =>
		runCaseNode({
			emulator,
			parameters: { ...updateParameters, operation, wolkvoxId: '={{ $json.caseId }}', options: { skipFilesAlreadySent: true, ...options } },
			items: items.map((item) => ({ ...item, json: { caseId, ...item.json } })),
			binaryMode,
		});
	const updates = () => emulator.requests.filter((r) => r.path.endsWith(path)).length;

	test.each(BINARY_MODES)('%s binaries: a sync run twice attaches each file once', async (binaryMode) => {
		const id = await openCase();
		const first = await sync(id, [itemWith({ contract, photo })], binaryMode);
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ wolkvox_id: id, skippedFiles: [] });
		expect(first.items[0].json.files).toHaveLength(2);

		const second = await sync(id, [itemWith({ contract, photo })], binaryMode);
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toEqual({
			wolkvox_id: id,
			message: 'Every file was already sent to this case: nothing was sent',
			files: [],
			skippedFiles: [
				{ binaryProperty: 'contract', fileName: 'contract.pdf', size: contract.length, sha256: sha256(contract), reason: `already sent to case ${id} by this node` },
				{ binaryProperty: 'photo', fileName: 'photo.pdf', size: photo.length, sha256: sha256(photo), reason: `already sent to case ${id} by this node` },
			],
		});
		expect(updates()).toBe(1); // the second run sent nothing at all
		expect(emulator.findCase(id)!.files.map((f) => f.sha256)).toEqual([sha256(contract), sha256(photo)]);
	});

	test('a changed file is sent again; the unchanged one is not', async () => {
		const id = await openCase();
		await sync(id, [itemWith({ contract, photo })]);
		const second = await sync(id, [itemWith({ contract: contractV2, photo })]);
		expect(second.error).toBeUndefined();
		expect((second.items[0].json.files as Array<{ binaryProperty: string }>).map((f) => f.binaryProperty)).toEqual(['contract']);
		expect(second.items[0].json.skippedFiles).toEqual([expect.objectContaining({ binaryProperty: 'photo' })]);
		expect(emulator.findCase(id)!.files.map((f) => f.sha256)).toEqual([sha256(contract), sha256(photo), sha256(contractV2)]);
	});

	test('a failed request is not remembered: the next run sends its files', async () => {
		const id = await openCase();
		emulator.injectFault({ kind: 'quota', path });
		const failed = await sync(id, [itemWith({ contract })]);
		expect(failed.error?.message).toMatch(/daily request quota/);
		expect(emulator.findCase(id)!.files).toEqual([]);
		const retried = await sync(id, [itemWith({ contract })]);
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json.skippedFiles).toEqual([]);
		expect(emulator.findCase(id)!.files.map((f) => f.sha256)).toEqual([sha256(contract)]);
	});

	test('the same file goes to each case once', async () => {
		const [a, b] = [await openCase(), await openCase()];
		await sync(a, [itemWith({ contract })]);
		await sync(b, [itemWith({ contract })]);
		await sync(a, [itemWith({ contract })]);
		expect(emulator.findCase(a)!.files).toHaveLength(1);
		expect(emulator.findCase(b)!.files).toHaveLength(1);
	});

	test('the same file in several items sent side by side, and twice in one item: attached once', async () => {
		const id = await openCase();
		const items = [itemWith({ contract, copy: contract }), itemWith({ contract }), itemWith({ contract })];
		const result = await sync(id, items, 'inline', { concurrency: 3 });
		expect(result.error).toBeUndefined();
		expect(emulator.findCase(id)!.files.map((f) => f.sha256)).toEqual([sha256(contract)]);
		// Which item sends it depends on timing; the copy inside the first item is never sent.
		expect(result.items[0].json.skippedFiles).toEqual(
			expect.arrayContaining([expect.objectContaining({ binaryProperty: 'copy', reason: 'same content as binary property "contract" of this item' })]),
		);
		expect(result.items.flatMap((i) => i.json.files as unknown[])).toHaveLength(1);
	});

	test('executions of the same workflow syncing at once: each file attached once', async () => {
		const id = await openCase();
		const runs = await Promise.all(Array.from({ length: 6 }, () => sync(id, [itemWith({ contract, photo })])));
		expect(runs.map((r) => r.error)).toEqual(runs.map(() => undefined));
		expect(emulator.findCase(id)!.files.map((f) => f.sha256).sort()).toEqual([sha256(contract), sha256(photo)].sort());
	});

	test('without the option, a second run attaches the files again (what the option prevents)', async () => {
		const id = await openCase();
		const plain = { ...updateParameters, operation, wolkvoxId: id };
		await runCaseNode({ emulator, parameters: plain, items: [itemWith({ contract })] });
		const again = await runCaseNode({ emulator, parameters: plain, items: [itemWith({ contract })] });
		expect(again.items[0].json.skippedFiles).toBeUndefined();
		expect(emulator.findCase(id)!.files).toHaveLength(2);
	});
});
