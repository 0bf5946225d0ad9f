import { GUESSED_ERRORS, STANDARD_CASE_TYPES, doesNotExist, doesNotExistForType } from './contract';

/** What an operation has already configured in its CRM; the API only references these. */
export type StatusCondition = 'Open' | 'Closed';

export interface CaseTypeConfig {
	/** status name → its condition */
	statuses: Record<string, StatusCondition>;
	priorities: string[];
}

export interface Directory {
	/** "Wolkvox Email" of each user, form USER@operation */
	users: string[];
	/** contact e-mails */
	contacts: string[];
	/** every valid case type (standard and custom) → its statuses and priorities */
	caseTypes: Record<string, CaseTypeConfig>;
}

/**
 * [doc] Since release 20251103 a case has one of four states: Abierto, Cerrado, En espera,
 * Solucionado; the vendor's examples also use `open` (kept with `closed` for the tests).
 * GUESS: Solucionado has the condition "Closed" (so it needs a solution; the page does not say):
 * the stricter guess, since sending a solution the server does not need costs nothing.
 */
export const CASE_STATES: Record<string, StatusCondition> = {
	Abierto: 'Open',
	'En espera': 'Open',
	Cerrado: 'Closed',
	Solucionado: 'Closed',
};

export function defaultDirectory(operation = 'testmodule'): Directory {
	const perType = (): CaseTypeConfig => ({
		statuses: { open: 'Open', closed: 'Closed', ...CASE_STATES },
		priorities: ['low', 'medium', 'high', 'baja', 'media', 'alta'],
	});
	const caseTypes: Record<string, CaseTypeConfig> = {};
	for (const type of [...STANDARD_CASE_TYPES, 'Incidente']) caseTypes[type] = perType();
	return {
		users: ['ADMIN_', 'AGENT1_', 'AGENT2_'].map((user) => `${user}@${operation}`),
		contacts: ['cliente@example.com', 'maría.núñez@example.com', 'ops@example.com'],
		caseTypes,
	};
}

/** The directory-backed fields of a case; undefined means "not sent". */
export interface CaseReferences {
	caseType: string;
	status: string;
	responsible?: string;
	owner?: string;
	contact?: string;
	priority?: string;
	solution?: string;
}

/**
 * Returns the error text for the first reference that does not exist, or undefined.
 * [doc] users, contact, status and priority must already exist (status and priority for the case
 * type), and a "Closed" status needs a solution. GUESS: the order of the checks, their texts, and
 * exact (case-sensitive) matching: a strict emulator makes a sloppy client fail here, not in production.
 */
export function checkReferences(directory: Directory, refs: CaseReferences): string | undefined {
	for (const field of ['responsible', 'owner'] as const) {
		const user = refs[field];
		if (user !== undefined && !directory.users.includes(user)) return doesNotExist(field, user);
	}
	if (refs.contact !== undefined && !directory.contacts.includes(refs.contact)) {
		return doesNotExist('contact', refs.contact);
	}
	if (!Object.hasOwn(directory.caseTypes, refs.caseType)) return doesNotExist('case-type', refs.caseType);
	const type = directory.caseTypes[refs.caseType];
	if (!Object.hasOwn(type.statuses, refs.status)) {
		return doesNotExistForType('status', refs.status, refs.caseType);
	}
	if (refs.priority !== undefined && !type.priorities.includes(refs.priority)) {
		return doesNotExistForType('priority', refs.priority, refs.caseType);
	}
	if (type.statuses[refs.status] === 'Closed' && !isFilled(refs.solution)) {
		return GUESSED_ERRORS.solutionRequired;
	}
	return undefined;
}

export function isFilled(value: string | undefined): value is string {
	return value !== undefined && value.trim() !== '';
}
