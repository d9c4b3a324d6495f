import { showDialog } from 'vant';
import { asApiError } from '../shared/api';

/** A refusal from the platform as a dialog: its message, the detail (which field, why) and the remedy. */
export async function showApiError(e: unknown): Promise<void> {
  const err = asApiError(e);
  await showDialog({ title: err.message, message: [err.detail, err.remedy].filter(Boolean).join('\n'), confirmButtonText: '知道了' });
}

/** A form the staff member has not finished: says what is missing, changes nothing. */
export async function showHint(title: string, message: string): Promise<void> {
  await showDialog({ title, message, confirmButtonText: '知道了' });
}
