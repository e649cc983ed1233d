import { shape } from './format';

// What the mailbox server logs when a mailbox changes (investigate/mailboxChanges.ts): the message
// after `logger - ` of mailop, purge, filter and security entries, and the SOAP request in a thread.

/** mailop: `Deleting ...`, `Moving ...`, `Emptying ...`, `Purging ...`; group 1 is what, without the final period. */
export const mailopDeleting = shape('mailop-deleting', 'Items deleted', /^Deleting (.*?)\.?$/, { 'Deleting Message (id=257).': { 1: 'Message (id=257)' } }, ['Moving Message (id=257) to Folder Trash (id=3).']);
export const mailopMoving = shape('mailop-moving', 'Items moved to another folder', /^Moving (.*?)\.?$/, { 'Moving Message (id=257) to Folder Trash (id=3).': { 1: 'Message (id=257) to Folder Trash (id=3)' } }, ['Deleting Message (id=257).']);
export const mailopEmptying = shape('mailop-emptying', 'A folder emptied', /^Emptying (.*?)\.?$/, { 'Emptying 12 items from Trash (id=3), removeSubfolders=true.': { 1: '12 items from Trash (id=3), removeSubfolders=true' } }, ['Purging 3 items.']);
export const mailopPurging = shape('mailop-purging', 'Items purged', /^Purging (.*?)\.?$/, { 'Purging 3 items from Junk (id=4).': { 1: '3 items from Junk (id=4)' } }, ['Emptying 12 items from Trash (id=3).']);
/** purge: `Purging ...` (the message whole, without its final period). */
export const purgeMessage = shape('purge-message', 'The purge thread removed old items', /^Purging /, { 'Purging messages older than 30 days from Trash.': {} }, ['Deleting Message (id=257).']);
export const finalPeriod = shape('final-period', 'The period that ends a message', /\.$/, { 'Purging messages from Trash.': { 0: '.' } }, ['Purging messages from Trash']);
/** filter: `Redirecting message to ADDRESS.` */
export const filterRedirecting = shape('filter-redirecting', 'A filter rule redirected a message', /^Redirecting message to (.*?)\.?$/, { 'Redirecting message to evil@other.org.': { 1: 'evil@other.org' } }, ['Moving Message (id=257) to Folder Trash (id=3).']);
/** security: account and password changes, delegated logins; group 2 is the rest of the entry. */
export const securityChange = shape('security-change', 'An account change, a password change or a delegated login', /^cmd=(ModifyAccount|SetPassword|ChangePassword|DelegateAuth); (.*)$/, {
  'cmd=ModifyAccount; name=bob@example.com; zimbraPrefMailForwardingAddress=evil@other.org;': { 1: 'ModifyAccount', 2: 'name=bob@example.com; zimbraPrefMailForwardingAddress=evil@other.org;' },
}, ['cmd=Auth; account=bob@example.com; protocol=soap;']);
export const finalSemicolon = shape('final-semicolon', 'The semicolon (and spaces) that end a security entry', /;\s*$/, { 'name=bob@example.com;': { 0: ';' } }, ['name=bob@example.com']);
/** The SOAP request in a thread name (`qtp...:https://host/service/soap/ModifyPrefsRequest`). */
export const changeRequest = shape('change-request', 'A SOAP request that changes filters, preferences or the account', /\/(ModifyFilterRules|ModifyOutgoingFilterRules|ModifyPrefs|ModifyAccount)Request\b/, {
  'qtp1-131:https://192.0.2.21/service/soap/ModifyPrefsRequest': { 1: 'ModifyPrefs' },
}, ['qtp1-131:https://192.0.2.21/service/soap/GetPrefsRequest']);
/** `Folder ` before a folder's name in a move. */
export const folderWord = shape('folder-word', 'The word before the folder a move went to', /^Folder /, { 'Folder Trash (id=3)': { 0: 'Folder ' } }, ['Trash (id=3)']);
