/** One recorded flowdown check: immutable, with who decided and when; prints as the file record. */
import type { PresentedFlowdownCheck } from '../../../src/services/flowdown.js';
import { Notice } from '../../components/alerts.js';
import { FlowdownDecisionPanel } from '../../components/flowdown.js';

export function FlowdownCheckPage({ check, own, notice }: { check: PresentedFlowdownCheck; own: boolean; notice?: string | null }) {
  return (
    <>
      <Notice text={notice} class="ag-noprint" />
      <h1>
        Flowdown check: {check.subcontractor.name} under {check.primeContractNumber}
      </h1>
      <p>
        Recorded {check.decidedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} by {check.decidedBy}
        {own ? '' : ` for prime CAGE ${check.primeCage}, a lower tier that shared it with you through an attestation`}. Check{' '}
        <span class="ag-mono">{check.id}</span>. This record is immutable.
      </p>
      <FlowdownDecisionPanel check={check} />
      <p class="ag-noprint margin-top-4">
        <a href="/flowdown">Back to the register</a> · <a href="/flowdown/tree">Tree across tiers</a> · To print this record use your browser's print command: the
        page prints without navigation.
      </p>
    </>
  );
}
