import { GUESSED_ERRORS, STANDARD_CASE_TYPES, doesNotExist, doesNotExistForType } from './contract';
import type { ContactFieldType } from './contactFields';
import { findContactByEmail, seedContact } from './contactStore';
import type { StoredContact } from './types';

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
	/** the contacts module's records: the store custom/*.php write and read, and cases refer to by e-mail */
	contacts: StoredContact[];
	/** the contacts module's custom fields, by their label in the CRM → their type */
	contactFields: Record<string, ContactFieldType>;
	/** [doc: a field can be made "Unique"] whether this operation made emailcontact unique; default not */
	uniqueContactEmail?: boolean;
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
		contacts: [
			seedContact('Cliente Ejemplo', 'cliente@example.com'),
			seedContact('María Núñez', 'maría.núñez@example.com'),
			seedContact('Operaciones', 'ops@example.com'),
		],
		contactFields: {
			Ciudad: 'text',
			'Fecha de nacimiento': 'date',
			Puntos: 'number',
			'Teléfono móvil': 'telephone',
			Dirección: 'address',
			Saldo: 'currency',
			Empresa: 'search',
			Productos: 'table',
		},
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
	// [guess] the server refuses a case whose contact does not exist; [doc] says only that contacts
	// "must exist before the case" (what it answers otherwise is not published).
	if (refs.contact !== undefined && !findContactByEmail(directory, refs.contact)) {
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
