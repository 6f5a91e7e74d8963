/** Recovery codes, shown once after a first second factor (or new ones asked for). */
import { SlimAlert } from '../../components/alerts.js';
import { RecoveryCodeList, SignInStep } from '../../components/second-factor.js';

export function RecoveryCodesPage({ codes, next, added }: { codes: string[]; next: string; added: string | null }) {
  return (
    <SignInStep heading="Save your recovery codes">
      <SlimAlert type="success" text={added} />
      <RecoveryCodeList codes={codes} />
      <p>
        <a class="usa-button" href={next}>
          I saved them: continue
        </a>
      </p>
    </SignInStep>
  );
}
