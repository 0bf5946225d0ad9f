/**
 * The wolkvox CRM Cases API contract. Each value says where it comes from: [doc] a vendor page,
 * [code] public client code that talks to the real server, GUESS nobody says it (those live here
 * so a better guess changes one line). CONTRACT.md lists every rule with where it is enforced.
 */

export const API_PREFIX = '/server/API/v2/';

export const PATHS = {
	info: 'token/tokenInformation.php',
	insert: 'cases/insert.php',
	updateCaseAttachment: 'cases/updateCaseAttachment.php',
	update: 'cases/update.php',
	insertAttach: 'cases/insertAttach.php',
	queryCases: 'cases/queryCases.php',
	listHistoryNote: 'cases/listHistoryNote.php',
	/** [doc] contacts (and other modules) go through the generic custom/ endpoints */
	customInsert: 'custom/insert.php',
	customUpdate: 'custom/update.php',
	customQuery: 'custom/query.php',
} as const;

/** [doc] Extensions accepted by insert.php, verbatim from the vendor (wap/bpm are probably vendor typos). */
export const ALLOWED_EXTENSIONS: readonly string[] = [
	'xlsx', 'csv', 'pdf', 'jpg', 'png', 'docx', 'mp4', 'mp3', 'wmv', 'wma', 'wap',
	'doc', 'jpeg', 'avi', 'bmp', 'bpm', 'mov', 'tiff', 'zip', '7z', 'rar',
];

/** [doc] */
export const STANDARD_CASE_TYPES: readonly string[] = ['Request', 'Complaints', 'Claims', 'Suggestions'];

/** [doc] insert.php's required fields. */
export const INSERT_REQUIRED = [
	'operation', 'case-type', 'responsible', 'owner', 'contact', 'description', 'status', 'priority',
] as const;

/** updateCaseAttachment.php: [doc] the seed's table; GUESS: which of them are required (attachments is not). */
export const UPDATE_REQUIRED = ['operation', 'wolkvox-id', 'responsible', 'status'] as const;

/** Fields of updateCaseAttachment.php [doc: the seed's example body] that must be JSON strings when present (GUESS). */
export const UPDATE_STRING_FIELDS = [
	...UPDATE_REQUIRED, 'priority', 'case-type', 'owner', 'contact', 'description', 'solution',
] as const;

/** GUESS: update.php (multipart) requires what updateCaseAttachment.php requires. */
export const UPDATE_MULTIPART_REQUIRED = UPDATE_REQUIRED;

/** Fields of insertAttach.php (raw JSON) that must be JSON strings when present (GUESS). */
export const INSERT_ATTACH_STRING_FIELDS = [...INSERT_REQUIRED, 'solution'] as const;

/** [doc] */
export const QUERY_REQUIRED = ['operation', 'field', 'value'] as const;

/**
 * [doc] The `field` values queryCases.php takes, verbatim as the vendor lists them (query-cases-en);
 * enforced in queryCases.ts, which refuses any other value with 400 (the text is a GUESS).
 */
export const QUERY_FIELDS = [
	'status', 'priority', 'email contact', 'name contact', 'contact wolkvox id', 'contact identification',
	'contact phone', 'description', 'idCase', 'idPrefijo', 'companyName', 'company name', 'company id', 'prefix',
	'reopened', 'responsible name', 'responsible user', 'responsible id', 'owner name', 'owner user', 'owner id',
	'solution', 'wolkvox-id', 'type case', 'case expired', 'reason',
] as const;

export type QueryField = (typeof QUERY_FIELDS)[number];

export const HISTORY_REQUIRED = ['operation', 'field', 'value'] as const;

/**
 * [doc] listHistoryNote.php's `field` is "the field from the cases module" to find the notes by, the
 * example being "type case" (query-notes-history); GUESS: it takes queryCases.php's list.
 */
export const HISTORY_FIELDS = QUERY_FIELDS;

/** GUESS: listHistoryNote.php's limit when absent, and its maximum. */
export const HISTORY_DEFAULT_LIMIT = 10;
export const HISTORY_MAX_LIMIT = 100;

/** [doc] the module contacts live in; other modules (leads, custom ones) are not emulated and are refused. */
export const CONTACTS_MODULE = 'contacts';

/** [doc] custom/insert.php: operation, module and `fields` (an object; insertMany.php takes a list). */
export const CUSTOM_INSERT_REQUIRED = ['operation', 'module'] as const;
/** [doc] custom/update.php: operation, module, wolkvox-id and the `fields` that change. */
export const CUSTOM_UPDATE_REQUIRED = ['operation', 'module', 'wolkvox-id'] as const;
/** [doc] custom/query.php: operation, module, field, value (exact match). */
export const CUSTOM_QUERY_REQUIRED = ['operation', 'module', 'field', 'value'] as const;
/** [guess] the fields a new contact must have (the CRM's form requires a name; nothing is published). */
export const CONTACT_REQUIRED_FIELDS = ['namecontact'] as const;

