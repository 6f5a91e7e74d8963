/**
 * The contract actions recorded during performance (rules §5; DFARS 204.7503(c)–(d), 217.207(c)):
 * option exercise, period extension and UIDs added during performance, as one table. Each is
 * checked against the contract's level, CAGE and NIST terms, previewed, and recorded as the
 * foundation's immutable verification (`recordVerification`) with its change to the contract file
 * in the same transaction.
 */
import { contractUids, contractVerifications } from '../../db/schema.js';
import { distinctUids } from '../domain/eligibility.js';
import { isUid } from '../domain/identifiers.js';
import type { Purpose } from '../domain/levels.js';
import type { Actor } from './actor.js';
import { check, recordVerification, type CheckInput, type RecordedVerification, type WithinRecording } from './checks.js';
import type { ServiceContext } from './context.js';
import { currentEndOf, getContract, nextOptionOf, type Contract, type ContractRow, type OptionPeriodView } from './contracts.js';
import { invalid } from './errors.js';
import type { CheckDatesInput, ExtensionVerificationInput, NewUidVerificationInput, OptionVerificationInput } from './inputs.js';

/** The check of a contract action: the contract's level, CAGE and NIST terms, on the given date. */
export function contractCheckInput(c: ContractRow, purpose: Exclude<Purpose, 'AWARD'>, uids: string[], dates: CheckDatesInput, defaultUntil: string | null): CheckInput {
  return {
    purpose,
    requiredLevel: c.requiredLevel,
    asOf: dates.asOf ?? null,
    uids,
    offerorCage: c.cage,
    lookAheadUntil: dates.lookAheadUntil ?? defaultUntil,
    nist: c.nistApplies ? { cages: [c.cage], maxAgeDays: c.nistMaxAgeDays } : null,
    contractNumber: c.number,
  };
}

const contractUidList = (c: Contract) => c.uids.map((u) => u.uid);

/** For an option, lapses are looked for up to the following option's start, else this option's end. */
export function optionLookAhead(c: Contract, periodId: number): string | null {
  const i = c.optionPeriods.findIndex((p) => p.id === periodId);
  if (i < 0) return null;
  return c.optionPeriods[i + 1]?.startDate ?? c.optionPeriods[i].endDate;
}

function optionPeriodOf(c: Contract, id: number): OptionPeriodView {
  const p = c.optionPeriods.find((x) => x.id === id);
  if (!p) throw invalid('No such option period on this contract', [{ path: 'optionPeriodId', message: 'Choose an option period of this contract' }]);
  return p;
}

/** The verifications recorded during performance (rules §5 purposes other than award). */
export type ContractPurpose = Exclude<Purpose, 'AWARD'>;
interface ContractActionInputs {
  OPTION: OptionVerificationInput;
  EXTENSION: ExtensionVerificationInput;
  NEW_UID: NewUidVerificationInput;
}
export type ContractActionInput = ContractActionInputs[ContractPurpose];

type Tx = Parameters<WithinRecording>[0];

/** What differs between the contract actions; the check, its preview and its recording are shared. */
interface ContractAction<P extends ContractPurpose> {
  /** Refuses what cannot be checked (422), before anything is evaluated. */
  validate?: (c: Contract, input: ContractActionInputs[P]) => void;
  /** The UIDs checked. */
  uids: (c: Contract, input: ContractActionInputs[P]) => string[];
  /** The look-ahead date when the officer gives none. */
  lookAhead: (c: Contract, input: ContractActionInputs[P], today: string) => string | null;
  /** The DFARS 217.207(c)(1) SAM attestations the officer records with the check, if the action has them. */
  sam?: (input: ContractActionInputs[P]) => CheckInput['sam'];
  /** How the contract file changes, in the transaction that records the verification. */
  onRecord: (tx: Tx, c: Contract, input: ContractActionInputs[P], verificationId: string, today: string) => Promise<void>;
}

