/**
 * custom/queryDates.php for module contacts, over real HTTP: what it lists and each strict rule
 * (see the [doc]/[guess] tags in customQueryDates.ts).
 */
import { ERRORS, GUESSED_ERRORS, PATHS, SUCCESS, unknownModule } from './contract';
import { WolkvoxEmulator } from './server';
import { testClient, useTestEmulator, type Reply } from './testClient';

const emulator = new WolkvoxEmulator();
useTestEmulator(emulator);
const { postJson } = testClient<Array<Record<string, unknown>>>(emulator);

function refused(reply: Reply, status: number, text: string): void {
	expect(reply.status).toBe(status);
	expect(Number(reply.body?.code)).toBe(status);
	expect(reply.body?.msg).toContain(text);
}

const queryDates = (extra: Record<string, unknown>) =>
	postJson(PATHS.customQueryDates, { operation: 'testmodule', module: 'contacts', date: true, from: '2026-01-05 09:30', to: '2026-01-05 09:30', ...extra });

/** Moves the contacts' creation dates so that each test knows them. */
function createdAt(...dates: string[]): void {
	dates.forEach((date, index) => {
		emulator.contacts[index].created = date;
	});
}

describe('custom/queryDates.php (contacts)', () => {
	test('lists the contacts created from `from` to `to`, both minutes included, oldest first', async () => {
		createdAt('2026-03-01 10:00:59', '2026-03-01 10:01:00', '2026-03-01 10:02:00');
		const reply = await queryDates({ from: '2026-03-01 10:00', to: '2026-03-01 10:01' });
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.found(2) });
		expect(reply.body?.data.map((record) => record.wolkvox_fecha_creacion)).toEqual(['2026-03-01 10:00:59', '2026-03-01 10:01:00']);
		expect(reply.body?.data[0]).toMatchObject({ wolkvox_id: emulator.contacts[0].wolkvoxId, namecontact: 'Cliente Ejemplo' });
	});

	test('lists a contact created through custom/insert.php this minute', async () => {
		const inserted = await postJson(PATHS.customInsert, { operation: 'testmodule', module: 'contacts', fields: { namecontact: 'Nueva' } });
		const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
		const reply = await queryDates({ from: now, to: now });
		expect(reply.body?.data.map((record) => record.wolkvox_id)).toContain((inserted.body?.data as unknown as { wolkvox_id: string }).wolkvox_id);
	});

	test('answers no record with "0 records were are found"', async () => {
		const reply = await queryDates({ from: '2020-01-01 00:00', to: '2020-01-01 23:59' });
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.found(0), data: [] });
	});

	test('keeps the first `limit` records', async () => {
		createdAt('2026-03-01 10:00:00', '2026-03-01 10:00:10', '2026-03-01 10:00:20');
		const reply = await queryDates({ from: '2026-03-01 10:00', to: '2026-03-01 10:00', limit: 2 });
		expect(reply.body?.data).toHaveLength(2);
		expect(reply.body?.data[1].wolkvox_id).toBe(emulator.contacts[1].wolkvoxId);
	});

	test.each([
		['no `date`', { date: undefined }, GUESSED_ERRORS.dateMustBeTrue],
		['`date` as the text "true"', { date: 'true' }, GUESSED_ERRORS.dateMustBeTrue],
		['no `from`', { from: undefined }, ERRORS.parametersRequired],
		['a `to` with seconds', { to: '2026-01-05 09:30:00' }, GUESSED_ERRORS.invalidDateRange],
		['an ISO `from`', { from: '2026-01-05T09:30' }, GUESSED_ERRORS.invalidDateRange],
		['an impossible day', { from: '2026-02-30 09:30', to: '2026-03-01 00:00' }, GUESSED_ERRORS.invalidDateRange],
		['`from` after `to`', { from: '2026-01-05 09:31' }, GUESSED_ERRORS.invalidDateRange],
		['a limit of 0', { limit: 0 }, GUESSED_ERRORS.invalidDatesLimit],
		['a limit as text', { limit: '10' }, GUESSED_ERRORS.invalidDatesLimit],
		['another module', { module: 'leads' }, unknownModule('leads')],
	])('refuses %s', async (_, extra, error) => {
		refused(await queryDates(extra), 400, error);
	});
});
