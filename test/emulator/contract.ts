/**
 * The wolkvox CRM Cases API contract as the vendor documents it (see
 * /work/shared/seeds and wolkvox-api.md). Texts marked GUESS are not
 * documented anywhere; they live here so a better guess changes one line.
 */

export const API_PREFIX = '/server/API/v2/';

export const PATHS = {
	info: 'token/tokenInformation.php',
	insert: 'cases/insert.php',
	updateCaseAttachment: 'cases/updateCaseAttachment.php',
} as const;

/** Extensions accepted by insert.php, verbatim from the vendor (wap/bpm are probably vendor typos). */
export const ALLOWED_EXTENSIONS: readonly string[] = [
	'xlsx', 'csv', 'pdf', 'jpg', 'png', 'docx', 'mp4', 'mp3', 'wmv', 'wma', 'wap',
	'doc', 'jpeg', 'avi', 'bmp', 'bpm', 'mov', 'tiff', 'zip', '7z', 'rar',
];

export const STANDARD_CASE_TYPES: readonly string[] = ['Request', 'Complaints', 'Claims', 'Suggestions'];

export const INSERT_REQUIRED = [
	'operation', 'case-type', 'responsible', 'owner', 'contact', 'description', 'status', 'priority',
] as const;

export const UPDATE_REQUIRED = ['operation', 'wolkvox-id', 'responsible', 'status'] as const;

/** Fields of updateCaseAttachment.php that must be JSON strings when present. */
export const UPDATE_STRING_FIELDS = [
	...UPDATE_REQUIRED, 'priority', 'case-type', 'owner', 'contact', 'description', 'solution',
] as const;

/** The vendor's platform-wide error table. */
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
	bodyMustBeFormData: 'THE BODY MUST BE FORM-DATA (multipart/form-data)',
	bodyMustBeJson: 'THE BODY MUST BE RAW JSON (Content-Type: application/json)',
	malformedMultipart: 'MALFORMED FORM-DATA BODY',
	invalidJson: 'THE BODY IS NOT A VALID JSON OBJECT',
	formNotObject: 'THE FORM FIELD MUST BE A JSON OBJECT',
	attachmentsNotArray: 'ATTACHMENTS MUST BE AN ARRAY OF BASE64 STRINGS',
	solutionRequired: 'THE SOLUTION IS REQUIRED FOR A CLOSED STATUS',
} as const;

export const invalidParameterType = (field: string): string => `INVALID PARAMETER TYPE: ${field}`;
export const invalidAttachment = (index: number): string => `INVALID BASE64 IN attachments[${index}]`;
export const extensionNotAllowed = (fileName: string): string =>
	`FILE EXTENSION NOT ALLOWED: "${fileName}" (allowed: ${ALLOWED_EXTENSIONS.join(', ')})`;
export const doesNotExist = (field: string, value: string): string =>
	`THE ${field.toUpperCase()} "${value}" DOES NOT EXIST`;
export const doesNotExistForType = (field: string, value: string, caseType: string): string =>
	`THE ${field.toUpperCase()} "${value}" DOES NOT EXIST FOR CASE TYPE "${caseType}"`;

/** Success messages, with the vendor's typo kept on purpose. */
export const SUCCESS = {
	created: 'Succesfully create record',
	updated: 'Succesfully update record',
	/** GUESS: the token endpoint's msg is not documented. */
	info: 'Token information',
} as const;

export const DEFAULT_DAILY_QUOTA = 4800;
export const DEFAULT_MAX_SIMULTANEOUS = 2;
