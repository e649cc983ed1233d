// The words for a delivery's status (Postfix's status=, the mailbox server's outcome) in the
// user's language. The status itself (`status=bounced`, a --json value) stays Postfix's word.
import { l10n } from './l10n';

export function statusWord(status: string): string {
  switch (status) {
    case 'sent':
      return l10n.t('sent');
    case 'delivered':
      return l10n.t('delivered');
    case 'deliverable':
      return l10n.t('deliverable');
    case 'deferred':
      return l10n.t('deferred');
    case 'bounced':
      return l10n.t('bounced');
    case 'expired':
      return l10n.t('expired');
    case 'undeliverable':
      return l10n.t('undeliverable');
    case 'overquota':
      return l10n.t('overquota');
    case 'unknown-user':
      return l10n.t('unknown-user');
    case 'rejected':
      return l10n.t('rejected');
    case 'reject':
      return l10n.t('reject');
    case 'duplicate':
      return l10n.t('duplicate');
    default:
      return status;
  }
}
