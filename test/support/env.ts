// n8n-core reads these when it is first loaded: import this module before anything from n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const userFolder = mkdtempSync(join(tmpdir(), 'wolkvox-n8n-'));
export const binaryDataPath = join(userFolder, 'binaryData');
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = 'wolkvox-tests-encryption-key';
process.env.N8N_BINARY_DATA_STORAGE_PATH = binaryDataPath;
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
