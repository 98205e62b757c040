// "Test connection" on a saved vendor: signs in there and says ok (as whom) or what is wrong,
// by class (bad_credentials, unreachable, ...) and in the vendor's own words.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { VendorCheckDto } from '../../lib/backend';
import { useI18n } from '../../lib/i18n';
import { say } from '../../lib/messages';
import { FormError } from '../../lib/ui';
import { checkClassLabel, vendorKeys } from './shared';

/** "Test connection" on a saved vendor: ok with who we are there, or the class and the words. */
export function VendorTest({ vendorId }: { vendorId: number }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const test = useMutation({
    mutationFn: () => backend.testVendor(vendorId),
    onSettled: () => void qc.invalidateQueries({ queryKey: vendorKeys.list }),
  });
  return (
    <div className="vendor-test">
      <button type="button" className="btn btn-small" data-testid={`vendor-test-${vendorId}`} disabled={test.isPending} onClick={() => test.mutate()}>
        {test.isPending ? t('vendors.testing') : t('vendors.test')}
      </button>
      {test.data ? <CheckResult vendorId={vendorId} check={test.data} /> : null}
      <FormError error={test.error} />
    </div>
  );
}

function CheckResult({ vendorId, check }: { vendorId: number; check: VendorCheckDto }) {
  const { t } = useI18n();
  return (
    <div
      className={check.ok ? 'check-ok' : 'form-error'}
      role="status"
      data-testid={`vendor-test-result-${vendorId}`}
      data-class={check.class}
    >
      <strong>{check.ok ? t('vendors.testOk') : t('vendors.testFailed', { what: checkClassLabel(t, check.class) })}</strong>{' '}
      {check.ok ? null : <code className="check-class">{check.class}</code>}
      <div className="check-message">{say(check.msg)}</div>
    </div>
  );
}