/** [doc] The vendor's platform-wide error table (api-response-codes). */
export const ERRORS = {
	apiDoesNotExist: 'THE API YOU WANT TO CONSULT DOES NOT EXIST',
	parametersRequired: 'SOME PARAMETERS ARE REQUIRED',
	enterToken: 'PLEASE ENTER THE WOLKVOX-TOKEN',
	tokenLimitExceeded: 'TOKEN LIMIT EXCEEDED',
	simultaneousLimit: 'EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN',
	validateToken: 'PLEASE VALIDATE TOKEN',
} as const;

/** GUESS: the vendor lists 404/405 without texts; the rest are ours. */
export const GUESSED_ERRORS = {
	methodNotAllowed: 'METHOD NOT ALLOWED',
	recordNotFound: 'RECORD NOT FOUND',
	/** a query that found nothing, when the emulator's zeroResults is 'notFound' */
	nothingFound: 'NOT FOUND',
	bodyMustBeFormData: 'THE BODY MUST BE FORM-DATA (multipart/form-data)',
	bodyMustBeJson: 'THE BODY MUST BE RAW JSON (Content-Type: application/json)',
	malformedMultipart: 'MALFORMED FORM-DATA BODY',
	invalidJson: 'THE BODY IS NOT A VALID JSON OBJECT',
	formNotObject: 'THE FORM FIELD MUST BE A JSON OBJECT',
	attachmentsNotArray: 'ATTACHMENTS MUST BE AN ARRAY OF BASE64 STRINGS',
	solutionRequired: 'THE SOLUTION IS REQUIRED FOR A CLOSED STATUS',
	/** documented: listHistoryNote.php needs an "External" token; the text is ours */
	tokenMustBeExternal: 'THE TOKEN MUST BE OF TYPE EXTERNAL',
	invalidLimit: `THE LIMIT MUST BE AN INTEGER FROM 1 TO ${HISTORY_MAX_LIMIT}`,
	fieldsNotObject: 'FIELDS MUST BE A JSON OBJECT',
	noFieldsToUpdate: 'FIELDS MUST NAME AT LEAST ONE FIELD',
} as const;

/** [guess] texts of the custom/*.php refusals (none is published). */
export const unknownModule = (module: string): string => `THE MODULE "${module}" DOES NOT EXIST`;
export const unknownModuleField = (field: string, module: string): string =>
	`THE FIELD "${field}" DOES NOT EXIST IN THE MODULE "${module}"`;
export const invalidFieldValue = (field: string, expected: string): string => `INVALID VALUE FOR "${field}": ${expected}`;
export const duplicateUniqueValue = (field: string, value: string): string => `THE VALUE "${value}" OF "${field}" ALREADY EXISTS`;

/** GUESS: the texts of the refusals below; the vendor publishes none of them. */
export const invalidParameterType = (field: string): string => `INVALID PARAMETER TYPE: ${field}`;
export const invalidAttachment = (index: number): string => `INVALID BASE64 IN attachments[${index}]`;
export const extensionNotAllowed = (fileName: string): string =>
	`FILE EXTENSION NOT ALLOWED: "${fileName}" (allowed: ${ALLOWED_EXTENSIONS.join(', ')})`;
export const doesNotExist = (field: string, value: string): string =>
	`THE ${field.toUpperCase()} "${value}" DOES NOT EXIST`;
/** GUESS: a field name queryCases.php / listHistoryNote.php does not search by. */
export const invalidSearchField = (field: string, allowed: readonly string[]): string =>
	`THE FIELD "${field}" IS NOT VALID (allowed: ${allowed.join(', ')})`;
export const doesNotExistForType = (field: string, value: string, caseType: string): string =>
	`THE ${field.toUpperCase()} "${value}" DOES NOT EXIST FOR CASE TYPE "${caseType}"`;

/** Success messages, with the vendor's typo kept on purpose: created and updated [doc] (seeds). */
export const SUCCESS = {
	created: 'Succesfully create record',
	updated: 'Succesfully update record',
	/** GUESS: the token endpoint's msg is not documented. */
	info: 'Token information',
	/** [doc, code] "N records were are found" (sic); public clients test "0 records were are found". */
	found: (count: number): string => `${count} records were are found`,
} as const;

/** GUESS: the notes the emulator writes into a case's history (the vendor's texts are unknown). */
export const HISTORY_NOTES = {
	created: 'Case created',
	/** one note per update listing what changed, e.g. "status: open → closed; solution: (empty) → Done." */
	changed: (changes: ReadonlyArray<{ field: string; before?: string; after: string }>): string =>
		changes.map(({ field, before, after }) => `${field}: ${before ?? '(empty)'} → ${after}`).join('; '),
	/** an update that changed no field and attached no file */
	unchanged: 'Case updated, no changes',
	filesAttached: (count: number): string => (count === 1 ? '1 file attached' : `${count} files attached`),
} as const;

/** [doc] the example quota (token articles) and the documented limit of simultaneous requests. */
export const DEFAULT_DAILY_QUOTA = 4800;
export const DEFAULT_MAX_SIMULTANEOUS = 2;