const CONTRACT_ACTIONS: { [P in ContractPurpose]: ContractAction<P> } = {
  /** DFARS 204.7503(c), 217.207(c): option exercise, with the officer's SAM attestations. */
  OPTION: {
    uids: contractUidList,
    lookAhead: (c, input) => optionLookAhead(c, optionPeriodOf(c, input.optionPeriodId).id),
    sam: (input) => input.sam,
    onRecord: async (tx, c, input, verificationId) => {
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'OPTION', optionPeriodId: input.optionPeriodId });
    },
  },
  /**
   * DFARS 204.7503(c): extending the period of performance needs a current status. The SAM
   * attestations of 217.207(c)(1) are recorded for extensions too (issue 3 scope); a "no" fails it.
   */
  EXTENSION: {
    validate: (c, input) => {
      if (input.extendedTo <= currentEndOf(c))
        throw invalid('The extension cannot be recorded', [{ path: 'extendedTo', message: `The new end must be after the current end of performance (${currentEndOf(c)})` }]);
    },
    uids: contractUidList,
    lookAhead: (_c, input) => input.extendedTo,
    sam: (input) => input.sam,
    onRecord: async (tx, c, input, verificationId) => {
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'EXTENSION', extendedTo: input.extendedTo });
    },
  },
  /**
   * DFARS 204.7503(d): UIDs the contractor adds during performance are checked and recorded. They
   * join the contract's UID list whatever the verdict (the contractor said those systems handle
   * FCI/CUI), so later option checks and the watch list keep seeing them.
   */
  NEW_UID: {
    validate: (c, input) => {
      const held = new Set(contractUidList(c));
      const again = distinctUids(input.uids).uids.filter((u) => held.has(u));
      if (again.length) throw invalid('The new UIDs cannot be checked', [{ path: 'uids', message: `Already on this contract: ${again.join(', ')}` }]);
    },
    uids: (_c, input) => input.uids,
    lookAhead: (c, input, today) => nextOptionOf(c, input.asOf ?? today)?.startDate ?? null,
    onRecord: async (tx, c, input, verificationId, today) => {
      const addedOn = input.asOf ?? today;
      const fresh = distinctUids(input.uids).uids.filter(isUid);
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'NEW_UID' });
      if (fresh.length) await tx.insert(contractUids).values(fresh.map((uid) => ({ contractId: c.id, uid, source: 'NEW_UID' as const, addedOn, verificationId })));
    },
  },
};

function actionCheckInput<P extends ContractPurpose>(c: Contract, purpose: P, input: ContractActionInputs[P], today: string): CheckInput {
  const action: ContractAction<P> = CONTRACT_ACTIONS[purpose];
  action.validate?.(c, input);
  const base = contractCheckInput(c, purpose, action.uids(c, input), input, action.lookAhead(c, input, today));
  return action.sam ? { ...base, sam: action.sam(input) } : base;
}

/** The check of a contract action as it would be recorded now, without recording it. */
export async function previewContractAction<P extends ContractPurpose>(ctx: ServiceContext, actor: Actor, contractId: number, purpose: P, input: ContractActionInputs[P]) {
  const c = await getContract(ctx, actor, contractId);
  const checked = actionCheckInput(c, purpose, input, ctx.clock.today());
  return { answer: await check(ctx, actor, checked), lookAheadUntil: checked.lookAheadUntil ?? null };
}

/** Records the verification of a contract action and changes the contract file with it, atomically. */
export async function recordContractAction<P extends ContractPurpose>(ctx: ServiceContext, actor: Actor, contractId: number, purpose: P, input: ContractActionInputs[P]): Promise<RecordedVerification> {
  const c = await getContract(ctx, actor, contractId);
  const today = ctx.clock.today();
  const action: ContractAction<P> = CONTRACT_ACTIONS[purpose];
  return recordVerification(ctx, actor, actionCheckInput(c, purpose, input, today), (tx, verificationId) => action.onRecord(tx, c, input, verificationId, today));
}
