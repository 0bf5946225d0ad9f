// Opens a case straight through a running emulator's API, as another wolkvox client would: the
// case that the sync e2e attaches to, that the trigger e2e watches, that the benchmark updates.
// `emulator` is the address line the emulator prints ({url, operation, token}).

/** Resolves with the new case's wolkvox_id; throws with the emulator's answer if it refused. */
export async function openCase(emulator, { description, contact = 'cliente@example.com', status = 'open', priority = 'low' }) {
	const form = new FormData();
	const fields = {
		operation: emulator.operation,
		'case-type': 'Request',
		responsible: 'ADMIN_@testmodule',
		owner: 'AGENT1_@testmodule',
		contact,
		description,
		status,
		priority,
	};
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	const response = await fetch(`${emulator.url}/server/API/v2/cases/insert.php`, { method: 'POST', headers: { 'wolkvox-token': emulator.token }, body: form });
	const envelope = await response.json();
	if (Number(envelope.code) !== 200) throw new Error(`the emulator did not open the case: ${JSON.stringify(envelope)}`);
	return envelope.data.wolkvox_id;
}
